// Docker collector benchmark on a real Podman engine with 40 busy-waiting-free containers
// (busybox `sleep`): what a scrape costs against `podman stats --no-stream --all` on the same
// containers, how much engine CPU the background sampler adds at the default interval, and the
// exporter's resident memory against a bare Node process. BENCH_QUICK=1 shrinks everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { pino } from 'pino';
import { Registry } from 'prom-client';

import { dockerCollector } from '../exporter/src/collectors/docker/plugin.js';
import {
  podman,
  servicePid,
  startPodmanEngine,
  stopPodmanService,
  TestContainers,
} from '../exporter/src/collectors/docker/testing/podman-engine.js';
import { loadSettings } from '../exporter/src/config/settings.js';
import type { Collector } from '../exporter/src/core/collector.js';
import { formatText, type MetricFamily } from '../exporter/src/core/exposition.js';
import { shebangFlags } from './cli-flags.js';

const QUICK = process.env.BENCH_QUICK === '1';
const CONTAINERS = QUICK ? 8 : 40;
const SCRAPES = QUICK ? 50 : 300;
const PODMAN_STATS_RUNS = QUICK ? 3 : 7;
const WINDOW_SECONDS = Number(process.env.BENCH_WINDOW_SECONDS ?? (QUICK ? 16 : 60));
const CLOCK_TICKS = 100;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssBytesOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kib) * 1024;
}

async function engineCpuOver(pid: number, seconds: number): Promise<number> {
  const before = cpuSecondsOf(pid);
  await sleep(seconds * 1000);
  return cpuSecondsOf(pid) - before;
}

async function startContainers(containers: TestContainers): Promise<void> {
  const queue = Array.from({ length: CONTAINERS }, (_, index) => index);
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      await containers.run(`c${String(index).padStart(2, '0')}`, [], ['sleep', '3600']);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

async function scrapeOnce(collector: Collector, registry: Registry): Promise<string> {
  await collector.collect(AbortSignal.timeout(5_000));
  return formatText((await registry.getMetricsAsJSON()) as unknown as MetricFamily[]);
}

async function waitForUsage(registry: Registry, collector: Collector): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const text = await scrapeOnce(collector, registry).catch(() => '');
    const sampled = text
      .split('\n')
      .filter((l) => l.startsWith('docker_container_cpu_seconds_total{'));
    if (sampled.length >= CONTAINERS) return;
    if (Date.now() > deadline) throw new Error(`only ${sampled.length} containers sampled`);
    await sleep(250);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== 'object') throw new Error('no free port');
  return address.port;
}

async function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

/** RSS of the built exporter running only the docker collector, after 50 scrapes. */
async function exporterRss(
  dockerHostUrl: string,
  expectedContainers: number,
): Promise<{ rss: number; scrapeMs: number }> {
  const port = await freePort();
  const cli = join(root, 'exporter/dist/cli.js');
  const child = spawn(process.execPath, [...shebangFlags(cli), cli], {
    env: {
      ...process.env,
      GLASS_COLLECTORS: 'docker',
      DOCKER_HOST: dockerHostUrl,
      GLASS_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const url = `http://127.0.0.1:${port}/metrics`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const body = await fetch(url)
        .then((r) => r.text())
        .catch(() => '');
      const lines = body
        .split('\n')
        .filter((l) => l.startsWith('docker_container_cpu_seconds_total{'));
      if (body !== '' && lines.length >= expectedContainers) break;
      if (Date.now() > deadline) throw new Error('the exporter never served all containers');
      await sleep(500);
    }
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const startedAt = performance.now();
      await fetch(url).then((r) => r.text());
      times.push(performance.now() - startedAt);
    }
    return { rss: rssBytesOf(child.pid as number), scrapeMs: median(times) };
  } finally {
    child.kill('SIGTERM');
    await waitForExit(child);
  }
}

/** A bare node process with the CLI's flags: what any Node.js service starts from. */
async function bareNodeRss(): Promise<number> {
  const flags = shebangFlags(join(root, 'exporter/dist/cli.js'));
  const child = spawn(process.execPath, [...flags, '-e', 'setInterval(() => {}, 1000)'], {
    stdio: 'ignore',
  });
  try {
    await sleep(1000);
    return rssBytesOf(child.pid as number);
  } finally {
    child.kill('SIGTERM');
    await waitForExit(child);
  }
}

async function main(): Promise<void> {
  const engine = await startPodmanEngine('bench');
  const containers = new TestContainers();
  let collector: Collector | undefined;

  try {
    const pid = await servicePid(engine);
    console.log(`starting ${CONTAINERS} busybox containers on Podman (${engine.dockerHost})`);
    await startContainers(containers);

    // Engine CPU without the collector, then with it at the default 15 s interval.
    await sleep(2_000);
    const idleCpu = await engineCpuOver(pid, WINDOW_SECONDS);

    const registry = new Registry();
    const settings = loadSettings(dockerCollector.settings, {
      env: { DOCKER_HOST: engine.dockerHost },
      flags: new Map(),
    });
    collector = dockerCollector.create(settings, { registry, logger: pino({ level: 'silent' }) });
    const startedAt = performance.now();
    await collector.start();
    const startMs = performance.now() - startedAt;
    await waitForUsage(registry, collector);
    const busyCpu = await engineCpuOver(pid, WINDOW_SECONDS);

    // What one scrape costs: collect + registry JSON + text exposition.
    let bytes = 0;
    for (let i = 0; i < 20; i++) bytes = (await scrapeOnce(collector, registry)).length;
    const scrapeTimes: number[] = [];
    for (let i = 0; i < SCRAPES; i++) {
      const t0 = performance.now();
      await scrapeOnce(collector, registry);
      scrapeTimes.push(performance.now() - t0);
    }
    const scrapeMs = median(scrapeTimes);
    const series = (await scrapeOnce(collector, registry))
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#')).length;

    const statsTimes: number[] = [];
    for (let i = 0; i < PODMAN_STATS_RUNS; i++) {
      const t0 = performance.now();
      await podman('stats', '--no-stream', '--all');
      statsTimes.push(performance.now() - t0);
    }
    const podmanStatsMs = median(statsTimes);

    await collector.stop();
    collector = undefined;

    const added = busyCpu - idleCpu;
    const ticks = WINDOW_SECONDS / settings.statsIntervalSeconds;
    console.log(`containers running                     ${CONTAINERS}`);
    console.log(`collector start (list + inspect all)   ${startMs.toFixed(1)} ms`);
    console.log(
      `series per scrape                      ${series} (${(bytes / 1024).toFixed(1)} KiB)`,
    );
    console.log(
      `scrape median (collect+JSON+text)      ${scrapeMs.toFixed(2)} ms (goal < 30 ms), ` +
        `${SCRAPES} scrapes`,
    );
    console.log(`podman stats --no-stream --all median ${podmanStatsMs.toFixed(0)} ms (baseline)`);
    console.log(
      `ratio scrape / podman stats            1/${(podmanStatsMs / scrapeMs).toFixed(0)} ` +
        `(goal at most 1/20)`,
    );
    console.log(
      `engine CPU, ${WINDOW_SECONDS} s without collector       ${idleCpu.toFixed(2)} s ` +
        `(${((100 * idleCpu) / WINDOW_SECONDS).toFixed(2)} % of a core)`,
    );
    console.log(
      `engine CPU, ${WINDOW_SECONDS} s with collector (15 s)   ${busyCpu.toFixed(2)} s ` +
        `(${((100 * busyCpu) / WINDOW_SECONDS).toFixed(2)} % of a core)`,
    );
    console.log(
      `engine CPU added by the collector      ${((100 * added) / WINDOW_SECONDS).toFixed(2)} % ` +
        `of a core, ${((1000 * added) / ticks).toFixed(0)} ms per sampling round`,
    );

    if (existsSync(join(root, 'exporter/src/cli.ts'))) {
      await run('npm', ['run', 'build', '-w', 'exporter'], { cwd: root, timeout: 300_000 });
      const bare = await bareNodeRss();
      const noEngine = await exporterRss('unix:///tmp/glass-podman/no-engine.sock', 0);
      const exporter = await exporterRss(engine.dockerHost, CONTAINERS);
      const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
      console.log(`bare Node process RSS                  ${mib(bare)} (baseline)`);
      console.log(
        `exporter RSS, docker, no engine        ${mib(noEngine.rss)}, ` +
          `${(noEngine.rss / bare).toFixed(2)}x bare Node`,
      );
      console.log(
        `exporter RSS, docker, ${CONTAINERS} containers    ${mib(exporter.rss)}, ` +
          `${(exporter.rss / bare).toFixed(2)}x bare Node, ` +
          `${(exporter.rss / noEngine.rss).toFixed(2)}x without an engine`,
      );
      console.log(`HTTP /metrics median (CLI)             ${exporter.scrapeMs.toFixed(2)} ms`);
    } else {
      const rss = process.memoryUsage().rss;
      console.log(`benchmark process RSS (no CLI yet)     ${(rss / 2 ** 20).toFixed(1)} MiB`);
    }
  } finally {
    await collector?.stop();
    await containers.cleanup();
    await stopPodmanService(engine);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
