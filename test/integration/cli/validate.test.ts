import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firedrill, hasStackTrace } from '../../support/cli.ts';
import { projectRoot } from '../../../lib/paths.ts';
import { main } from '../../../lib/cli/main.ts';

const INVALID = join(projectRoot, 'test', 'fixtures', 'experiments', 'invalid');
const rel = (name: string) => `test/fixtures/experiments/invalid/${name}`;

/** Each fixture states what validate must say in its first line: `# expect: ...` or `# expect-all: a | b | c`. */
function expectations(name: string): string[] {
  const first = readFileSync(join(INVALID, name), 'latin1').split('\n')[0] ?? '';
  const m = /^# expect(-all)?: (.*)$/.exec(first);
  if (m) return m[2]!.split(' | ').map((e) => `${rel(name)}: ${e}`);
  const special: Record<string, string> = {
    '31-empty.yaml': 'file is empty; an experiment needs at least the required fields',
    '32-only-comments.yaml': 'file is empty',
    '33-binary-garbage.yaml': 'not a text file (binary content)',
  };
  return [`${rel(name)}: ${special[name] ?? 'MISSING EXPECTATION'}`];
}

/** Run the CLI's main() with captured output, as scripts/firedrill.mjs does. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

describe('firedrill validate', () => {
  const fixtures = readdirSync(INVALID).sort();

  it('has at least 25 distinct malformed fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  it('rejects every malformed file with exit 2, the field and the fix, and no stack trace', async () => {
    // The CLI's main() in this process (34 process starts cost half a minute); the next test drives real processes.
    const results = await inBatches(fixtures, 4, async (name) => ({ name, result: await inProcess(['validate', rel(name)]) }));
    for (const { name, result } of results) {
      expect.soft(result.code, `${name}: ${result.stderr}`).toBe(2);
      for (const expected of expectations(name)) expect.soft(result.stderr, name).toContain(expected);
      expect.soft(hasStackTrace(result.stderr + result.stdout), name).toBe(false);
      expect.soft(result.stdout, name).toBe('');
    }
  }, 120_000);

  it('answers malformed files the same way as a real process', async () => {
    for (const name of ['03-bad-hold-duration.yaml', '15-yaml-syntax.yaml', '33-binary-garbage.yaml']) {
      const result = await firedrill(['validate', rel(name)]);
      expect(result.code, name).toBe(2);
      expect(result.stderr).toContain(expectations(name)[0]);
      expect(hasStackTrace(result.stderr + result.stdout)).toBe(false);
    }
  });

  it('rejects a huge file before parsing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-'));
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, `name: huge\ndescription: "${'x'.repeat(2 * 1024 * 1024)}"\n`);
    const result = await firedrill(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: file is 2048 KiB; an experiment file is at most 256 KiB`);
  });

  it('rejects a missing file and an unknown environment with exit 2', async () => {
    const missing = await firedrill(['validate', 'experiments/does-not-exist.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('experiments/does-not-exist.yaml: cannot read the experiment file (ENOENT); check the path');
    const env = await firedrill(['validate', 'experiments/pool-exhaustion.yaml', '--env', 'nowhere']);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('no environment "nowhere"');
    expect(env.stderr).toContain('staging.example.yaml');
  });

  it('accepts every experiment in the library and prints its plan with absolute offsets', async () => {
    const library = readdirSync(join(projectRoot, 'experiments')).filter((f) => f.endsWith('.yaml'));
    expect(library).toContain('pool-exhaustion.yaml');
    for (const name of library) {
      const result = await inProcess(['validate', `experiments/${name}`]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`experiments/${name}: valid`);
    }
    const flagship = await firedrill(['validate', 'experiments/pool-exhaustion.yaml']);
    expect(flagship.stdout).toMatch(/^\s+30s\s+inject small-pool: shrink-db-pool poolMax=1 \(hold 50s\)$/m);
    expect(flagship.stdout).toMatch(/^\s+1m20s\s+restore small-pool$/m);
    expect(flagship.stdout).toContain('sandbox-pool-wait: fires within 1m of small-pool, recovers within 1m of its restore');
  });

  it('validates against another environment file, substituting its variables', async () => {
    const result = await firedrill(['validate', 'experiments/pool-exhaustion.yaml', '--env', 'environments/staging.example.yaml']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('staging-core-api-pool-wait: fires within 1m');
  });
});

describe('firedrill command line', () => {
  it('prints help for every command and exits 0', async () => {
    expect((await firedrill(['run', '--help'])).stdout).toContain('Usage: firedrill run');
    for (const command of ['run', 'validate', 'restore', 'report', 'sandbox', 'demo', 'iam-policy']) {
      const result = await inProcess([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout).toContain(`Usage: firedrill ${command}`);
    }
  });

  it('answers usage errors with exit 2', async () => {
    expect((await firedrill([])).code).toBe(2);
    const unknown = await firedrill(['explode']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "explode"');
    const flag = await firedrill(['validate', 'x.yaml', '--no-such-flag']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--no-such-flag'");
    const missing = await firedrill(['validate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: firedrill validate <experiment.yaml>');
  });

  it('refuses game-day mode in CI (nobody would answer its prompts) before anything starts', async () => {
    const env = { FIREDRILL_STATE_DIR: mkdtempSync(join(tmpdir(), 'firedrill-nosandbox-')) };
    const inCi = await firedrill(['run', 'experiments/pool-exhaustion.yaml', '--interactive'], { env: { ...env, CI: 'true' } });
    expect(inCi.code).toBe(2);
    expect(inCi.stderr).toContain('--interactive is for a person at a terminal, but this is a CI run (CI is set in the environment): drop --interactive, or unset CI');
    const both = await firedrill(['run', 'experiments/pool-exhaustion.yaml', '--interactive', '--ci'], { env: { ...env, CI: '' } });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('drop --interactive, or drop --ci');
    // Refused before the sandbox was started or a run directory made.
    expect(readdirSync(env.FIREDRILL_STATE_DIR)).toEqual([]);
    expect(inCi.stderr + both.stderr).not.toContain('run directory:');
  });
});
