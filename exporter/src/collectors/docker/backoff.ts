/**
 * Capped exponential backoff with jitter, so that many exporters do not knock on a restarting
 * engine in lockstep.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 500,
    private readonly maxMs = 30_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call doubles it up to the cap. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);

    const jitter = 0.8 + 0.4 * this.random();
    return Math.round(Math.min(this.maxMs, base * jitter));
  }

  reset(): void {
    this.attempt = 0;
  }
}
