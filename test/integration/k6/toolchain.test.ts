import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { $ } from 'zx';
import { describe, expect, it } from 'vitest';
import { findK6, K6_PINNED_VERSION } from '../../../lib/k6/binary.ts';
import { projectRoot } from '../../../lib/paths.ts';

function nodeOnlyPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-path-'));
  symlinkSync(process.execPath, join(dir, 'node'));
  return dir;
}

describe('k6 toolchain', () => {
  it('finds the pinned k6 that bootstrap installed and reports its version', async () => {
    const k6 = await findK6();
    expect(k6, 'run npm run bootstrap first').toBeDefined();
    expect(k6!.version).toBe(K6_PINNED_VERSION);
    const out = await $({ quiet: true })`${k6!.path} version`;
    expect(out.stdout).toContain(K6_PINNED_VERSION);
  });

  it('fails with install instructions when neither k6 nor Go is available', async () => {
    // PATH holds a folder with nothing but node: no k6, no go. An empty tools folder: no pinned build. Spawned without a
    // shell, so no shell start-up file can put go back on PATH.
    const script = "const { ensureK6 } = await import('./lib/k6/install.ts'); try { await ensureK6(() => {}); } catch (e) { console.error(e.message); console.error(e.hint); process.exit(e.exitCode); }";
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { PATH: nodeOnlyPath(), HOME: process.env.HOME ?? '/tmp', FIREDRILL_TOOLS_DIR: mkdtempSync(join(tmpdir(), 'firedrill-tools-')) },
    });
    expect(result.status, result.stderr).toBe(4);
    expect(result.stderr).toContain('k6 v2 is not installed and Go is not available to build it');
    expect(result.stderr).toContain('brew install k6');
    expect(result.stderr).toContain('https://github.com/grafana/k6/releases');
  });

  it('rejects a K6_BIN that is not k6', async () => {
    const previous = process.env.K6_BIN;
    process.env.K6_BIN = '/bin/false';
    try {
      expect(await findK6()).toBeUndefined();
    } finally {
      if (previous === undefined) delete process.env.K6_BIN;
      else process.env.K6_BIN = previous;
    }
  });
});
