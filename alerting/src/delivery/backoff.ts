export interface RetryPolicy {
  /** Delay before the first retry. */
  baseDelayMs: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
  /** Attempts after which a permanent failure (5xx, rejected login) is dead-lettered. */
  permanentAttempts: number;
  /** Age after which a mail that only meets temporary failures is dead-lettered. */
  maxAgeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  permanentAttempts: 3,
  maxAgeMs: 48 * 3_600_000,
};

/** Exponential delay for the n-th failure (1-based), capped, with ±20 % jitter. */
export function backoffDelay(failures: number, policy: RetryPolicy, random = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const raw = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(raw * jitter, policy.maxDelayMs));
}
