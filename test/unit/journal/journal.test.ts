import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileJournal, journalPath, MemoryJournal, readJournal } from '../../../lib/journal/journal.ts';
import { forgetSecretsForTests, rememberSecret } from '../../../lib/safety/secret-values.ts';

const runDir = () => join(mkdtempSync(join(tmpdir(), 'firedrill-journal-')), 'run');
const intent = { kind: 'intent' as const, faultId: 'f1', step: 'put-secret-version', call: 'secretsmanager:PutSecretValue db', prior: { current: 'v1', previous: null } };

afterEach(() => forgetSecretsForTests());

describe('FileJournal', () => {
  it('appends one JSON line per record, stamped with time, pid and writer', () => {
    const dir = runDir();
    const j = FileJournal.create(dir);
    j.append(intent);
    j.append({ kind: 'outcome', faultId: 'f1', step: 'put-secret-version', ok: true, result: { versionId: 'v2' } });
    const lines = readFileSync(journalPath(dir), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] as string);
    expect(first).toMatchObject({ ...intent, pid: process.pid, by: 'harness' });
    expect(Date.parse(first.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(j.records().map((r) => r.kind)).toEqual(['intent', 'outcome']);
  });

  it('refuses a run directory that already holds a journal, and opening one that has none', () => {
    const dir = runDir();
    FileJournal.create(dir);
    expect(() => FileJournal.create(dir)).toThrow(/already exists/);
    expect(() => FileJournal.open(runDir(), 'restore')).toThrow(/not a firedrill run directory/);
  });

  it('another writer (restore, watchdog) appends to the same file under its own name', () => {
    const dir = runDir();
    FileJournal.create(dir).append(intent);
    FileJournal.open(dir, 'watchdog').append({ kind: 'note', text: 'restoring' });
    expect(readJournal(dir).records.map((r) => r.by)).toEqual(['harness', 'watchdog']);
  });

  it('refuses to write a record carrying a remembered secret value, and writes nothing', () => {
    const dir = runDir();
    const j = FileJournal.create(dir);
    rememberSecret(JSON.stringify({ DATABASE_URL: 'postgres://app:SENTINEL-7f3a9c@db/app' }));
    expect(() => j.append({ kind: 'note', text: 'url was postgres://app:SENTINEL-7f3a9c@db/app' })).toThrow(/refused to write a secret value/);
    expect(() => j.append({ kind: 'note', text: 'password SENTINEL-7f3a9c' })).toThrow(/refused to write a secret value/);
    expect(readFileSync(journalPath(dir), 'utf8')).toBe('');
  });

  it('survives a line cut short by a crash: skips it, reports it, and later records start on a new line', () => {
    const dir = runDir();
    FileJournal.create(dir).append(intent);
    appendFileSync(journalPath(dir), '{"kind":"outcome","faultId":"f1","st');
    FileJournal.open(dir, 'restore').append({ kind: 'note', text: 'after the crash' });
    const { records, damagedLines } = readJournal(dir);
    expect(records.map((r) => r.kind)).toEqual(['intent', 'note']);
    expect(damagedLines).toEqual([2]);
  });
});

describe('MemoryJournal', () => {
  it('keeps records in memory only (dry runs) with the same secret guard', () => {
    const j = new MemoryJournal();
    j.append(intent);
    expect(j.records()).toHaveLength(1);
    rememberSecret('a-secret-value-123');
    expect(() => j.append({ kind: 'note', text: 'a-secret-value-123' })).toThrow(/refused/);
  });
});
