import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, samplesOf } from './testing/collector-harness.js';
import { ExpectedCounts } from './testing/expected-counts.js';
import { generateFtlDb, keepWalFiles } from './testing/ftl-db-generator.js';

const END = 1_790_000_000;
const NOW = END + 30;

/**
 * Rows that do not fit the packed integer keys the reader uses for speed: they must still be
 * counted exactly, through the column-by-column path.
 */
describe('rows with unusual values', () => {
  let dir: string;
  let path: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pihole-unusual-'));
    path = join(dir, 'pihole-FTL.db');
    generateFtlDb({ path, rows: 4_000, schemaVersion: 21, endTime: END, queriesPerDay: 8_000 });

    const writer = new Database(path);
    writer.exec(`
      INSERT INTO client_by_id (id, ip, name) VALUES (700000, '10.0.0.99', 'far-away.lan');
      INSERT INTO forward_by_id (id, forward) VALUES (2000, '192.0.2.53#53');
      INSERT INTO query_storage (id, timestamp, type, status, domain, client, forward,
                                 reply_type, reply_time)
      SELECT 100000 + id, timestamp, type, status, domain, client, forward, reply_type, reply_time
      FROM query_storage WHERE id < 300;
      UPDATE query_storage SET type = 100 + 32768 WHERE id BETWEEN 100000 AND 100049;
      UPDATE query_storage SET reply_type = NULL WHERE id BETWEEN 100050 AND 100099;
      UPDATE query_storage SET client = 700000 WHERE id BETWEEN 100100 AND 100149;
      UPDATE query_storage SET forward = 2000, status = 2, reply_time = 0.3
        WHERE id BETWEEN 100150 AND 100199;
      UPDATE query_storage SET timestamp = ${END} WHERE id >= 100000;
    `);
    writer.close();
    keepWalFiles(path);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts them exactly in every counter and in the 24-hour gauges', async () => {
    const harness = createHarness(
      {
        PIHOLE_FTL_DB: path,
        PIHOLE_GRAVITY_DB: join(dir, 'none.db'),
        PIHOLE_HOSTNAME: 'pi',
        PIHOLE_MAX_CLIENTS: '1000',
      },
      { now: () => NOW },
    );
    const expected = new ExpectedCounts(path);

    const families = await harness.scrape();

    expect(samplesOf(families, 'pihole_queries_total')).toEqual(expected.queries());
    expect(
      samplesOf(families, 'pihole_queries_total').get(
        'pihole_queries_total{query_type="TYPE32768",status="forwarded"}',
      ),
    ).toBeGreaterThan(0);
    expect(samplesOf(families, 'pihole_replies_total')).toEqual(expected.replies());
    expect(samplesOf(families, 'pihole_upstream_queries_total')).toEqual(expected.upstreams());
    const histogram = samplesOf(families, 'pihole_upstream_response_seconds');
    const { counts, sums } = expected.responseTimes();
    expect(new Map([...histogram].filter(([key]) => !key.includes('_sum')))).toEqual(counts);
    for (const [key, sum] of sums) expect(histogram.get(key)).toBeCloseTo(sum, 6);
    expect(
      samplesOf(families, 'pihole_client_queries_total').get(
        'pihole_client_queries_total{blocked="false",client="far-away.lan"}',
      ),
    ).toBe(expected.clients().get('far-away.lan')?.[0]);

    const window = expected.window(NOW);
    const types = samplesOf(families, 'pihole_querytypes');
    expect(new Map([...types].map(([k, v]) => [/type="([^"]+)"/.exec(k)?.[1], v]))).toEqual(
      window.types,
    );
    const destinations = samplesOf(families, 'pihole_forward_destinations');
    expect(
      new Map([...destinations].map(([k, v]) => [/destination_name="([^"]+)"/.exec(k)?.[1], v])),
    ).toEqual(window.upstreams);
    expect(
      samplesOf(families, 'pihole_unique_clients').get('pihole_unique_clients{hostname="pi"}'),
    ).toBe(window.uniqueClients);

    expected.close();
    await harness.collector.stop();
  });
});
