import { describe, expect, it } from 'vitest';
import { InspectQueue } from './inspect-queue.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('inspect queue', () => {
  it('reads each container once however often it is asked while waiting', async () => {
    const calls: string[] = [];
    const gate = deferred();
    const queue = new InspectQueue(async (id) => {
      calls.push(id);
      if (id === 'busy') await gate.promise;
    }, 1);
    queue.request('busy');
    for (const id of ['a', 'b', 'a', 'a', 'b']) queue.request(id);
    gate.resolve();
    await queue.idle();
    expect(calls).toEqual(['busy', 'a', 'b']);
  });

  it('reads again after a request that came while the container was being read', async () => {
    const calls: string[] = [];
    const gate = deferred();
    const queue = new InspectQueue(async (id) => {
      calls.push(id);
      if (calls.length === 1) await gate.promise;
    }, 2);
    queue.request('a');
    queue.request('a');
    gate.resolve();
    await queue.idle();
    expect(calls).toEqual(['a', 'a']);
  });

  it('never runs more reads at once than allowed, and survives a failing read', async () => {
    let running = 0;
    let most = 0;
    const queue = new InspectQueue(async (id) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (id === 'c3') throw new Error('engine hiccup');
    }, 3);
    for (let i = 0; i < 12; i++) queue.request(`c${i}`);
    await queue.idle();
    expect(most).toBe(3);
  });
});
