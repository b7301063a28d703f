import { RESPONSE_BUCKETS } from './codes.js';

/**
 * Reading millions of rows as JavaScript objects is slow, and SQLite's GROUP BY sorts. Instead
 * SQLite packs the columns the counters need into one integer per row, which better-sqlite3
 * hands over as a plain number, and the reader counts the numbers in a hash map.
 *
 * Layout, most significant first: reply type (4 bits), status (5), query type (10), client id
 * (19), then 14 bits for the upstream and response-time bucket: 0 when not forwarded, else
 * (forward id + 1) * 16 + bucket. The key stays below 2^52, inside a double's exact range. A row
 * whose values do not fit yields NULL and is read column by column instead.
 */

const STATUS_SPAN = 32;
const TYPE_SPAN = 1024;
const CLIENT_SPAN = 524_288;
const UPSTREAM_SPAN = 16_384;
const BUCKET_SPAN = 16;

/** Link-table ids must stay below these for the fast key; larger ones need the guarded key. */
export const MAX_PACKED_CLIENT_ID = CLIENT_SPAN - 1;
export const MAX_PACKED_FORWARD_ID = UPSTREAM_SPAN / BUCKET_SPAN - 2;

/** Bucket 0 = no response time; i + 1 = `RESPONSE_BUCKETS[i]`; length + 1 = above them all. */
const UPSTREAM_FIELD =
  `CASE WHEN forward IS NULL THEN 0` +
  ` WHEN reply_time IS NULL THEN forward * ${BUCKET_SPAN} + ${BUCKET_SPAN}` +
  ` ELSE forward * ${BUCKET_SPAN} + ${BUCKET_SPAN} + ${bucketCase(0, RESPONSE_BUCKETS.length)} END`;

const KEY =
  `(((reply_type * ${STATUS_SPAN} + status) * ${TYPE_SPAN} + type) * ${CLIENT_SPAN} + client)` +
  ` * ${UPSTREAM_SPAN} + ${UPSTREAM_FIELD}`;

/**
 * Cheap range checks only (comparisons, no function calls): for rows known to hold integer
 * link ids in range. A NULL reply type (rows from before database version 12) also gives NULL.
 */
export const FAST_KEY_SQL =
  `CASE WHEN type BETWEEN 0 AND ${TYPE_SPAN - 1} AND status BETWEEN 0 AND ${STATUS_SPAN - 1}` +
  ` AND reply_type BETWEEN 0 AND 15 THEN ${KEY} END`;

/** Also rejects text in link columns (rows from before version 10) and ids out of range. */
export const GUARDED_KEY_SQL =
  `CASE WHEN typeof(client) = 'integer' AND client BETWEEN 0 AND ${MAX_PACKED_CLIENT_ID}` +
  ` AND (forward IS NULL OR (typeof(forward) = 'integer'` +
  ` AND forward BETWEEN 0 AND ${MAX_PACKED_FORWARD_ID}))` +
  ` THEN ${FAST_KEY_SQL} END`;

/** A reference to a link-table row, or to a text value interned by the reader. */
export type Ref = number;

export interface CounterFields {
  replyType: number;
  status: number;
  type: number;
  /** Upstream reference, or null when the query was not forwarded. */
  forward: Ref | null;
  client: Ref;
  /** 0 = no response time; i + 1 = `RESPONSE_BUCKETS[i]`; `RESPONSE_BUCKETS.length + 1` = +Inf. */
  bucket: number;
}

export function unpackKey(key: number): CounterFields {
  const upstreamField = key % UPSTREAM_SPAN;
  let rest = (key - upstreamField) / UPSTREAM_SPAN;
  const client = rest % CLIENT_SPAN;
  rest = (rest - client) / CLIENT_SPAN;
  const type = rest % TYPE_SPAN;
  rest = (rest - type) / TYPE_SPAN;
  const status = rest % STATUS_SPAN;
  const replyType = (rest - status) / STATUS_SPAN;

  const bucket = upstreamField % BUCKET_SPAN;
  const forwardField = (upstreamField - bucket) / BUCKET_SPAN;
  return {
    replyType,
    status,
    type,
    forward: forwardField === 0 ? null : forwardField - 1,
    client,
    bucket,
  };
}

/** The same bucket numbering, for rows read column by column. */
export function bucketOf(forward: unknown, replyTime: number | null): number {
  if (forward === null || replyTime === null) return 0;

  for (let i = 0; i < RESPONSE_BUCKETS.length; i += 1) {
    if (replyTime <= (RESPONSE_BUCKETS[i] ?? Infinity)) return i + 1;
  }
  return RESPONSE_BUCKETS.length + 1;
}

/** Halves the range of bucket indexes at each step, so most rows pass four comparisons. */
function bucketCase(low: number, high: number): string {
  if (low === high) return String(low + 1);

  const middle = Math.floor((low + high) / 2);
  const bound = RESPONSE_BUCKETS[middle] ?? Infinity;
  return (
    `CASE WHEN reply_time <= ${bound} THEN ${bucketCase(low, middle)}` +
    ` ELSE ${bucketCase(middle + 1, high)} END`
  );
}
