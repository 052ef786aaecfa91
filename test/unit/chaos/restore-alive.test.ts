import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { harnessMayBeAlive } from '../../../chaos/restore-all.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('harnessMayBeAlive (who restores a run)', () => {
  it('a run of this very process is ours to restore', () => {
    expect(harnessMayBeAlive({ owner: { pid: process.pid, host: hostname() }, deadlineMs: NOW + 60_000 }, { force: false, now: NOW })).toBe(false);
  });

  it('on this machine the pid decides, whatever the planned end', () => {
    expect(harnessMayBeAlive({ owner: { pid: process.ppid, host: hostname() }, deadlineMs: NOW - 60_000 }, { force: false, now: NOW })).toBe(true);
    expect(harnessMayBeAlive({ owner: { pid: 2 ** 22 + 17, host: hostname() }, deadlineMs: NOW + 60_000 }, { force: false, now: NOW })).toBe(false);
  });

  it('another machine: alive until planned end + grace, gone after it, gone at once with force', () => {
    const remote = { owner: { pid: 4242, host: 'ci-runner-7' }, deadlineMs: NOW + 60_000 };
    expect(harnessMayBeAlive(remote, { force: false, now: NOW })).toBe(true);
    expect(harnessMayBeAlive(remote, { force: false, now: NOW + 60_001 })).toBe(false);
    expect(harnessMayBeAlive(remote, { force: true, now: NOW })).toBe(false);
  });
});
