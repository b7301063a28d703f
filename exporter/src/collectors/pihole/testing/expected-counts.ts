import Database from 'better-sqlite3';
import { labelText } from './collector-harness.js';

/**
 * What every metric family should show for a database, computed with plain SQL over
 * `query_storage` and the link tables. It shares no code with the collector: the label tables
 * below are written out from Pi-hole's enums, and text-valued rows from before database version
 * 10 are resolved with typeof() like FTL's own `queries` view does.
 */

const STATUS = [
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
const TYPES = ['?', 'A', 'AAAA', 'ANY', 'SRV', 'SOA', 'PTR', 'TXT', 'NAPTR', 'MX', 'DS', 'RRSIG'];
const MORE_TYPES = ['DNSKEY', 'NS', 'OTHER', 'SVCB', 'HTTPS'];
const REPLIES = ['unknown', 'nodata', 'nxdomain', 'cname', 'ip', 'domain', 'rrname'];
const MORE_REPLIES = ['servfail', 'refused', 'notimp', 'other', 'dnssec', 'none', 'blob'];
const EKO_REPLIES = ['unknown', 'no_data', 'nx_domain', 'cname', 'ip', 'domain', 'rr_name'];
const MORE_EKO_REPLIES = ['serv_fail', 'refused', 'not_imp', 'other', 'dnssec', 'none', 'blob'];
export const BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const BLOCKED = '(1, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 18)';

function typeName(code: number): string {
  if (code >= 100) return `TYPE${code - 100}`;
  return [...TYPES, ...MORE_TYPES][code] ?? 'OTHER';
}

const UPSTREAM = `CASE typeof(q.forward) WHEN 'integer'
  THEN (SELECT f.forward FROM forward_by_id f WHERE f.id = q.forward) ELSE q.forward END`;
const DOMAIN = `CASE typeof(q.domain) WHEN 'integer'
  THEN (SELECT d.domain FROM domain_by_id d WHERE d.id = q.domain) ELSE q.domain END`;
const CLIENT_LABEL = `CASE typeof(q.client) WHEN 'integer'
  THEN (SELECT COALESCE(NULLIF(c.name, ''), c.ip) FROM client_by_id c WHERE c.id = q.client)
  ELSE q.client END`;
const CLIENT_IP = `CASE typeof(q.client) WHEN 'integer'
  THEN (SELECT c.ip FROM client_by_id c WHERE c.id = q.client) ELSE q.client END`;
const CLIENT_NAME = `CASE typeof(q.client) WHEN 'integer'
  THEN (SELECT COALESCE(c.name, '') FROM client_by_id c WHERE c.id = q.client) ELSE '' END`;

export type Expected = Map<string, number>;

export class ExpectedCounts {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true });
  }

  close(): void {
    this.db.close();
  }

  private rows<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  private value(sql: string, ...params: unknown[]): number {
    return Number(
      this.db
        .prepare(sql)
        .pluck()
        .get(...params),
    );
  }

  queries(): Expected {
    const rows = this.rows<{ type: number; status: number; n: number }>(
      'SELECT type, status, COUNT(*) AS n FROM query_storage GROUP BY type, status',
    );
    return sumBy(rows, (r) => {
      const labels = { query_type: typeName(r.type), status: STATUS[r.status] };
      return { key: `pihole_queries_total${labelText(labels)}`, n: r.n };
    });
  }

  blocked(): number {
    return this.value(`SELECT COUNT(*) FROM query_storage WHERE status IN ${BLOCKED}`);
  }

  replies(): Expected {
    const rows = this.rows<{ reply: number; n: number }>(
      'SELECT IFNULL(reply_type, 0) AS reply, COUNT(*) AS n FROM query_storage GROUP BY 1',
    );
    const names = [...REPLIES, ...MORE_REPLIES];
    return sumBy(rows, (r) => ({
      key: `pihole_replies_total${labelText({ reply_type: names[r.reply] })}`,
      n: r.n,
    }));
  }

  upstreams(): Expected {
    const rows = this.rows<{ upstream: string; n: number }>(
      `SELECT ${UPSTREAM} AS upstream, COUNT(*) AS n FROM query_storage q
       WHERE q.forward IS NOT NULL GROUP BY upstream`,
    );
    return sumBy(rows, (r) => ({
      key: `pihole_upstream_queries_total${labelText({ upstream: r.upstream })}`,
      n: r.n,
    }));
  }

  /** Buckets and counts exactly; `_sum` is returned apart, to compare with a tolerance. */
  responseTimes(): { counts: Expected; sums: Expected } {
    const name = 'pihole_upstream_response_seconds';
    const counts: Expected = new Map();
    const sums: Expected = new Map();
    const base = `FROM query_storage q WHERE q.forward IS NOT NULL AND q.reply_time IS NOT NULL`;
    for (const r of this.rows<{ upstream: string; n: number; s: number }>(
      `SELECT ${UPSTREAM} AS upstream, COUNT(*) AS n, TOTAL(reply_time) AS s ${base}
       GROUP BY upstream`,
    )) {
      counts.set(`${name}_count${labelText({ upstream: r.upstream })}`, r.n);
      counts.set(`${name}_bucket${labelText({ le: '+Inf', upstream: r.upstream })}`, r.n);
      sums.set(`${name}_sum${labelText({ upstream: r.upstream })}`, r.s);
      for (const bound of BOUNDS) {
        const n = this.value(
          `SELECT COUNT(*) ${base} AND reply_time <= ? AND ${UPSTREAM} = ?`,
          bound,
          r.upstream,
        );
        counts.set(`${name}_bucket${labelText({ le: bound, upstream: r.upstream })}`, n);
      }
    }
    return { counts, sums };
  }

  /** Per client label and blocked flag, before any limit on the number of clients. */
  clients(): Map<string, [number, number]> {
    const rows = this.rows<{ label: string; blocked: number; n: number }>(
      `SELECT ${CLIENT_LABEL} AS label, status IN ${BLOCKED} AS blocked, COUNT(*) AS n
       FROM query_storage q GROUP BY label, blocked`,
    );
    const clients = new Map<string, [number, number]>();
    for (const r of rows) {
      const counts = clients.get(r.label) ?? [0, 0];
      counts[r.blocked ? 1 : 0] += r.n;
      clients.set(r.label, counts);
    }
    return clients;
  }

  lifetime(): { total: number; blocked: number } {
    return {
      total: this.value('SELECT value FROM counters WHERE id = 0'),
      blocked: this.value('SELECT value FROM counters WHERE id = 1'),
    };
  }

  networkDevices(): number {
    return this.value('SELECT COUNT(*) FROM network');
  }

  newestTimestamp(): number {
    return this.value('SELECT value FROM ftl WHERE id = 1');
  }

  /** Gauges over the 24 hours before `now`. */
  window(now: number) {
    const since = now - 86_400;
    const where = 'FROM query_storage q WHERE q.timestamp >= ?';
    const total = this.value(`SELECT COUNT(*) ${where}`, since);
    const blocked = this.value(`SELECT COUNT(*) ${where} AND status IN ${BLOCKED}`, since);

    const domains = (isBlocked: boolean) =>
      new Map(
        this.rows<{ domain: string; n: number }>(
          `SELECT ${DOMAIN} AS domain, COUNT(*) AS n ${where}
           AND status ${isBlocked ? '' : 'NOT'} IN ${BLOCKED} GROUP BY domain`,
          since,
        ).map((r) => [r.domain, r.n]),
      );
    const eko = [...EKO_REPLIES, ...MORE_EKO_REPLIES];
    const replies = new Map(eko.map((name) => [name, 0]));
    for (const r of this.rows<{ reply: number; n: number }>(
      `SELECT IFNULL(reply_type, 0) AS reply, COUNT(*) AS n ${where} GROUP BY 1`,
      since,
    )) {
      const name = eko[r.reply] ?? 'unknown';
      replies.set(name, (replies.get(name) ?? 0) + r.n);
    }

    return {
      total,
      blocked,
      forwarded: this.value(`SELECT COUNT(*) ${where} AND status IN (2, 12)`, since),
      cached: this.value(`SELECT COUNT(*) ${where} AND status IN (3, 17)`, since),
      uniqueDomains: this.value(`SELECT COUNT(DISTINCT ${DOMAIN}) ${where}`, since),
      uniqueClients: this.value(`SELECT COUNT(DISTINCT q.client) ${where}`, since),
      permittedDomains: domains(false),
      blockedDomains: domains(true),
      replies,
      types: sumBy(
        this.rows<{ type: number; n: number }>(
          `SELECT type, COUNT(*) AS n ${where} GROUP BY type`,
          since,
        ),
        (r) => ({ key: typeName(r.type), n: r.n }),
      ),
      sources: new Map(
        this.rows<{ ip: string; name: string; n: number }>(
          `SELECT ${CLIENT_IP} AS ip, ${CLIENT_NAME} AS name, COUNT(*) AS n ${where}
           GROUP BY q.client`,
          since,
        ).map((r) => [`${r.ip}|${r.name}`, r.n]),
      ),
      upstreams: sumBy(
        this.rows<{ upstream: string; n: number }>(
          `SELECT ${UPSTREAM} AS upstream, COUNT(*) AS n ${where} AND q.forward IS NOT NULL
           GROUP BY upstream`,
          since,
        ),
        (r) => ({ key: r.upstream, n: r.n }),
      ),
    };
  }
}

function sumBy<T>(rows: T[], keyed: (row: T) => { key: string; n: number }): Expected {
  const sums: Expected = new Map();
  for (const row of rows) {
    const { key, n } = keyed(row);
    sums.set(key, (sums.get(key) ?? 0) + n);
  }
  return sums;
}
