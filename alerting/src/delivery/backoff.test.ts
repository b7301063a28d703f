import { describe, expect, it } from 'vitest';

import { backoffDelay, DEFAULT_RETRY_POLICY } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base delay and stops at the cap', () => {
    const middle = () => 0.5;
    const delays = [1, 2, 3, 4, 10, 50].map((failures) =>
      backoffDelay(failures, DEFAULT_RETRY_POLICY, middle),
    );

    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 900_000, 900_000]);
  });

  it('spreads retries by ±20 % but never above the cap', () => {
    expect(backoffDelay(2, DEFAULT_RETRY_POLICY, () => 0)).toBe(8_000);
    expect(backoffDelay(2, DEFAULT_RETRY_POLICY, () => 1)).toBe(12_000);
    expect(backoffDelay(40, DEFAULT_RETRY_POLICY, () => 1)).toBe(900_000);
  });
});
