// The run journal: append-only NDJSON in the run directory, each line fsynced before the call it announces.
// The drill, `firedrill restore` and the watchdog may all append to it; each record is one write(2) on an
// O_APPEND descriptor, so lines from different processes never interleave.
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { assertNoSecret } from '../safety/secret-values.ts';
import type { JournalRecord, NewRecord, Writer } from './records.ts';

export const JOURNAL_FILE = 'journal.ndjson';

export function journalPath(runDir: string): string {
  return join(runDir, JOURNAL_FILE);
}

/** Where records go. The file journal is the real one; a dry run uses MemoryJournal and writes nothing. */
export interface JournalWriter {
  append(record: NewRecord): JournalRecord;
  records(): JournalRecord[];
}

function stamp(record: NewRecord, by: Writer): JournalRecord {
  return { ...record, at: new Date().toISOString(), pid: process.pid, by } as JournalRecord;
}

export class FileJournal implements JournalWriter {
  private constructor(
    readonly runDir: string,
    readonly by: Writer,
  ) {}

  /** A new journal for a new run. Refuses a run directory that already has one. */
  static create(runDir: string, by: Writer = 'harness'): FileJournal {
    mkdirSync(runDir, { recursive: true });
    if (existsSync(journalPath(runDir))) throw new HarnessError(`${journalPath(runDir)} already exists: a run directory holds one drill`);
    closeSync(openSync(journalPath(runDir), 'wx', 0o600));
    return new FileJournal(runDir, by);
  }

  /** An existing journal, to append to (restore, watchdog). */
  static open(runDir: string, by: Writer): FileJournal {
    const file = journalPath(runDir);
    if (!existsSync(file)) throw new HarnessError(`${runDir} has no ${JOURNAL_FILE}: not a firedrill run directory`, 'pass the run directory printed by the drill (reports/runs/<stamp>-<name>)');
    // A writer killed mid-line leaves no newline: end that line so our records start on their own.
    const size = statSync(file).size;
    if (size > 0 && !readFileSync(file).subarray(size - 1).equals(Buffer.from('\n'))) appendFileSync(file, '\n');
    return new FileJournal(runDir, by);
  }

  get file(): string {
    return journalPath(this.runDir);
  }

  append(record: NewRecord): JournalRecord {
    const full = stamp(record, this.by);
    const line = `${JSON.stringify(full)}\n`;
    assertNoSecret(line, this.file);
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return full;
  }

  records(): JournalRecord[] {
    return readJournal(this.runDir).records;
  }
}

export class MemoryJournal implements JournalWriter {
  private readonly list: JournalRecord[] = [];

  constructor(private readonly by: Writer = 'harness') {}

  append(record: NewRecord): JournalRecord {
    const full = stamp(record, this.by);
    assertNoSecret(JSON.stringify(full), 'the journal');
    this.list.push(full);
    return full;
  }

  records(): JournalRecord[] {
    return [...this.list];
  }
}

/**
 * Read a journal. A process killed mid-write can leave a partial line; its call was not made (the intent is
 * written before the call), so unreadable lines are skipped and reported by number, never fatal to a restore.
 */
export function readJournal(runDir: string): { records: JournalRecord[]; damagedLines: number[] } {
  const text = readFileSync(journalPath(runDir), 'utf8');
  const records: JournalRecord[] = [];
  const damagedLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const parsed = JSON.parse(line) as JournalRecord;
      if (typeof parsed !== 'object' || parsed === null || typeof parsed.kind !== 'string') throw new Error('not a record');
      records.push(parsed);
    } catch {
      damagedLines.push(i + 1);
    }
  });
  return { records, damagedLines };
}
