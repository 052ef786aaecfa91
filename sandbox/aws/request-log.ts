import { appendFileSync } from 'node:fs';

/** One line per API call: which operation, whether it mutates, and the outcome. Never the request body. */
export interface RequestLogEntry {
  time: string;
  service: string;
  operation: string;
  mutating: boolean;
  status: number;
  errorCode?: string;
}

/**
 * Keeps the most recent calls in memory (bounded) and, when given a file, appends every call to it as NDJSON.
 * Tests use it to prove a dry run made no mutating call and to record which actions a drill needs (IAM policy).
 */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];

  constructor(
    private readonly file?: string,
    private readonly capacity = 10_000,
  ) {}

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  list(): readonly RequestLogEntry[] {
    return this.entries;
  }
}
