// Child process of bench/ingest-evidence.ts: ingest one k6 CSV capture into an evidence log and print what it
// took as JSON. Runs alone in its own process so its peak RSS can be measured.
//   npx tsx bench/support/ingest-once.ts <capture.csv[.gz]> <evidence.hlog>
import { EvidenceStore } from '../../lib/evidence/store.ts';
import { ingestCsvFile } from '../../lib/evidence/ingest.ts';

const [capture, evidence] = process.argv.slice(2);
if (!capture || !evidence) {
  console.error('usage: ingest-once.ts <capture.csv[.gz]> <evidence.hlog>');
  process.exit(2);
}
const started = performance.now();
const store = EvidenceStore.create(evidence, { source: capture });
const result = await ingestCsvFile(capture, store);
const seconds = (performance.now() - started) / 1000;
const all = store.window().stats();
store.dispose();
console.log(JSON.stringify({ requests: result.requests, bytes: result.bytes, seconds, p95Ms: all.p95Ms, count: all.count, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
