import { isBlocked, RESPONSE_BUCKETS } from './codes.js';
import type { CounterFields, Ref } from './counter-key.js';

/**
 * Every counter the collector exposes, kept as plain numbers and only ever increased. Label
 * values are resolved when the metrics are built, so this holds ids, not strings.
 */

export interface ResponseTimes {
  /** Non-cumulative counts per bucket; the last one is above the highest bound. */
  readonly buckets: number[];
  sum: number;
  count: number;
}

export class QueryTotals {
  /** Keyed by `type * 32 + status`. */
  readonly queries = new Map<number, number>();
  readonly replies = new Map<number, number>();
  readonly upstreamQueries = new Map<Ref, number>();
  readonly responseTimes = new Map<Ref, ResponseTimes>();
  /** Per client reference: [allowed, blocked]. */
  readonly clients = new Map<Ref, [number, number]>();
  blocked = 0;

  add(fields: CounterFields, count: number): void {
    const queryKey = fields.type * 32 + fields.status;
    this.queries.set(queryKey, (this.queries.get(queryKey) ?? 0) + count);
    this.replies.set(fields.replyType, (this.replies.get(fields.replyType) ?? 0) + count);

    const blocked = isBlocked(fields.status);
    if (blocked) this.blocked += count;

    let perClient = this.clients.get(fields.client);
    if (!perClient) {
      perClient = [0, 0];
      this.clients.set(fields.client, perClient);
    }
    perClient[blocked ? 1 : 0] += count;

    if (fields.forward === null) return;
    const forward = fields.forward;
    this.upstreamQueries.set(forward, (this.upstreamQueries.get(forward) ?? 0) + count);
    if (fields.bucket > 0) {
      const times = this.responseTimesOf(forward);
      const index = fields.bucket - 1;
      times.buckets[index] = (times.buckets[index] ?? 0) + count;
      times.count += count;
    }
  }

  addResponseTime(forward: Ref, seconds: number): void {
    this.responseTimesOf(forward).sum += seconds;
  }

  private responseTimesOf(forward: Ref): ResponseTimes {
    let times = this.responseTimes.get(forward);
    if (!times) {
      times = { buckets: new Array<number>(RESPONSE_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.responseTimes.set(forward, times);
    }
    return times;
  }
}

export function queryKeyParts(key: number): { type: number; status: number } {
  const status = key % 32;
  return { type: (key - status) / 32, status };
}
