// The trivial loopback target of the load-generation benchmark: a canned HTTP/1.1 keep-alive answer on raw
// sockets (201 to POST, 200 otherwise, with a body that satisfies every api-mix check), so that k6 and not the
// server is what saturates. Runs as its own process and prints its port on stdout.
//   npx tsx bench/support/trivial-server.ts
import { createServer, type Socket } from 'node:net';

const BODY = '{"id":1,"items":[],"appointments":[],"totals":{}}';
const answer = (status: string) => Buffer.from(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`);
const OK: Buffer = answer('200 OK');
const CREATED: Buffer = answer('201 Created');
const HEADER_END = Buffer.from('\r\n\r\n');

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    const out: Buffer[] = [];
    // Answer every complete request in the buffer (k6 does not pipeline, but be correct if a client does).
    for (let end = pending.indexOf(HEADER_END); end !== -1; end = pending.indexOf(HEADER_END)) {
      const head = pending.toString('latin1', 0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (pending.length < end + 4 + length) break;
      out.push(head.startsWith('POST') ? CREATED : OK);
      pending = pending.subarray(end + 4 + length);
    }
    if (out.length > 0) socket.write(out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out));
  });
  socket.on('error', () => socket.destroy());
}

const server = createServer(serve);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
