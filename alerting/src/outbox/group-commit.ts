import type { Acceptance, OutboxStore } from './store.js';

interface Waiting {
  dedupeKey: string;
  payload: string;
  resolve: (acceptance: Acceptance) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;

/**
 * Collects the notifications that arrive within one event-loop turn and commits them in one
 * transaction. Each caller still waits for the commit that holds its row, but concurrent
 * senders share one disk sync instead of queueing behind one sync each.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly dedupeWindowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  accept(dedupeKey: string, payload: string): Promise<Acceptance> {
    return new Promise((resolve, reject) => {
      this.queue.push({ dedupeKey, payload, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, MAX_BATCH);
    this.scheduled = this.queue.length > 0;
    if (this.scheduled) {
      setImmediate(() => this.flush());
    }

    let results: Acceptance[];
    try {
      results = this.store.acceptMany(batch, this.now(), this.dedupeWindowMs);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(results[index]!));
  }
}
