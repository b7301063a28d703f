/**
 * Measures the resident memory of the exporter and the mailer as the Kubernetes workloads run
 * them, to size their memory requests and limits. Compiles both with tsc (as the images do),
 * starts each with the environment of its rendered workload on a free loopback port, feeds it
 * a realistic source, and reads VmRSS and VmHWM (peak) from /proc. A bare Node process
 * measured in the same run is the baseline.
 *
 *   npx tsx deploy/k8s/scripts/measure-memory.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { connectAsync } from 'mqtt';

import { shebangFlags } from '../../../bench/cli-flags.js';
import { buildObjects } from '../test/kustomize.js';
import { baseDir, repositoryRoot } from '../test/paths.js';
import { workloadsOf } from '../test/workloads.js';

interface Measurement {
  label: string;
  rssMiB: number;
  peakMiB: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`${url} did not answer within 20 s`);
}

function workloadEnv(name: string): Record<string, string> {
  const workload = workloadsOf(buildObjects(baseDir)).find((item) => item.name === name);
  const env: Record<string, string> = {};
  for (const variable of workload?.pod.containers[0]?.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
  }
  return env;
}

async function measure(
  label: string,
  argv: string[],
  env: Record<string, string>,
  exercise: () => Promise<void>,
): Promise<Measurement> {
  const child = spawn(process.execPath, argv, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  try {
    await exercise();
    await sleep(1000);
    return { label, ...memoryOf(child.pid ?? 0) };
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}\n${stderr}`, { cause: error });
  } finally {
    child.kill('SIGKILL');
  }
}

async function scrape(port: number, times: number): Promise<void> {
  await waitFor(`http://127.0.0.1:${port}/healthz`);
  for (let count = 0; count < times; count += 1) {
    await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  }
}

async function publishReadings(port: number, devices: number): Promise<void> {
  const client = await connectAsync(`mqtt://127.0.0.1:${port}`);
  for (let device = 0; device < devices; device += 1) {
    await client.publishAsync(`home/room${device}/temp`, (20 + device / 10).toFixed(1));
  }
  await client.endAsync();
}

function firingAlert(index: number): unknown {
  return {
    receiver: 'mailer',
    status: 'firing',
    version: '4',
    groupKey: `{}:{n="${index}"}`,
    groupLabels: {},
    commonLabels: { alertname: 'Measure' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    truncatedAlerts: 0,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'Measure', n: String(index) },
        annotations: {},
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: index.toString(16).padStart(16, '0'),
      },
    ],
  };
}

function prepare(scratch: string): void {
  symlinkSync(join(repositoryRoot, 'node_modules'), join(scratch, 'node_modules'));
  writeFileSync(join(scratch, 'package.json'), '{"type":"module","version":"0.1.0"}');
  for (const workspace of ['exporter', 'alerting']) {
    const project = join(repositoryRoot, workspace, 'tsconfig.build.json');
    execFileSync('npx', ['tsc', '-p', project, '--outDir', join(scratch, workspace)], {
      cwd: repositoryRoot,
      stdio: 'inherit',
    });
  }
  writeFileSync(join(scratch, 'secret'), 'measure');
  writeFileSync(join(scratch, 'smtp-url'), 'smtp://user:pass@127.0.0.1:9');

  // A Pi-hole database with a day of queries (55,000), in FTL v6's layout.
  const generator = 'exporter/src/collectors/pihole/testing/ftl-db-generator.ts';
  const database = join(scratch, 'pihole-FTL.db');
  execFileSync(
    process.execPath,
    ['--import', 'tsx', generator, '--rows', '55000', '--schema', '21', database],
    { cwd: repositoryRoot, stdio: 'ignore' },
  );
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'glass-memory-'));
  prepare(scratch);
  const brokerPort = await freePort();
  const broker = spawn('mosquitto', ['-p', String(brokerPort)], { stdio: 'ignore' });
  const results: Measurement[] = [];

  try {
    const idle = () => sleep(500);
    results.push(
      await measure('bare Node process (baseline)', ['-e', 'setInterval(() => {}, 1e3)'], {}, idle),
    );

    const sources: Record<string, Record<string, string>> = {
      'glass-exporter-docker': {},
      'glass-exporter-pihole': { PIHOLE_FTL_DB: join(scratch, 'pihole-FTL.db') },
      'glass-exporter-sensors': {
        MQTT_URL: `mqtt://127.0.0.1:${brokerPort}`,
        MQTT_PASSWORD_FILE: join(scratch, 'secret'),
        MQTT_USERNAME: 'measure',
      },
    };
    for (const [workload, source] of Object.entries(sources)) {
      const port = await freePort();
      const env = {
        ...workloadEnv(workload),
        ...source,
        GLASS_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      };
      const exercise = async () => {
        await waitFor(`http://127.0.0.1:${port}/healthz`);
        if (workload === 'glass-exporter-sensors') await publishReadings(brokerPort, 50);
        await scrape(port, 20);
      };
      // The image starts node with the CLI's shebang flags; measure it the same way.
      const cli = join(scratch, 'exporter/cli.js');
      results.push(
        await measure(`exporter as ${workload}`, [...shebangFlags(cli), cli], env, exercise),
      );
    }

    const port = await freePort();
    const mailerEnv = {
      ...workloadEnv('glass-mailer'),
      MAILER_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      MAILER_METRICS_LISTEN_ADDRESS: `127.0.0.1:${await freePort()}`,
      MAILER_DATA_DIR: join(scratch, 'outbox'),
      MAILER_WEBHOOK_TOKEN_FILE: join(scratch, 'secret'),
      MAILER_SMTP_URL_FILE: join(scratch, 'smtp-url'),
      MAILER_FROM: 'alerts@example.org',
      MAILER_TO: 'owner@example.org',
    };
    const deliver = async () => {
      await waitFor(`http://127.0.0.1:${port}/readyz`);
      for (let index = 0; index < 200; index += 1) {
        await fetch(`http://127.0.0.1:${port}/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer measure' },
          body: JSON.stringify(firingAlert(index)),
        });
      }
    };
    results.push(
      await measure('mailer, 200 webhooks', [join(scratch, 'alerting/cli.js')], mailerEnv, deliver),
    );
  } finally {
    broker.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  }

  const baseline = results[0]?.rssMiB ?? 1;
  process.stdout.write(`Node ${process.version}\n`);
  for (const result of results) {
    const ratio = (result.rssMiB / baseline).toFixed(2);
    process.stdout.write(
      `${result.label.padEnd(40)} RSS ${result.rssMiB.toFixed(1).padStart(6)} MiB ` +
        `(${ratio}x baseline), peak ${result.peakMiB.toFixed(1)} MiB\n`,
    );
  }
}

await main();
