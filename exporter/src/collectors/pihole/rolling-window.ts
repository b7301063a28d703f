import { isBlocked, isCached, isForwarded } from './codes.js';
import type { Ref } from './counter-key.js';

/**
 * The last 24 hours of queries in per-minute buckets, fed by the same incremental read as the
 * counters. Each bucket keeps its rows (six integers each) so that it can be subtracted
 * from the running totals when it falls out of the window: the "today" gauges cost nothing
 * per scrape.
 */

export interface WindowEntry {
  readonly minute: number;
  readonly status: number;
  readonly type: number;
  readonly reply: number;
  readonly client: Ref;
  readonly domain: Ref;
  readonly forward: Ref | null;
}

const NO_FORWARD = Number.MIN_SAFE_INTEGER;
const FIELDS = 6;

export class WindowTotals {
  queries = 0;
  blocked = 0;
  forwarded = 0;
  cached = 0;
  readonly replies = new Map<number, number>();
  readonly types = new Map<number, number>();
  readonly clients = new Map<Ref, number>();
  readonly domains = new Map<Ref, number>();
  /** Keyed by `domain * 2 + (blocked ? 1 : 0)`. */
  readonly domainsByOutcome = new Map<number, number>();
  readonly upstreams = new Map<Ref, number>();

  apply(
    status: number,
    type: number,
    reply: number,
    client: Ref,
    domain: Ref,
    forward: Ref | null,
    count: number,
  ): void {
    const blocked = isBlocked(status);
    this.queries += count;
    if (blocked) this.blocked += count;
    if (isForwarded(status)) this.forwarded += count;
    if (isCached(status)) this.cached += count;

    bump(this.replies, reply, count);
    bump(this.types, type, count);
    bump(this.clients, client, count);
    bump(this.domains, domain, count);
    bump(this.domainsByOutcome, domain * 2 + (blocked ? 1 : 0), count);
    if (forward !== null) bump(this.upstreams, forward, count);
  }

  /** The `n` domains with most queries, blocked or not, most queried first. */
  topDomains(n: number, blocked: boolean): [Ref, number][] {
    const wanted = blocked ? 1 : 0;
    const top: [Ref, number][] = [];
    for (const [key, count] of this.domainsByOutcome) {
      const outcome = ((key % 2) + 2) % 2;
      if (outcome !== wanted) continue;
      insertTop(top, [(key - outcome) / 2, count], n);
    }
    return top;
  }

  topClients(n: number): [Ref, number][] {
    const top: [Ref, number][] = [];
    for (const entry of this.clients) insertTop(top, entry, n);
    return top;
  }
}

export class RollingWindow {
  readonly totals = new WindowTotals();
  private readonly minutes = new Map<number, number[]>();

  constructor(readonly spanSeconds = 86_400) {}

  /** The oldest timestamp a row may have to count, at time `nowSeconds`. */
  cutoff(nowSeconds: number): number {
    return nowSeconds - this.spanSeconds;
  }

  add(entry: WindowEntry): void {
    let bucket = this.minutes.get(entry.minute);
    if (!bucket) {
      bucket = [];
      this.minutes.set(entry.minute, bucket);
    }
    const forward = entry.forward ?? NO_FORWARD;
    bucket.push(entry.status, entry.type, entry.reply, entry.client, entry.domain, forward);
    this.totals.apply(
      entry.status,
      entry.type,
      entry.reply,
      entry.client,
      entry.domain,
      entry.forward,
      1,
    );
  }

  /** Drops every minute that lies wholly before the window; tells whether any was dropped. */
  expire(nowSeconds: number): boolean {
    const oldestMinute = Math.floor(this.cutoff(nowSeconds) / 60);
    let dropped = false;
    for (const [minute, bucket] of this.minutes) {
      if (minute >= oldestMinute) continue;

      for (let i = 0; i < bucket.length; i += FIELDS) {
        const forward = bucket[i + 5] as number;
        this.totals.apply(
          bucket[i] as number,
          bucket[i + 1] as number,
          bucket[i + 2] as number,
          bucket[i + 3] as number,
          bucket[i + 4] as number,
          forward === NO_FORWARD ? null : forward,
          -1,
        );
      }
      this.minutes.delete(minute);
      dropped = true;
    }
    return dropped;
  }
}

function bump<K>(map: Map<K, number>, key: K, count: number): void {
  const next = (map.get(key) ?? 0) + count;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** Keeps `top` sorted by count (then by reference, for a stable order) and at most `n` long. */
function insertTop(top: [Ref, number][], entry: [Ref, number], n: number): void {
  const [ref, count] = entry;
  const last = top[top.length - 1];
  if (top.length >= n && last && (count < last[1] || (count === last[1] && ref > last[0]))) {
    return;
  }

  let index = top.length;
  while (index > 0) {
    const before = top[index - 1];
    if (!before || before[1] > count || (before[1] === count && before[0] < ref)) break;
    index -= 1;
  }
  top.splice(index, 0, [ref, count]);
  if (top.length > n) top.pop();
}
