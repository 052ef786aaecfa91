import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { projectRoot, toolsDir } from '../paths.ts';
import { findK6, K6_MAJOR, K6_PINNED_VERSION, toolsK6Path, type K6Binary } from './binary.ts';

export const K6_INSTALL_HELP = [
  'Install k6 v2 yourself and put it on PATH (or set K6_BIN), for example:',
  '  macOS:          brew install k6',
  '  Debian/Ubuntu:  see https://grafana.com/docs/k6/latest/set-up/install-k6/ (apt repository)',
  '  Windows:        winget install k6 --source winget',
  '  any OS:         a release binary from https://github.com/grafana/k6/releases',
  `or install Go (>= 1.25) and run npm run bootstrap to build the pinned ${K6_PINNED_VERSION}.`,
].join('\n');

type Progress = (line: string) => void;

/**
 * Make sure a k6 of the pinned major version is available and return it. Builds the pinned version with Go into
 * the git-ignored tools folder when none is found (about 2 minutes the first time on 2 cores; cached after).
 */
export async function ensureK6(progress: Progress = (l) => console.error(l)): Promise<K6Binary> {
  const found = await findK6();
  if (found) return found;
  if (process.env.K6_BIN) throw new HarnessError(`K6_BIN=${process.env.K6_BIN} does not run as k6`, 'point K6_BIN at a k6 v2 binary or unset it');
  if (!(await hasGo())) throw new HarnessError(`k6 v${K6_MAJOR} is not installed and Go is not available to build it`, K6_INSTALL_HELP);
  await buildPinned(progress);
  const built = await findK6();
  if (!built) throw new HarnessError(`built k6 into ${toolsK6Path()} but it does not run`, K6_INSTALL_HELP);
  progress(`k6 ${built.version} ready at ${built.path}`);
  return built;
}

async function hasGo(): Promise<boolean> {
  return (await runLogged('go', ['version'], {}, undefined, 10_000)) === 0;
}

async function buildPinned(progress: Progress): Promise<void> {
  const bin = dirname(toolsK6Path());
  mkdirSync(bin, { recursive: true });
  const log = join(toolsDir(), 'k6-build.log');
  const env = { GOBIN: bin, GOFLAGS: '-trimpath' };
  progress(`building k6 ${K6_PINNED_VERSION} with Go into ${bin} (first time only; about 2 minutes on 2 cores)`);
  const started = Date.now();
  const heartbeat = setInterval(() => progress(`  still building k6 (${Math.round((Date.now() - started) / 1000)}s)...`), 15_000);
  try {
    // The canonical install. Some module proxies serve no version list for go.k6.io/k6/v2, which makes
    // `go install pkg@version` fail while loading deprecation info; then build inside scripts/k6, a module that
    // pins k6 and every dependency hash in its go.sum (same version, verified, no checksum-database lookup).
    if ((await runLogged('go', ['install', `go.k6.io/k6/v2@${K6_PINNED_VERSION}`], env, log)) === 0) return;
    progress('  go install @version failed here; building from the pinned module in scripts/k6 instead');
    const moduleDir = join(projectRoot, 'scripts', 'k6');
    if ((await runLogged('go', ['install', 'go.k6.io/k6/v2'], env, log, undefined, moduleDir)) === 0) return;
    const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-15).join('\n');
    throw new HarnessError(`building k6 ${K6_PINNED_VERSION} failed (full log: ${log}):\n${tail}`, K6_INSTALL_HELP);
  } finally {
    clearInterval(heartbeat);
  }
}

function runLogged(cmd: string, args: string[], env: Record<string, string>, logFile?: string, timeoutMs = 20 * 60_000, cwd?: string): Promise<number> {
  return new Promise((resolvePromise) => {
    const fd = logFile ? openSync(logFile, 'a') : 'ignore';
    const child = spawn(cmd, args, { cwd: cwd ?? projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (code: number) => {
      clearTimeout(timer);
      if (typeof fd === 'number') closeSync(fd);
      resolvePromise(code);
    };
    child.on('error', () => done(127));
    child.on('exit', (code) => done(code ?? 1));
  });
}
