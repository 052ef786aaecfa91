import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRun, listUnfinishedRuns, registerRun, runIndexDir, unregisterRun, type RunIndexEntry } from '../../../lib/journal/run-index.ts';
import { withRunLock } from '../../../lib/journal/run-lock.ts';

const entry = (runId: string, startedAt: string): RunIndexEntry => ({
  runId, runDir: `/runs/${runId}`, envName: 'local', envFile: '/e/local.yaml', pid: process.pid, host: hostname(), startedAt, plannedEndAt: startedAt,
});

describe('run index', () => {
  it('lists registered runs oldest first until they are unregistered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-index-'));
    registerRun(entry('r2', '2026-01-02T00:00:00Z'), dir);
    registerRun(entry('r1', '2026-01-01T00:00:00Z'), dir);
    expect(listUnfinishedRuns(dir).map((e) => e.runId)).toEqual(['r1', 'r2']);
    expect(findRun('r2', dir)?.runDir).toBe('/runs/r2');
    unregisterRun('r1', dir);
    unregisterRun('r1', dir);
    expect(listUnfinishedRuns(dir).map((e) => e.runId)).toEqual(['r2']);
    expect(readdirSync(runIndexDir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('skips an entry half-written by a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-index-'));
    registerRun(entry('r1', '2026-01-01T00:00:00Z'), dir);
    writeFileSync(join(runIndexDir(dir), 'broken.json'), '{"runId": "r');
    expect(listUnfinishedRuns(dir).map((e) => e.runId)).toEqual(['r1']);
    expect(listUnfinishedRuns(join(dir, 'nothing-here'))).toEqual([]);
  });
});

describe('withRunLock', () => {
  it('runs restorers of the same run one at a time', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'firedrill-lock-'));
    const order: string[] = [];
    let release!: () => void;
    const first = withRunLock(runDir, async () => {
      order.push('first in');
      await new Promise<void>((r) => (release = r));
      order.push('first out');
    }, { waitMs: 5000 });
    await new Promise((r) => setTimeout(r, 20));
    const waits: string[] = [];
    const second = withRunLock(runDir, async () => void order.push('second'), { waitMs: 5000, onWait: (o) => waits.push(o) });
    await new Promise((r) => setTimeout(r, 300));
    expect(order).toEqual(['first in']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second']);
    expect(waits).toEqual([`pid ${process.pid} on ${hostname()}`]);
  });

  it('breaks a lock whose owner died, and gives up on a live one after waitMs', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'firedrill-lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(runDir, 'restore.lock'), JSON.stringify({ pid: Number(dead), host: hostname(), at: 'x' }));
    expect(await withRunLock(runDir, async () => 'ran', { waitMs: 2000 })).toBe('ran');
    writeFileSync(join(runDir, 'restore.lock'), JSON.stringify({ pid: process.pid, host: hostname(), at: 'x' }));
    await expect(withRunLock(runDir, async () => 'never', { waitMs: 300 })).rejects.toThrow(`another restore of ${runDir} is still running (pid ${process.pid}`);
  });
});
