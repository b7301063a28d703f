import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorSet } from '../../core/collector-set.js';
import { SourceError } from '../../core/errors.js';
import type { MetricFamily } from '../../core/exposition.js';
import { createHarness, samplesOf } from './testing/collector-harness.js';
import { ExpectedCounts } from './testing/expected-counts.js';
import { generateFtlDb, keepWalFiles } from './testing/ftl-db-generator.js';

const here = dirname(fileURLToPath(import.meta.url));
const collectOnce = join(here, 'testing', 'collect-once.ts');
const exporterDir = join(here, '..', '..', '..');
const END = 1_790_000_000;
const NOW = END + 30;

interface ChildOutcome {
  ok: boolean;
  queries?: number;
  message?: string;
  hint?: string;
}

/** Runs one collect in a child process, behind `prefix` (setpriv, unshare...). */
function collectInChild(prefix: string[], env: Record<string, string>): ChildOutcome {
  const node = [process.execPath, '--import', 'tsx', collectOnce];
  const [command, ...args] = [...prefix, ...node];
  const run = spawnSync(command ?? '', args, {
    cwd: exporterDir,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0 || !run.stdout.trim()) {
    throw new Error(`child collect failed (${run.status}): ${run.stderr}`);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as ChildOutcome;
}

async function collectError(run: () => Promise<unknown>): Promise<SourceError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('collect succeeded where it should have failed');
}

function total(samples: Map<string, number>): number {
  return [...samples.values()].reduce((sum, value) => sum + value, 0);
}

function capturingLogger(lines: Record<string, unknown>[]) {
  return pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pihole-faults-'));
  chmodSync(dir, 0o755);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('an unusable database file', () => {
  it('reports a missing file with a hint, then reads it once FTL has created it', async () => {
    const path = join(dir, 'later', 'pihole-FTL.db');
    const harness = createHarness({ PIHOLE_FTL_DB: path }, { now: () => NOW });

    const error = await collectError(() => harness.scrape());

    expect(error.message).toContain(`${path} does not exist`);
    expect(error.hint).toContain('PIHOLE_FTL_DB');
    mkdirSync(dirname(path));
    generateFtlDb({ path, rows: 300, schemaVersion: 21, endTime: END });
    expect(total(samplesOf(await harness.scrape(), 'pihole_queries_total'))).toBe(300);
    await harness.collector.stop();
  });

  it('reports a file the exporter user may not read (collect runs as user nobody)', () => {
    const secret = join(dir, 'secret');
    mkdirSync(secret, { mode: 0o755 });
    const path = join(secret, 'pihole-FTL.db');
    generateFtlDb({ path, rows: 100, schemaVersion: 21, endTime: END, journalMode: 'delete' });
    const asNobody = { PIHOLE_FTL_DB: path, COLLECT_AS_UID: '65534' };

    chmodSync(path, 0o644);
    expect(collectInChild([], asNobody)).toMatchObject({ ok: true, queries: 100 });

    chmodSync(path, 0o640);
    const outcome = collectInChild([], asNobody);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain(`permission denied reading ${path}`);
    expect(outcome.hint).toContain('group pihole');
  });

  it('reports a file that is not an SQLite database', async () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(path, Buffer.alloc(8192, 'not a database '));
    const harness = createHarness({ PIHOLE_FTL_DB: path });

    const error = await collectError(() => harness.scrape());

    expect(error.message).toContain('damaged or not an SQLite database');
    expect(error.hint).toContain('PIHOLE_FTL_DB');
  });

  it('reports a database whose query pages are damaged, and keeps no misleading gauges', async () => {
    const path = join(dir, 'damaged.db');
    generateFtlDb({ path, rows: 20_000, schemaVersion: 12, endTime: END });
    const file = openSync(path, 'r+');
    // Pages past the link tables hold query rows: scribble over a run of them.
    writeSync(file, Buffer.alloc(4096 * 60, 0xa5), 0, 4096 * 60, 4096 * 150);
    closeSync(file);
    const harness = createHarness({ PIHOLE_FTL_DB: path, PIHOLE_HOSTNAME: 'pi' });

    const error = await collectError(() => harness.scrape());

    expect(error.message).toContain('damaged or not an SQLite database');
    const families = await harness.registry.getMetricsAsJSON();
    const gauge = families.find((family) => family.name === 'pihole_dns_queries_today');
    expect(gauge?.values ?? []).toEqual([]);
  });

  it('reports an unknown schema version on the status page with the version', async () => {
    const path = join(dir, 'future.db');
    generateFtlDb({ path, rows: 100, schemaVersion: 21, endTime: END });
    const writer = new Database(path);
    writer.prepare('UPDATE ftl SET value = 99 WHERE id = 0').run();
    writer.close();
    keepWalFiles(path);
    const harness = createHarness({ PIHOLE_FTL_DB: path });
    const core = new Registry();
    const logger = pino({ level: 'silent' });
    const set = new CollectorSet(
      [{ collector: harness.collector, registry: harness.registry, logger }],
      core,
      logger,
    );

    await set.scrape(5_000);

    const [status] = set.statuses();
    expect(status?.up).toBe(false);
    expect(status?.problem?.message).toContain('FTL database version 99');
    expect(status?.problem?.hint).toContain('supported versions: 12');
    const up = (await core.getMetricsAsJSON()).find((f) => f.name === 'glass_collector_up');
    expect(up?.values[0]?.value).toBe(0);
  });
});

describe('a WAL-mode database on a read-only mount', () => {
  it('reads rows that are still only in the -wal file', () => {
    const source = join(dir, 'wal-source');
    const mount = join(dir, 'wal-mount');
    mkdirSync(source);
    mkdirSync(mount);
    const path = join(source, 'pihole-FTL.db');
    generateFtlDb({ path, rows: 1_000, schemaVersion: 21, endTime: END });
    // Stands in for FTL: keeps the database open with new rows not yet checkpointed.
    const writer = new Database(path);
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec(`INSERT INTO query_storage (id, timestamp, type, status, domain, client)
                 SELECT id + 10000, timestamp, type, status, domain, client FROM query_storage
                 WHERE id < 400`);
    const readOnly = [
      'unshare',
      '--mount',
      'sh',
      '-c',
      `mount --bind "${source}" "${mount}" && mount -o remount,bind,ro "${mount}" && exec "$@"`,
      'ro-mount',
    ];

    try {
      const outcome = collectInChild(readOnly, { PIHOLE_FTL_DB: join(mount, 'pihole-FTL.db') });
      expect(outcome).toEqual({ ok: true, queries: 1_400 });
    } finally {
      writer.close();
    }

    const stopped = collectInChild(readOnly, { PIHOLE_FTL_DB: join(mount, 'pihole-FTL.db') });
    expect(stopped.ok).toBe(false);
    expect(stopped.message).toContain('FTL is not running');
    expect(stopped.hint).toContain('-wal and -shm');
  });

  it('holds no read transaction between scrapes, so FTL can checkpoint its WAL', async () => {
    const path = join(dir, 'wal-checkpoint.db');
    generateFtlDb({ path, rows: 2_000, schemaVersion: 21, endTime: END });
    const ftl = new Database(path);
    ftl.pragma('wal_autocheckpoint = 0');
    const harness = createHarness({ PIHOLE_FTL_DB: path }, { now: () => NOW });
    await harness.scrape();
    ftl.exec(`INSERT INTO query_storage (id, timestamp, type, status, domain, client)
              SELECT id + 10000, timestamp, type, status, domain, client FROM query_storage`);
    expect(total(samplesOf(await harness.scrape(), 'pihole_queries_total'))).toBe(4_000);

    const [checkpoint] = ftl.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];

    expect(checkpoint?.busy).toBe(0);
    expect(statSync(`${path}-wal`).size).toBe(0);
    ftl.close();
    await harness.collector.stop();
  });

  it('creates nothing beside a stopped database, even in a writable directory', async () => {
    const folder = join(dir, 'wal-stopped');
    mkdirSync(folder);
    const path = join(folder, 'pihole-FTL.db');
    generateFtlDb({ path, rows: 500, schemaVersion: 21, endTime: END, asIfFtlStopped: true });
    const harness = createHarness({ PIHOLE_FTL_DB: path }, { now: () => NOW });

    const problem = await harness.collector.collect().then(
      () => undefined,
      (err: unknown) => err as SourceError,
    );

    expect(problem).toBeInstanceOf(SourceError);
    expect(problem?.message).toContain('FTL is not running');
    expect(problem?.hint).toContain('start FTL');
    expect(readdirSync(folder)).toEqual(['pihole-FTL.db']);
    await harness.collector.stop();
  });
});

describe('a database locked by another process', () => {
  let holder: ChildProcessWithoutNullStreams | undefined;

  afterAll(() => {
    holder?.kill();
  });

  /** A real sqlite3 session that takes the write lock and keeps it until told to commit. */
  async function lockWith(path: string): Promise<ChildProcessWithoutNullStreams> {
    const child = spawn('sqlite3', [path]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.write(
      'BEGIN EXCLUSIVE;\n' +
        'INSERT INTO query_storage (timestamp, type, status, domain, client, reply_type)' +
        ' SELECT timestamp, type, status, domain, client, reply_type FROM query_storage' +
        ' WHERE id <= 250;\n' +
        "SELECT 'locked';\n",
    );
    const started = Date.now();
    while (!output.includes('locked')) {
      if (Date.now() - started > 10_000) throw new Error('sqlite3 did not take the lock');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return child;
  }

  it('answers the scrape within its deadline with the last values, then catches up', async () => {
    const path = join(dir, 'locked.db');
    generateFtlDb({ path, rows: 2_000, schemaVersion: 12, endTime: END });
    const harness = createHarness({ PIHOLE_FTL_DB: path }, { now: () => NOW });
    const core = new Registry();
    const logger = pino({ level: 'silent' });
    const set = new CollectorSet(
      [{ collector: harness.collector, registry: harness.registry, logger }],
      core,
      logger,
    );
    const before = samplesOf(await set.scrape(1_000), 'pihole_queries_total');
    holder = await lockWith(path);

    const startedAt = performance.now();
    const during = await set.scrape(1_000);
    const seconds = (performance.now() - startedAt) / 1000;

    expect(seconds).toBeLessThan(1);
    expect(samplesOf(during, 'pihole_queries_total')).toEqual(before);
    expect(set.statuses()[0]?.up).toBe(true);

    holder.stdin.end('COMMIT;\n');
    await new Promise((resolve) => holder?.on('exit', resolve));
    const after = samplesOf(await set.scrape(1_000), 'pihole_queries_total');
    expect(total(after)).toBe(total(before) + 250);
    await harness.collector.stop();
  });

  it('reports a database locked before its first read as down, then reads it', async () => {
    const path = join(dir, 'locked-early.db');
    generateFtlDb({ path, rows: 300, schemaVersion: 12, endTime: END });
    holder = await lockWith(path);
    const harness = createHarness({ PIHOLE_FTL_DB: path }, { now: () => NOW });

    const error = await collectError(() => harness.scrape());

    expect(error.message).toContain('stayed locked');
    holder.stdin.end('COMMIT;\n');
    await new Promise((resolve) => holder?.on('exit', resolve));
    expect(total(samplesOf(await harness.scrape(), 'pihole_queries_total'))).toBe(550);
    await harness.collector.stop();
  });

  it('reports the database down once the lock outlasts the grace period, keeping counters', async () => {
    const path = join(dir, 'stuck.db');
    generateFtlDb({ path, rows: 500, schemaVersion: 12, endTime: END });
    const harness = createHarness({ PIHOLE_FTL_DB: path }, { now: () => NOW, busyGraceMs: 0 });
    const before = samplesOf(await harness.scrape(), 'pihole_queries_total');
    holder = await lockWith(path);

    const error = await collectError(() => harness.scrape());

    expect(error.message).toContain('stayed locked');
    const families = (await harness.registry.getMetricsAsJSON()) as unknown as MetricFamily[];
    expect(samplesOf(families, 'pihole_queries_total')).toEqual(before);
    holder.kill();
    await harness.collector.stop();
  });
});

describe('pruning and replacement', () => {
  it('never lets a counter go backwards when FTL prunes old rows, even all of them', async () => {
    const path = join(dir, 'pruned.db');
    generateFtlDb({ path, rows: 5_000, schemaVersion: 21, endTime: END });
    const harness = createHarness({ PIHOLE_FTL_DB: path }, { now: () => NOW });
    const before = samplesOf(await harness.scrape(), 'pihole_queries_total');

    const writer = new Database(path);
    writer.prepare('DELETE FROM query_storage WHERE id < 2000').run();
    expect(samplesOf(await harness.scrape(), 'pihole_queries_total')).toEqual(before);
    writer.prepare('DELETE FROM query_storage').run();
    writer.close();
    expect(samplesOf(await harness.scrape(), 'pihole_queries_total')).toEqual(before);

    const appended = generateFtlDb({ path, rows: 700, endTime: END + 20 });
    expect(appended.firstId).toBe(5_000);
    expect(total(samplesOf(await harness.scrape(), 'pihole_queries_total'))).toBe(5_700);
    await harness.collector.stop();
  });

  it('restarts the counters once, with a log line, when ids restart lower in the file', async () => {
    const path = join(dir, 'restarted.db');
    generateFtlDb({ path, rows: 3_000, schemaVersion: 12, endTime: END });
    const lines: Record<string, unknown>[] = [];
    const harness = createHarness(
      { PIHOLE_FTL_DB: path },
      { now: () => NOW },
      capturingLogger(lines),
    );
    expect(total(samplesOf(await harness.scrape(), 'pihole_queries_total'))).toBe(3_000);

    const fresh = join(dir, 'fresh.db');
    generateFtlDb({ path: fresh, rows: 400, schemaVersion: 12, endTime: END, seed: 3 });
    copyFileSync(fresh, path);

    const families = await harness.scrape();
    const expected = new ExpectedCounts(path);
    expect(samplesOf(families, 'pihole_queries_total')).toEqual(expected.queries());
    expect(total(samplesOf(families, 'pihole_queries_total'))).toBe(400);
    expected.close();
    const resets = lines.filter((line) => String(line.msg).includes('counters restart'));
    expect(resets).toHaveLength(1);
    await harness.scrape();
    expect(lines.filter((line) => String(line.msg).includes('counters restart'))).toHaveLength(1);
    await harness.collector.stop();
  });

  it('restarts the counters once, with a log line, when another file takes the path', async () => {
    const path = join(dir, 'swapped.db');
    generateFtlDb({ path, rows: 1_000, schemaVersion: 21, endTime: END });
    const lines: Record<string, unknown>[] = [];
    const harness = createHarness(
      { PIHOLE_FTL_DB: path },
      { now: () => NOW },
      capturingLogger(lines),
    );
    await harness.scrape();

    const other = join(dir, 'other.db');
    generateFtlDb({ path: other, rows: 6_000, schemaVersion: 21, endTime: END, seed: 9 });
    for (const suffix of ['', '-wal', '-shm']) renameSync(`${other}${suffix}`, `${path}${suffix}`);

    const families = await harness.scrape();

    expect(total(samplesOf(families, 'pihole_queries_total'))).toBe(6_000);
    expect(lines.filter((line) => String(line.msg).includes('was replaced'))).toHaveLength(1);
    await harness.collector.stop();
  });
});
