import { replyCode } from './codes.js';
import { bucketOf, unpackKey, type Ref } from './counter-key.js';
import type { FtlDatabase, UnpackedRow, WindowRow } from './ftl-database.js';
import type { QueryTotals } from './query-totals.js';
import type { RollingWindow } from './rolling-window.js';
import type { TextRefs } from './text-refs.js';
import { unpackWindowRow, WINDOW_MINUTES_SPAN } from './window-key.js';

/**
 * Reads `query_storage` by id, a bounded range at a time, into the counters and the 24 h
 * window. FTL only appends rows (v6 never updates one; v5 inserts each once), so a row is
 * read exactly once and a scrape costs O(new rows).
 */

export interface ChunkPlan {
  /** Last id to read in this chunk. */
  readonly lastId: number;
  /** Rows older than this timestamp stay out of the window. */
  readonly windowCutoff: number;
  /** No row below this id can be inside the window: the window query skips them. */
  readonly windowFirstId: number;
  readonly upstreamIds: number[];
  /** Rows up to this id may hold text in link columns, or ids too large for the fast key. */
  readonly guardedUpTo: number;
}

export class IncrementalReader {
  /** Id of the last row read; rows with a higher id are new. */
  cursor: number;
  /**
   * Packed keys counted but not yet added to the totals. A whole read (many chunks) shares
   * it, so that each distinct key is unpacked once per read rather than once per chunk.
   */
  private readonly pendingKeys = new Map<number, number>();

  constructor(
    private readonly totals: QueryTotals,
    private readonly window: RollingWindow,
    private readonly texts: TextRefs,
    startAfterId: number,
  ) {
    this.cursor = startAfterId;
  }

  /**
   * Reads every row after the cursor up to `plan.lastId`. All reads happen before the state
   * changes, so a read that fails (a busy database) leaves the counters as they were and the
   * same rows are read again next time.
   */
  readChunk(db: FtlDatabase, plan: ChunkPlan): void {
    const from = this.cursor;
    const to = plan.lastId;

    const guarded = from < plan.guardedUpTo;
    const keys = db.counterKeys(from, to, guarded);
    const unpacked = keys.includes(null) ? db.unpackedRows(from, to, guarded) : [];
    const sums = db.responseTimeSums(from, to, plan.upstreamIds);
    const inWindow = to >= plan.windowFirstId;
    const windowFrom = Math.max(from, plan.windowFirstId - 1);
    const baseMinute = Math.floor(plan.windowCutoff / 60);
    const span = {
      baseMinute,
      since: plan.windowCutoff,
      until: (baseMinute + WINDOW_MINUTES_SPAN) * 60,
    };
    const packedWindow = inWindow ? db.packedWindowRows(windowFrom, to, span) : [];
    const unpackedWindow = packedWindow.some(([first]) => first === null)
      ? db.unpackedWindowRows(windowFrom, to, span)
      : [];

    const pending = this.pendingKeys;
    for (const key of keys) {
      if (key !== null) pending.set(key, (pending.get(key) ?? 0) + 1);
    }
    this.addUnpacked(unpacked);
    for (const [upstream, sum] of sums) {
      if (sum > 0) this.totals.addResponseTime(upstream, sum);
    }
    for (const [first, second] of packedWindow) {
      if (first !== null) this.window.add(unpackWindowRow(first, second, baseMinute));
    }
    this.addToWindow(unpackedWindow);

    this.cursor = to;
  }

  /** Adds the keys counted by `readChunk` to the totals; call it once a read is done. */
  flush(): void {
    for (const [key, count] of this.pendingKeys) this.totals.add(unpackKey(key), count);
    this.pendingKeys.clear();
  }

  /** Rows with text in link columns, or values too wide for the packed key. */
  private addUnpacked(rows: UnpackedRow[]): void {
    for (const [type, status, reply, forward, client, replyTime] of rows) {
      const forwardRef: Ref | null = forward === null ? null : this.texts.refOf(forward);
      this.totals.add(
        {
          type,
          status,
          replyType: replyCode(reply),
          forward: forwardRef,
          client: this.texts.refOf(client),
          bucket: bucketOf(forward, replyTime),
        },
        1,
      );
      // Integer upstream ids get their sums from `responseTimeSums`, text ones only here.
      if (forwardRef !== null && forwardRef < 0 && replyTime !== null) {
        this.totals.addResponseTime(forwardRef, replyTime);
      }
    }
  }

  private addToWindow(rows: WindowRow[]): void {
    for (const [minute, status, type, reply, client, domain, forward] of rows) {
      this.window.add({
        minute,
        status,
        type,
        reply: replyCode(reply),
        client: this.texts.refOf(client),
        domain: this.texts.refOf(domain),
        forward: forward === null ? null : this.texts.refOf(forward),
      });
    }
  }
}
