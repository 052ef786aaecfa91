// A catalogue endpoint: parse (validate, no database) then run (inside the request's RLS transaction).
import type { Tx } from '../transaction.ts';

export type SloClass = 'read-simple' | 'read-complex' | 'write-simple' | 'write-complex' | 'export';

export interface RouteContext {
  /** Captured groups of the path pattern. */
  params: string[];
  query: URLSearchParams;
  /** Parsed JSON body (POST only). */
  body: unknown;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route<I = unknown> {
  method: 'GET' | 'POST';
  path: RegExp;
  slo: SloClass;
  /** Exports get the longer analytics timeouts. */
  long?: boolean;
  parse(ctx: RouteContext): I;
  run(tx: Tx, input: I, orgId: number): Promise<Reply>;
}

/** Keeps each route's input type checked while letting the table hold routes of different inputs. */
export function route<I>(r: Route<I>): Route<unknown> {
  return r as Route<unknown>;
}
