// CPU seconds a k6 process used, measured by GNU time around it. On a shared machine throughput swings with the
// neighbours' load; CPU per request barely does, and at saturation throughput is inversely proportional to it,
// so the benchmark reports both.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TimedK6 {
  /** Use this instead of the k6 binary: same arguments and exit code (GNU time ignores SIGINT: stop via REST). */
  path: string;
  /** User + system CPU seconds of the k6 process once it has exited. */
  cpuSeconds(): number;
}

export const GNU_TIME = '/usr/bin/time';

export function gnuTimeAvailable(): boolean {
  return existsSync(GNU_TIME);
}

export function timedK6(k6Path: string, dir: string): TimedK6 {
  const output = join(dir, 'k6-cpu.txt');
  const path = join(dir, 'k6-timed.sh');
  writeFileSync(path, `#!/bin/sh\nexec ${GNU_TIME} -f '%U %S' -o '${output}' '${k6Path}' "$@"\n`);
  chmodSync(path, 0o755);
  return {
    path,
    cpuSeconds() {
      const [user, sys] = readFileSync(output, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      return (user ?? 0) + (sys ?? 0);
    },
  };
}
