import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('reconnect backoff', () => {
  it('doubles from the first delay up to the cap, and starts over after a reset', () => {
    const backoff = new Backoff(500, 30_000, () => 0.5);
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);

    backoff.reset();
    expect(backoff.next()).toBe(500);
  });

  it('spreads delays by ±20 % without passing the cap', () => {
    const low = new Backoff(1000, 30_000, () => 0);
    const high = new Backoff(1000, 30_000, () => 1);
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1200);
    for (let i = 0; i < 10; i++) high.next();
    expect(high.next()).toBe(30_000);
  });
});
