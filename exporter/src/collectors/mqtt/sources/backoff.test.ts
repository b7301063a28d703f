import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('reconnect backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 4000, random: () => 1 });

    const delays = Array.from({ length: 6 }, () => backoff.next());

    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('draws each delay from the upper half of its step', () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 30_000, random: () => 0 });

    expect([backoff.next(), backoff.next()]).toEqual([500, 1000]);
  });

  it('starts over after a success', () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 30_000, random: () => 1 });
    backoff.next();
    backoff.next();

    backoff.reset();

    expect(backoff.next()).toBe(500);
  });
});
