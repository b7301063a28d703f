/**
 * The integer codes FTL stores in `query_storage`, turned into the label values the metrics use.
 * Status and reply names follow Pi-hole's own names in lower case.
 */

export const STATUS_NAMES: readonly string[] = [
  'unknown',
  'gravity',
  'forwarded',
  'cache',
  'regex',
  'denylist',
  'external_blocked_ip',
  'external_blocked_null',
  'external_blocked_nxra',
  'gravity_cname',
  'regex_cname',
  'denylist_cname',
  'retried',
  'retried_dnssec',
  'in_progress',
  'dbbusy',
  'special_domain',
  'cache_stale',
  'external_blocked_ede15',
];

/** The statuses Pi-hole itself counts as blocked (FTL's `is_blocked()`). */
const BLOCKED_STATUSES = new Set([1, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 18]);

/** Pi-hole's summary counts retried queries as forwarded and stale cache hits as cached. */
const FORWARDED_STATUSES = new Set([2, 12]);
const CACHED_STATUSES = new Set([3, 17]);

export function isBlocked(status: number): boolean {
  return BLOCKED_STATUSES.has(status);
}

export function isForwarded(status: number): boolean {
  return FORWARDED_STATUSES.has(status);
}

export function isCached(status: number): boolean {
  return CACHED_STATUSES.has(status);
}

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? `status${status}`;
}

const QUERY_TYPE_NAMES: readonly string[] = [
  '',
  'A',
  'AAAA',
  'ANY',
  'SRV',
  'SOA',
  'PTR',
  'TXT',
  'NAPTR',
  'MX',
  'DS',
  'RRSIG',
  'DNSKEY',
  'NS',
  'OTHER',
  'SVCB',
  'HTTPS',
];

/** FTL stores RR types without a code of their own as 100 + the RR type number. */
const RAW_TYPE_OFFSET = 100;

export function queryTypeName(type: number): string {
  if (type >= RAW_TYPE_OFFSET) return `TYPE${type - RAW_TYPE_OFFSET}`;
  const name = QUERY_TYPE_NAMES[type];
  return name === undefined || name === '' ? 'OTHER' : name;
}

export const REPLY_NAMES: readonly string[] = [
  'unknown',
  'nodata',
  'nxdomain',
  'cname',
  'ip',
  'domain',
  'rrname',
  'servfail',
  'refused',
  'notimp',
  'other',
  'dnssec',
  'none',
  'blob',
];

/** The reply label values of eko/pihole-exporter, index by reply code. */
export const COMPAT_REPLY_NAMES: readonly string[] = [
  'unknown',
  'no_data',
  'nx_domain',
  'cname',
  'ip',
  'domain',
  'rr_name',
  'serv_fail',
  'refused',
  'not_imp',
  'other',
  'dnssec',
  'none',
  'blob',
];

/** A NULL reply type (rows from before reply types were stored) counts as unknown. */
export function replyCode(replyType: number | null): number {
  if (replyType === null || replyType < 0 || replyType >= REPLY_NAMES.length) return 0;
  return replyType;
}

/** Upper bounds in seconds, from a local cache hit (about 1 ms) to a timing-out upstream. */
export const RESPONSE_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
