import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { OutboxError } from '../errors.js';
import { OutboxStore } from './store.js';

const HOUR = 3_600_000;

describe('OutboxStore', () => {
  const stores: OutboxStore[] = [];
  const open = (dir = mkdtempSync(join(tmpdir(), 'glass-outbox-'))) => {
    const store = new OutboxStore(dir);
    stores.push(store);
    return store;
  };

  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });

  it('uses WAL and reports duplicates only within the window', () => {
    const store = open();

    const first = store.accept('k', '{}', 1_000, HOUR);
    const again = store.accept('k', '{}', 1_000 + HOUR - 1, HOUR);
    const later = store.accept('k', '{}', 1_000 + 2 * HOUR, HOUR);

    expect(store.pragma('journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(first).toEqual({ id: 1, duplicate: false });
    expect(again).toEqual({ id: 1, duplicate: true });
    expect(later).toEqual({ id: 2, duplicate: false });
  });

  it('leases claimed rows so a second pass does not take them', () => {
    const store = open();
    store.accept('a', '{"n":1}', 100, HOUR);
    store.accept('b', '{"n":2}', 100, HOUR);

    const claimed = store.claimDue(200, 1, 10_000);
    const second = store.claimDue(200, 5, 10_000);
    const none = store.claimDue(300, 5, 10_000);

    expect(claimed.map((row) => row.dedupeKey)).toEqual(['a']);
    expect(second.map((row) => row.dedupeKey)).toEqual(['b']);
    expect(none).toEqual([]);
    expect(store.nextAttemptAt()).toBe(10_000);
  });

  it('keeps rows across a reopen and makes them due at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glass-outbox-'));
    const first = open(dir);
    const { id } = first.accept('a', '{}', 100, HOUR);
    first.markRetry(id, 1, 50_000, 'connection', 'ESOCKET');
    first.accept('b', '{}', 100, HOUR);
    first.markDead(2, 3, 200, 'auth', 'EAUTH 535');
    first.close();

    const reopened = open(dir);
    const resumed = reopened.resume(1_000);

    expect(resumed).toEqual({ pending: 2, requeued: 1 });
    expect(reopened.claimDue(1_000, 5, 2_000).map((row) => row.dedupeKey)).toEqual(['a', 'b']);
  });

  it('counts states, remembers the last success and prunes finished rows', () => {
    const store = open();
    store.accept('a', '{}', 100, HOUR);
    store.accept('b', '{}', 200, HOUR);
    store.accept('c', '{}', 300, HOUR);
    store.markSent(1, 1_000);
    store.markDead(2, 3, 1_000, 'permanent', '550');

    expect(store.stats()).toEqual({
      pending: 1,
      dead: 1,
      oldestPendingReceivedAt: 300,
      lastSentAt: 1_000,
    });
    expect(store.prune(2_000)).toBe(2);
    expect(store.stats().lastSentAt).toBe(1_000);
  });

  it('raises OutboxError when a write fails', () => {
    const store = open();
    store.close();

    expect(() => store.accept('a', '{}', 1, HOUR)).toThrow(OutboxError);
  });
});
