import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatText } from '../../core/exposition.js';
import { createHarness, labelText, samplesOf, type Harness } from './testing/collector-harness.js';
import { ExpectedCounts } from './testing/expected-counts.js';
import { generateFtlDb, keepWalFiles, type GenerateResult } from './testing/ftl-db-generator.js';
import { generateGravityDb } from './testing/gravity-db-generator.js';

const END = 1_790_000_000;
const NOW = END + 30;
const GRAVITY_DOMAINS = 123_456;

function sumOf(samples: Map<string, number>): number {
  return [...samples.values()].reduce((sum, value) => sum + value, 0);
}

function withoutLabel(samples: Map<string, number>, label: string): Map<string, number> {
  return new Map([...samples].map(([key, value]) => [key.replace(`,${label}`, ''), value]));
}

describe.each([12, 21] as const)('Pi-hole collector on a database of version %i', (version) => {
  let dir: string;
  let ftlDb: string;
  let generated: GenerateResult;
  let harness: Harness;
  let expected: ExpectedCounts;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pihole-collector-'));
    ftlDb = join(dir, 'pihole-FTL.db');
    generated = generateFtlDb({
      path: ftlDb,
      rows: 20_000,
      schemaVersion: version,
      endTime: END,
      queriesPerDay: 8_000,
      textValuedRows: 300,
    });
    generateGravityDb({ path: join(dir, 'gravity.db'), domains: GRAVITY_DOMAINS });
    harness = createHarness(
      {
        PIHOLE_FTL_DB: ftlDb,
        PIHOLE_GRAVITY_DB: join(dir, 'gravity.db'),
        PIHOLE_HOSTNAME: 'pi',
        // Text-valued rows add labels of their own: room for all, the limit has its own test.
        PIHOLE_MAX_CLIENTS: '1000',
      },
      { now: () => NOW, chunkIds: 3_000 },
    );
    expected = new ExpectedCounts(ftlDb);
  });

  afterAll(async () => {
    await harness.collector.stop();
    expected.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts every stored query by type and status, and the blocked ones', async () => {
    const families = await harness.scrape();

    expect(samplesOf(families, 'pihole_queries_total')).toEqual(expected.queries());
    expect(sumOf(samplesOf(families, 'pihole_queries_total'))).toBe(generated.rows);
    expect(
      samplesOf(families, 'pihole_blocked_queries_total').get('pihole_blocked_queries_total'),
    ).toBe(expected.blocked());
  });

  it('counts replies, upstream queries and upstream response times', async () => {
    const families = await harness.scrape();

    expect(samplesOf(families, 'pihole_replies_total')).toEqual(expected.replies());
    expect(samplesOf(families, 'pihole_upstream_queries_total')).toEqual(expected.upstreams());

    const histogram = samplesOf(families, 'pihole_upstream_response_seconds');
    const { counts, sums } = expected.responseTimes();
    const exposedCounts = new Map([...histogram].filter(([key]) => !key.includes('_sum')));
    expect(exposedCounts).toEqual(counts);
    for (const [key, sum] of sums) expect(histogram.get(key)).toBeCloseTo(sum, 6);
  });

  it('counts queries per client name or address, blocked and not', async () => {
    const families = await harness.scrape();

    const want = new Map<string, number>();
    for (const [client, [allowed, blocked]] of expected.clients()) {
      want.set(`pihole_client_queries_total${labelText({ blocked: 'false', client })}`, allowed);
      want.set(`pihole_client_queries_total${labelText({ blocked: 'true', client })}`, blocked);
    }
    expect(samplesOf(families, 'pihole_client_queries_total')).toEqual(want);
  });

  it('exposes the lifetime counters and the database gauges', async () => {
    const families = await harness.scrape();
    const value = (name: string) => samplesOf(families, name).get(name);

    expect(value('pihole_lifetime_queries_total')).toBe(expected.lifetime().total);
    expect(value('pihole_lifetime_blocked_queries_total')).toBe(expected.lifetime().blocked);
    expect(value('pihole_database_schema_version')).toBe(version);
    expect(value('pihole_database_size_bytes')).toBe(statSync(ftlDb).size);
    expect(value('pihole_database_newest_query_timestamp_seconds')).toBe(
      expected.newestTimestamp(),
    );
    expect(value('pihole_network_devices')).toBe(expected.networkDevices());
    expect(value('pihole_gravity_domains')).toBe(GRAVITY_DOMAINS);
    expect(value('pihole_gravity_database_up')).toBe(1);
  });

  it('lists the top permitted and blocked domains of the last 24 hours', async () => {
    const families = await harness.scrape();
    const window = expected.window(NOW);

    for (const [name, counts] of [
      ['pihole_top_queried_domains', window.permittedDomains],
      ['pihole_top_blocked_domains', window.blockedDomains],
    ] as const) {
      const exposed = samplesOf(families, name);
      expect(exposed.size).toBe(10);
      for (const [key, value] of exposed) {
        const domain = /domain="([^"]+)"/.exec(key)?.[1] ?? '';
        expect(value).toBe(counts.get(domain));
      }
      const topCounts = [...counts.values()].sort((a, b) => b - a).slice(0, 10);
      expect([...exposed.values()].sort((a, b) => b - a)).toEqual(topCounts);
    }
  });

  it("computes eko/pihole-exporter's 24-hour gauges from the database", async () => {
    const families = await harness.scrape();
    const window = expected.window(NOW);
    const value = (name: string) => samplesOf(families, name).get(`${name}{hostname="pi"}`);

    expect(window.total).toBeGreaterThan(5_000);
    expect(value('pihole_dns_queries_today')).toBe(window.total);
    expect(value('pihole_dns_queries_all_types')).toBe(window.total);
    expect(value('pihole_ads_blocked_today')).toBe(window.blocked);
    expect(value('pihole_ads_percentage_today')).toBeCloseTo((window.blocked / window.total) * 100);
    expect(value('pihole_queries_forwarded')).toBe(window.forwarded);
    expect(value('pihole_queries_cached')).toBe(window.cached);
    expect(value('pihole_unique_domains')).toBe(window.uniqueDomains);
    expect(value('pihole_unique_clients')).toBe(window.uniqueClients);
    expect(value('pihole_domains_being_blocked')).toBe(GRAVITY_DOMAINS);

    const replies = samplesOf(families, 'pihole_reply');
    expect(new Map([...replies].map(([k, v]) => [/type="([^"]+)"/.exec(k)?.[1], v]))).toEqual(
      window.replies,
    );
    const types = samplesOf(families, 'pihole_querytypes');
    expect(new Map([...types].map(([k, v]) => [/type="([^"]+)"/.exec(k)?.[1], v]))).toEqual(
      window.types,
    );
    const destinations = samplesOf(families, 'pihole_forward_destinations');
    expect(
      new Map([...destinations].map(([k, v]) => [/destination_name="([^"]+)"/.exec(k)?.[1], v])),
    ).toEqual(window.upstreams);

    const sources = samplesOf(families, 'pihole_top_sources');
    expect(sources.size).toBe(10);
    for (const [key, count] of sources) {
      const ip = /source="([^"]*)"/.exec(key)?.[1];
      const name = /source_name="([^"]*)"/.exec(key)?.[1];
      expect(count).toBe(window.sources.get(`${ip}|${name}`));
    }
    const topSourceCounts = [...window.sources.values()].sort((a, b) => b - a).slice(0, 10);
    expect([...sources.values()].sort((a, b) => b - a)).toEqual(topSourceCounts);

    for (const [name, counts] of [
      ['pihole_top_queries', window.permittedDomains],
      ['pihole_top_ads', window.blockedDomains],
    ] as const) {
      const exposed = samplesOf(families, name);
      expect(exposed.size).toBe(10);
      for (const [key, count] of exposed) {
        expect(count).toBe(counts.get(/domain="([^"]+)"/.exec(key)?.[1] ?? ''));
      }
    }
  });

  it('passes promtool check metrics', async () => {
    const text = formatText(await harness.scrape());
    const output = execFileSync('promtool', ['check', 'metrics'], { input: text }).toString();
    expect(output).toBe('');
  });

  it('adds rows appended after the first read, and only those', async () => {
    const before = samplesOf(await harness.scrape(), 'pihole_queries_total');
    const appended = generateFtlDb({ path: ftlDb, rows: 2_500, endTime: END + 20, seed: 7 });

    const families = await harness.scrape();

    expect(appended.firstId).toBe(generated.lastId + 1);
    expect(samplesOf(families, 'pihole_queries_total')).toEqual(expected.queries());
    expect(sumOf(samplesOf(families, 'pihole_queries_total'))).toBe(sumOf(before) + 2_500);
    expect(samplesOf(families, 'pihole_replies_total')).toEqual(expected.replies());
    expect(samplesOf(families, 'pihole_upstream_queries_total')).toEqual(expected.upstreams());
    expect(
      withoutLabel(samplesOf(families, 'pihole_client_queries_total'), 'blocked="true"').size,
    ).toBeGreaterThan(0);
    const window = expected.window(NOW);
    const today = samplesOf(families, 'pihole_dns_queries_today');
    expect(today.get('pihole_dns_queries_today{hostname="pi"}')).toBe(window.total);
  });
});

describe('Pi-hole collector over time and limits', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pihole-limits-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the busiest PIHOLE_MAX_CLIENTS clients a series and sums the rest as other', async () => {
    const path = join(dir, 'clients.db');
    generateFtlDb({ path, rows: 8_000, schemaVersion: 21, endTime: END });
    const harness = createHarness(
      { PIHOLE_FTL_DB: path, PIHOLE_MAX_CLIENTS: '5', PIHOLE_GRAVITY_DB: join(dir, 'none.db') },
      { now: () => NOW },
    );
    const expected = new ExpectedCounts(path);

    const exposed = samplesOf(await harness.scrape(), 'pihole_client_queries_total');

    const byVolume = [...expected.clients()].sort(
      (a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1]),
    );
    const busiest = byVolume.slice(0, 5);
    const rest = byVolume.slice(5);
    expect(exposed.size).toBe(12);
    for (const [client, [allowed, blocked]] of busiest) {
      expect(
        exposed.get(`pihole_client_queries_total${labelText({ blocked: 'false', client })}`),
      ).toBe(allowed);
      expect(
        exposed.get(`pihole_client_queries_total${labelText({ blocked: 'true', client })}`),
      ).toBe(blocked);
    }
    const otherBlocked = rest.reduce((sum, [, [, blocked]]) => sum + blocked, 0);
    expect(exposed.get('pihole_client_queries_total{blocked="true",client="other"}')).toBe(
      otherBlocked,
    );

    await harness.collector.stop();
    expected.close();
  });

  it('drops domains and queries from the 24-hour gauges once they are older than a day', async () => {
    const path = join(dir, 'window.db');
    generateFtlDb({ path, rows: 3_000, schemaVersion: 12, endTime: END, queriesPerDay: 2_000 });
    const expected = new ExpectedCounts(path);
    let now = NOW;
    const harness = createHarness(
      { PIHOLE_FTL_DB: path, PIHOLE_GRAVITY_DB: join(dir, 'none.db'), PIHOLE_HOSTNAME: 'pi' },
      { now: () => now },
    );

    const first = await harness.scrape();
    expect(samplesOf(first, 'pihole_top_queried_domains').size).toBe(10);
    expect(
      samplesOf(first, 'pihole_dns_queries_today').get('pihole_dns_queries_today{hostname="pi"}'),
    ).toBe(expected.window(now).total);

    now = END + 12 * 3_600;
    const later = await harness.scrape();
    const window = expected.window(now);
    expect(window.total).toBeGreaterThan(500);
    expect(window.total).toBeLessThan(1_500);
    // Minute buckets expire whole: rows of the oldest, partly covered minute may still count.
    const today =
      samplesOf(later, 'pihole_dns_queries_today').get('pihole_dns_queries_today{hostname="pi"}') ??
      0;
    expect(today - window.total).toBeGreaterThanOrEqual(0);
    expect(today - window.total).toBeLessThanOrEqual(10);

    now = END + 3 * 86_400;
    const empty = await harness.scrape();
    expect(samplesOf(empty, 'pihole_top_queried_domains').size).toBe(0);
    expect(samplesOf(empty, 'pihole_top_blocked_domains').size).toBe(0);
    expect(
      samplesOf(empty, 'pihole_dns_queries_today').get('pihole_dns_queries_today{hostname="pi"}'),
    ).toBe(0);
    expect(sumOf(samplesOf(empty, 'pihole_queries_total'))).toBe(3_000);

    await harness.collector.stop();
    expected.close();
  });

  it('drops a domain from the top list once new queries push it out', async () => {
    const path = join(dir, 'top-list.db');
    generateFtlDb({ path, rows: 2_000, schemaVersion: 12, endTime: END });
    const harness = createHarness(
      { PIHOLE_FTL_DB: path, PIHOLE_GRAVITY_DB: join(dir, 'none.db'), PIHOLE_TOP_N: '5' },
      { now: () => NOW },
    );
    const before = samplesOf(await harness.scrape(), 'pihole_top_queried_domains');
    expect(before.size).toBe(5);

    const ftl = new Database(path);
    const { domainId } = ftl
      .prepare(
        "INSERT INTO domain_by_id (domain) VALUES ('newcomer.example') RETURNING id AS domainId",
      )
      .get() as { domainId: number };
    const newcomerQueries = Math.max(...before.values()) + 1;
    const insert = ftl.prepare(
      'INSERT INTO query_storage (timestamp, type, status, domain, client) VALUES (?, 1, 2, ?, 1)',
    );
    for (let i = 0; i < newcomerQueries; i += 1) insert.run(END - i, domainId);
    ftl.close();
    const after = samplesOf(await harness.scrape(), 'pihole_top_queried_domains');

    const newcomer = 'pihole_top_queried_domains{domain="newcomer.example"}';
    expect(after.size).toBe(5);
    expect(after.get(newcomer)).toBe(newcomerQueries);
    const dropped = [...before.keys()].filter((key) => !after.has(key));
    expect(dropped).toHaveLength(1);
    expect(before.get(dropped[0] ?? '')).toBe(Math.min(...before.values()));
    await harness.collector.stop();
  });

  it('leaves the compatibility gauges out when PIHOLE_COMPAT_METRICS is false', async () => {
    const path = join(dir, 'compat.db');
    generateFtlDb({ path, rows: 500, schemaVersion: 21, endTime: END });
    const harness = createHarness(
      { PIHOLE_FTL_DB: path, PIHOLE_COMPAT_METRICS: 'false', PIHOLE_GRAVITY_DB: join(dir, 'x.db') },
      { now: () => NOW },
    );

    const names = (await harness.scrape()).map((family) => family.name);

    expect(names).toContain('pihole_queries_total');
    expect(names).not.toContain('pihole_dns_queries_today');
    expect(names).not.toContain('pihole_top_ads');
    await harness.collector.stop();
  });

  it('reports gravity.db as down without failing the collector when it is missing', async () => {
    const path = join(dir, 'nogravity.db');
    generateFtlDb({ path, rows: 500, schemaVersion: 21, endTime: END });
    const harness = createHarness(
      {
        PIHOLE_FTL_DB: path,
        PIHOLE_GRAVITY_DB: join(dir, 'missing-gravity.db'),
        PIHOLE_HOSTNAME: 'pi',
      },
      { now: () => NOW },
    );

    const families = await harness.scrape();

    expect(
      samplesOf(families, 'pihole_gravity_database_up').get('pihole_gravity_database_up'),
    ).toBe(0);
    expect(samplesOf(families, 'pihole_gravity_domains').size).toBe(0);
    expect(samplesOf(families, 'pihole_domains_being_blocked').size).toBe(0);
    expect(sumOf(samplesOf(families, 'pihole_queries_total'))).toBe(500);
    await harness.collector.stop();
  });

  it('reads a gravity.db without a stored count by counting its rows', async () => {
    const path = join(dir, 'count.db');
    generateFtlDb({ path, rows: 100, schemaVersion: 12, endTime: END });
    const gravity = join(dir, 'gravity-nocount.db');
    generateGravityDb({ path: gravity, domains: 321, storeCount: false });
    const harness = createHarness(
      { PIHOLE_FTL_DB: path, PIHOLE_GRAVITY_DB: gravity },
      { now: () => NOW },
    );

    const families = await harness.scrape();

    expect(samplesOf(families, 'pihole_gravity_domains').get('pihole_gravity_domains')).toBe(321);
    await harness.collector.stop();
  });

  it('never reads the session table that holds v6 login secrets', async () => {
    const path = join(dir, 'session.db');
    generateFtlDb({ path, rows: 200, schemaVersion: 21, endTime: END });
    const writer = new Database(path);
    writer.exec('DROP TABLE session');
    // Any read of "session" now fails, so the collector must get by without one.
    writer.exec('CREATE VIEW session AS SELECT sid FROM table_that_does_not_exist');
    writer.close();
    keepWalFiles(path);
    const harness = createHarness(
      { PIHOLE_FTL_DB: path, PIHOLE_GRAVITY_DB: join(dir, 'x.db') },
      { now: () => NOW },
    );

    const families = await harness.scrape();

    expect(sumOf(samplesOf(families, 'pihole_queries_total'))).toBe(200);
    await harness.collector.stop();
  });
});
