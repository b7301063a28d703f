/**
 * Pi-hole collector benchmark. Builds realistic pihole-FTL.db files (FTL v6 layout) of 10,000
 * and 5,000,000 rows (PIHOLE_BENCH_ROWS changes the large one) and reports, each against a
 * baseline measured in the same run:
 *   - cold start on the large file vs the sqlite3 command (read-only, as the exporter) running
 *     one GROUP BY status, type;
 *   - scrape latency (collect + registry JSON + text exposition) on the large vs the small file;
 *   - the cost of a scrape that ingests 10,000 rows appended since the previous one;
 *   - RSS of the whole exporter (built CLI, only the pihole collector) after its first scrape.
 * Files are cached in $TMPDIR/glass-pihole-bench between runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { formatText } from '../exporter/src/core/exposition.js';
import {
  createHarness,
  type Harness,
} from '../exporter/src/collectors/pihole/testing/collector-harness.js';
import {
  generateFtlDb,
  keepWalFiles,
} from '../exporter/src/collectors/pihole/testing/ftl-db-generator.js';
import { shebangFlags } from './cli-flags.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LARGE = Number(process.env.PIHOLE_BENCH_ROWS ?? 5_000_000);
const SMALL = 10_000;
const APPEND = 10_000;
const cacheDir = join(tmpdir(), 'glass-pihole-bench');

function databaseOf(rows: number): string {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `pihole-FTL-v21-${rows}.db`);
  if (existsSync(path)) {
    const db = new Database(path, { readonly: true });
    const lastId = db.prepare('SELECT MAX(id) FROM query_storage').pluck().get();
    db.close();
    if (lastId === rows - 1) {
      keepWalFiles(path);
      return path;
    }
    rmSync(path, { force: true });
  }

  const startedAt = performance.now();
  generateFtlDb({ path, rows, schemaVersion: 21 });
  const seconds = (performance.now() - startedAt) / 1000;
  console.log(`generated ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s: ${path}`);
  return path;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x`;
}

/** Reads the whole file once so that every contender starts from a warm page cache. */
function warm(path: string): void {
  spawnSync('cat', [path], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function harnessFor(path: string): Harness {
  return createHarness({
    PIHOLE_FTL_DB: path,
    PIHOLE_GRAVITY_DB: join(cacheDir, 'no-gravity.db'),
  });
}

/** One scrape as the exporter serves it: collect, registry JSON, text exposition. */
async function scrapeMs(harness: Harness): Promise<number> {
  const startedAt = performance.now();
  await harness.collector.collect();
  formatText((await harness.registry.getMetricsAsJSON()) as never);
  return performance.now() - startedAt;
}

function sqliteGroupBy(path: string): { wall: number; cpu: number } {
  const sql = 'SELECT status, type, COUNT(*) FROM query_storage GROUP BY status, type';
  const startedAt = performance.now();
  // The shell's "times" prints the CPU time of its children: the sqlite3 process.
  const run = spawnSync(
    'bash',
    ['-c', `sqlite3 -readonly "$0" "${sql}" > /dev/null; times`, path],
    {
      encoding: 'utf8',
    },
  );
  const wall = performance.now() - startedAt;
  const childTimes = run.stdout.trim().split('\n').pop() ?? '';
  const seconds = [...childTimes.matchAll(/(\d+)m([\d.]+)s/g)].map(
    ([, m, s]) => Number(m) * 60 + Number(s),
  );
  return { wall, cpu: ((seconds[0] ?? 0) + (seconds[1] ?? 0)) * 1000 };
}

async function coldStart(path: string): Promise<{ wall: number; cpu: number }> {
  const harness = harnessFor(path);
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  await harness.collector.start();
  await harness.collector.collect();
  const wall = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  await harness.collector.stop();
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

async function benchColdStart(large: string): Promise<void> {
  warm(large);
  const baseline: { wall: number; cpu: number }[] = [];
  const ours: { wall: number; cpu: number }[] = [];
  for (let round = 0; round < 3; round += 1) {
    baseline.push(sqliteGroupBy(large));
    ours.push(await coldStart(large));
    global.gc?.();
  }
  const baseWall = median(baseline.map((r) => r.wall));
  const baseCpu = median(baseline.map((r) => r.cpu));
  const wall = median(ours.map((r) => r.wall));
  const cpu = median(ours.map((r) => r.cpu));
  console.log(
    `cold start, ${LARGE.toLocaleString('en')} rows: ${ms(wall)} vs sqlite3 GROUP BY ` +
      `status, type ${ms(baseWall)} = ${ratio(wall, baseWall)} (goal <= 1.5x); ` +
      `CPU ${ms(cpu)} vs ${ms(baseCpu)} = ${ratio(cpu, baseCpu)}`,
  );
}

async function benchScrapes(small: string, large: string): Promise<number> {
  const harnesses = { small: harnessFor(small), large: harnessFor(large) };
  await harnesses.small.collector.collect();
  await harnesses.large.collector.collect();

  const times = { small: [] as number[], large: [] as number[] };
  for (let i = 0; i < 300; i += 1) {
    times.small.push(await scrapeMs(harnesses.small));
    times.large.push(await scrapeMs(harnesses.large));
  }
  await harnesses.small.collector.stop();
  await harnesses.large.collector.stop();

  const small50 = median(times.small);
  const large50 = median(times.large);
  console.log(
    `scrape latency median: ${ms(large50)} on ${LARGE.toLocaleString('en')} rows vs ` +
      `${ms(small50)} on ${SMALL.toLocaleString('en')} rows = ${ratio(large50, small50)} ` +
      `(goal <= 2x, median < 20 ms); p90 ${ms(percentile(times.large, 0.9))} vs ` +
      `${ms(percentile(times.small, 0.9))}`,
  );
  return large50;
}

async function benchIngest(large: string, idleScrape: number): Promise<void> {
  const copy = join(cacheDir, 'ingest-copy.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
  copyFileSync(large, copy);
  keepWalFiles(copy);
  const harness = harnessFor(copy);
  await harness.collector.collect();

  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let round = 0; round < 7; round += 1) {
    generateFtlDb({ path: copy, rows: APPEND, seed: 100 + round });
    const cpuBefore = process.cpuUsage();
    times.push(await scrapeMs(harness));
    const cpu = process.cpuUsage(cpuBefore);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  await harness.collector.stop();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });

  const ingest = median(times);
  console.log(
    `scrape that ingests ${APPEND.toLocaleString('en')} appended rows: ${ms(ingest)} vs ` +
      `${ms(idleScrape)} for a scrape with no new rows = ${ratio(ingest, idleScrape)}; ` +
      `${Math.round(APPEND / (ingest / 1000)).toLocaleString('en')} rows/s; CPU ` +
      `${ms(median(cpuTimes))}`,
  );
}

function buildExporter(): string {
  const cli = join(root, 'exporter', 'dist', 'cli.js');
  const build = spawnSync('npm', ['run', 'build', '-w', 'exporter'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0 && !existsSync(cli)) {
    throw new Error(`npm run build -w exporter failed:\n${build.stdout}${build.stderr}`);
  }
  if (build.status !== 0)
    console.log('note: the exporter build reported errors; using dist as built');
  return cli;
}

/** Starts the built exporter with only the pihole collector and reads its RSS after a scrape. */
async function exporterRss(
  cli: string,
  path: string,
  expectData = true,
  nodeFlags: string[] = [],
): Promise<number> {
  const child = spawn(process.execPath, [...nodeFlags, cli], {
    env: {
      PATH: process.env.PATH,
      GLASS_COLLECTORS: 'pihole',
      GLASS_LISTEN_ADDRESS: '127.0.0.1:0',
      GLASS_COLLECTOR_TIMEOUT_SECONDS: '30',
      PIHOLE_FTL_DB: path,
      PIHOLE_GRAVITY_DB: join(cacheDir, 'no-gravity.db'),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const match =
          /"msg":"listening".*?"url":"([^"]+)"|"url":"([^"]+)".*?"msg":"listening"/.exec(buffered);
        if (match) resolve(match[1] ?? match[2] ?? '');
      });
      child.once('exit', (code) => reject(new Error(`exporter exited with ${code}`)));
    });
    const body = await (await fetch(`${url.replace(/\/$/, '')}/metrics`)).text();
    if (expectData !== body.includes('pihole_queries_total{')) {
      throw new Error(`unexpected first scrape of ${path}:\n${body.slice(0, 2000)}`);
    }
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** RSS of a bare node process that only waits: what any Node.js service starts from. */
async function bareNodeRss(nodeFlags: string[]): Promise<number> {
  const child = spawn(process.execPath, [...nodeFlags, '-e', 'setInterval(() => {}, 1000)'], {
    stdio: 'ignore',
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function benchRss(small: string, large: string): Promise<void> {
  const cli = buildExporter();
  const flags = shebangFlags(cli);
  const bareRss = await bareNodeRss(flags);
  const noDatabaseRss = await exporterRss(cli, join(cacheDir, 'missing.db'), false, flags);
  const smallRss = await exporterRss(cli, small, true, flags);
  const largeRss = await exporterRss(cli, large, true, flags);
  const largePlainRss = await exporterRss(cli, large);
  const mb = (value: number) => `${value.toFixed(1)} MB`;
  console.log(
    `exporter RSS after the first scrape (built CLI as its shebang runs it: node ` +
      `${flags.join(' ')}; GLASS_COLLECTORS=pihole): ${mb(largeRss)} on ` +
      `${LARGE.toLocaleString('en')} rows (goal < 80 MB) vs ${mb(smallRss)} on ` +
      `${SMALL.toLocaleString('en')} rows = ${ratio(largeRss, smallRss)}, ${mb(noDatabaseRss)} ` +
      `without a database = ${ratio(largeRss, noDatabaseRss)}, bare node ${mb(bareRss)} = ` +
      `${ratio(largeRss, bareRss)}; plain node without the flags: ${mb(largePlainRss)} on ` +
      `${LARGE.toLocaleString('en')} rows = ${ratio(largePlainRss, largeRss)} of the flagged run`,
  );
}

async function main(): Promise<void> {
  const small = databaseOf(SMALL);
  const large = databaseOf(LARGE);

  await benchColdStart(large);
  const idleScrape = await benchScrapes(small, large);
  await benchIngest(large, idleScrape);
  await benchRss(small, large);
}

await main();
