import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { OutboxError } from '../errors.js';
import { GroupCommit } from './group-commit.js';
import { OutboxStore } from './store.js';

describe('GroupCommit', () => {
  let store: OutboxStore;

  afterEach(() => store.close());

  it('commits notifications of one turn together and still spots duplicates among them', async () => {
    store = new OutboxStore(mkdtempSync(join(tmpdir(), 'glass-commit-')));
    const commits = new GroupCommit(store, 3_600_000);

    const results = await Promise.all([
      commits.accept('a', '{}'),
      commits.accept('b', '{}'),
      commits.accept('a', '{}'),
    ]);

    expect(results).toEqual([
      { id: 1, duplicate: false },
      { id: 2, duplicate: false },
      { id: 1, duplicate: true },
    ]);
    expect(store.stats().pending).toBe(2);
  });

  it('rejects every waiting caller when the write fails', async () => {
    store = new OutboxStore(mkdtempSync(join(tmpdir(), 'glass-commit-')));
    const commits = new GroupCommit(store, 3_600_000);
    store.close();

    const outcomes = await Promise.allSettled([
      commits.accept('a', '{}'),
      commits.accept('b', '{}'),
    ]);

    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(OutboxError);
    }
  });
});
