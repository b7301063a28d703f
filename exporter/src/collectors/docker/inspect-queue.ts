/**
 * Reads container details at bounded concurrency. Asking for a container already queued costs
 * nothing; asking while it is being read reads it once more afterwards, so the last event wins.
 */
export class InspectQueue {
  private readonly waiting = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly inspect: (id: string) => Promise<void>,
    private readonly concurrency: number,
  ) {}

  request(id: string): void {
    if (this.running.has(id)) {
      this.again.add(id);
      return;
    }
    this.waiting.add(id);
    this.pump();
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.waiting.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  clear(): void {
    this.waiting.clear();
    this.again.clear();
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.size > 0) {
      const id = this.waiting.values().next().value as string;
      this.waiting.delete(id);
      this.running.add(id);
      void this.inspect(id)
        .catch(() => undefined)
        .finally(() => this.finish(id));
    }
  }

  private finish(id: string): void {
    this.running.delete(id);
    if (this.again.delete(id)) this.waiting.add(id);
    this.pump();

    if (this.waiting.size === 0 && this.running.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
