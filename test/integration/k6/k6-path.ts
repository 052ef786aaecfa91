// The k6 the integration tests drive: the harness's own lookup (K6_BIN, the pinned build in .tools, k6 v2 on
// PATH), then the build the CI image keeps in /tmp/k6mod. Never skipped: without k6 these tests must fail.
import { existsSync } from 'node:fs';
import { findK6 } from '../../../lib/k6/binary.ts';

const CI_BUILD = '/tmp/k6mod/bin/k6';

export async function k6Path(): Promise<string> {
  const found = await findK6();
  if (found) return found.path;
  if (existsSync(CI_BUILD)) return CI_BUILD;
  throw new Error('no k6 v2 found: run npm run bootstrap (builds the pinned k6 into .tools) or set K6_BIN');
}
