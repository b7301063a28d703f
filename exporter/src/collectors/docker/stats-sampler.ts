import { usageFromStats, type Usage } from './usage.js';

export interface SampleOutcome {
  readonly sampled: number;
  readonly failed: number;
  readonly firstError?: unknown;
}

/**
 * Reads one-shot stats for many containers with at most `concurrency` calls in flight, so the
 * engine never sees a burst of one request per container.
 */
export class StatsSampler {
  constructor(
    private readonly readStats: (id: string) => Promise<unknown>,
    private readonly concurrency: number,
    private readonly onSample: (id: string, usage: Usage | undefined) => void,
  ) {}

  async sample(ids: readonly string[]): Promise<SampleOutcome> {
    let next = 0;
    let sampled = 0;
    let failed = 0;
    let firstError: unknown;

    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        try {
          this.onSample(id, usageFromStats(await this.readStats(id)));
          sampled += 1;
        } catch (err) {
          failed += 1;
          firstError ??= err;
        }
      }
    };

    const workers = Math.min(this.concurrency, ids.length);
    await Promise.all(Array.from({ length: workers }, worker));
    return { sampled, failed, firstError };
  }
}
