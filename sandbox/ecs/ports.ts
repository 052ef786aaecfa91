// Loopback ports for task processes: a free one to hand out, and a bounded wait until the task accepts connections.
import { createServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

const HOST = '127.0.0.1';
const PICK_ATTEMPTS = 20;
const CONNECT_TIMEOUT_MS = 1000;

/** A port the kernel says is free now, not one already handed to another task (it may not listen yet). */
export async function freePort(taken: ReadonlySet<number>): Promise<number> {
  for (let attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        const { port: chosen } = server.address() as AddressInfo;
        server.close(() => resolve(chosen));
      });
    });
    if (!taken.has(port)) return port;
  }
  throw new Error(`no free loopback port after ${PICK_ATTEMPTS} attempts`);
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export type ListenOutcome = 'listening' | 'timeout' | 'gone';

export interface ListenWait {
  timeoutMs: number;
  everyMs?: number;
  /** Stop waiting (answer 'gone') once this is true: the process exited or a stop was requested. */
  gone: () => boolean;
}

/** Polls until the port accepts a connection, bounded by timeoutMs. */
export async function waitForListening(port: number, wait: ListenWait): Promise<ListenOutcome> {
  const deadline = Date.now() + wait.timeoutMs;
  const everyMs = wait.everyMs ?? 100;
  while (Date.now() < deadline) {
    if (wait.gone()) return 'gone';
    if (await canConnect(port)) return wait.gone() ? 'gone' : 'listening';
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return wait.gone() ? 'gone' : 'timeout';
}
