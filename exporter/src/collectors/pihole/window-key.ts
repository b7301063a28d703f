/**
 * The rows of the last 24 hours come to the window as two integers each instead of an array
 * of seven values, which halves the cost of reading them (see counter-key.ts for the idea).
 *
 * First: status (5 bits), query type (10), reply type (4), upstream id + 1 or 0 (10), and the
 * minute relative to a base minute given with the query (11 bits, about 34 hours). Second:
 * domain id * 2^19 + client id. Rows that do not fit are read column by column.
 */

const TYPE_SPAN = 1024;
const REPLY_SPAN = 16;
const FORWARD_SPAN = 1024;
const MINUTE_SPAN = 2048;
const CLIENT_SPAN = 524_288;

/** Minutes after the base minute that a packed row can express. */
export const WINDOW_MINUTES_SPAN = MINUTE_SPAN;

const FITS =
  "typeof(client) = 'integer' AND client BETWEEN 0 AND 524287" +
  " AND typeof(domain) = 'integer' AND domain BETWEEN 0 AND 8589934591" +
  " AND typeof(forward) != 'text' AND IFNULL(forward, 0) BETWEEN 0 AND 1022" +
  ' AND status BETWEEN 0 AND 31 AND type BETWEEN 0 AND 1023' +
  ' AND IFNULL(reply_type, 0) BETWEEN 0 AND 15';

/** Parameters: base minute, first id (exclusive), last id, earliest and latest timestamp. */
export const PACKED_WINDOW_SQL =
  `SELECT CASE WHEN ${FITS} THEN` +
  ` ((((status * ${TYPE_SPAN} + type) * ${REPLY_SPAN} + IFNULL(reply_type, 0)) * ${FORWARD_SPAN}` +
  ` + IFNULL(forward + 1, 0)) * ${MINUTE_SPAN} + (CAST(timestamp AS INTEGER) / 60 - ?)) END,` +
  ` domain * ${CLIENT_SPAN} + client` +
  ' FROM query_storage WHERE id > ? AND id <= ? AND +timestamp >= ? AND +timestamp < ?';

/** The rows for which the packed form gave NULL. Parameters as above, without the base. */
export const UNPACKED_WINDOW_SQL =
  'SELECT CAST(timestamp AS INTEGER) / 60, status, type, IFNULL(reply_type, 0), client,' +
  ' domain, forward FROM query_storage WHERE id > ? AND id <= ?' +
  ` AND +timestamp >= ? AND +timestamp < ? AND NOT (${FITS})`;

export interface WindowFields {
  minute: number;
  status: number;
  type: number;
  reply: number;
  forward: number | null;
  client: number;
  domain: number;
}

export function unpackWindowRow(first: number, second: number, baseMinute: number): WindowFields {
  const minuteOffset = first % MINUTE_SPAN;
  let rest = (first - minuteOffset) / MINUTE_SPAN;
  const forwardField = rest % FORWARD_SPAN;
  rest = (rest - forwardField) / FORWARD_SPAN;
  const reply = rest % REPLY_SPAN;
  rest = (rest - reply) / REPLY_SPAN;
  const type = rest % TYPE_SPAN;
  const status = (rest - type) / TYPE_SPAN;
  const client = second % CLIENT_SPAN;

  return {
    minute: baseMinute + minuteOffset,
    status,
    type,
    reply,
    forward: forwardField === 0 ? null : forwardField - 1,
    client,
    domain: (second - client) / CLIENT_SPAN,
  };
}
