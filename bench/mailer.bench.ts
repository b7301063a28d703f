// Alert mailer benchmark: webhook accept latency and throughput with the durable SQLite write
// against the same server without it, and the time to drain 1,000 queued mails to a local
// STARTTLS + AUTH SMTP server with a connection pool against one connection per mail.
// BENCH_QUICK=1 runs a tenth of the work while iterating.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { pino } from 'pino';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';

import { loadConfig } from '../alerting/src/config/env.js';
import { DEFAULT_RETRY_POLICY } from '../alerting/src/delivery/backoff.js';
import { createSmtpSender } from '../alerting/src/delivery/transport.js';
import { DeliveryWorker } from '../alerting/src/delivery/worker.js';
import { buildServer } from '../alerting/src/http/server.js';
import { createMetrics } from '../alerting/src/metrics/metrics.js';
import { GroupCommit } from '../alerting/src/outbox/group-commit.js';
import { OutboxStore } from '../alerting/src/outbox/store.js';
import { dedupeKeyOf } from '../alerting/src/webhook/dedupe-key.js';
import { parseNotification } from '../alerting/src/webhook/payload.js';

const QUICK = process.env.BENCH_QUICK === '1';
const LATENCY_REQUESTS = QUICK ? 300 : 3_000;
const THROUGHPUT_REQUESTS = QUICK ? 500 : 5_000;
const THROUGHPUT_CONCURRENCY = 16;
const DRAIN_MAILS = QUICK ? 100 : 1_000;
const TOKEN = 'bench-token';
const SMTP_USER = 'alerts@example.org';
const SMTP_PASSWORD = 'bench-password';
const silent = pino({ level: 'silent' });

function body(index: number): string {
  const fingerprint = index.toString(16).padStart(16, '0');
  return JSON.stringify({
    receiver: 'mailer',
    status: 'firing',
    version: '4',
    truncatedAlerts: 0,
    groupKey: `{}:{alertname="HighTemperature", room="room-${index % 50}"}`,
    groupLabels: { alertname: 'HighTemperature', room: `room-${index % 50}` },
    commonLabels: { alertname: 'HighTemperature', room: `room-${index % 50}` },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'HighTemperature', room: `room-${index % 50}`, severity: 'warning' },
        annotations: { summary: 'Room is 31 °C', description: 'Above 30 °C for 2 minutes.' },
        startsAt: '2026-12-03T18:57:35Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph?g0.expr=temperature_celsius',
        fingerprint,
      },
    ],
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function startWebhookServer(durable: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'glass-bench-'));
  const store = new OutboxStore(dir);
  const metrics = createMetrics(() => store.stats());
  const commits = new GroupCommit(store, 3_600_000);
  const server = buildServer({
    log: silent,
    metrics,
    webhookToken: TOKEN,
    accept: durable
      ? (key, notification) => commits.accept(key, JSON.stringify(notification))
      : async () => ({ id: 0, duplicate: false }),
    onAccepted: () => undefined,
    isReady: () => true,
    serveMetrics: true,
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    async close() {
      await server.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A plain keep-alive client: fetch costs more CPU than the server under test on two cores.
const agent = new Agent({ keepAlive: true, maxSockets: THROUGHPUT_CONCURRENCY });

function post(url: string, payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${TOKEN}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve()
            : reject(new Error(`webhook answered ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function measureWebhook(durable: boolean, offset: number) {
  const server = await startWebhookServer(durable);
  try {
    for (let index = 0; index < 200; index += 1) {
      await post(server.url, body(offset + 1_000_000 + index));
    }

    const latencies: number[] = [];
    for (let index = 0; index < LATENCY_REQUESTS; index += 1) {
      const payload = body(offset + index);
      const started = performance.now();
      await post(server.url, payload);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);

    let next = 0;
    const started = performance.now();
    const workers = Array.from({ length: THROUGHPUT_CONCURRENCY }, async () => {
      while (next < THROUGHPUT_REQUESTS) {
        const index = next;
        next += 1;
        await post(server.url, body(offset + 2_000_000 + index));
      }
    });
    await Promise.all(workers);
    const perSecond = THROUGHPUT_REQUESTS / ((performance.now() - started) / 1000);

    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond };
  } finally {
    await server.close();
  }
}

/** One SQLite commit with a disk sync, without HTTP: the floor under the durable latency. */
function measureCommit() {
  const dir = mkdtempSync(join(tmpdir(), 'glass-bench-commit-'));
  const store = new OutboxStore(dir);
  const payload = body(0);
  const latencies: number[] = [];
  for (let index = 0; index < LATENCY_REQUESTS / 3; index += 1) {
    const started = performance.now();
    store.accept(`commit-${index}`, payload, Date.now(), 3_600_000);
    latencies.push(performance.now() - started);
  }
  store.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function startSmtpServer() {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  let received = 0;
  let connections = 0;
  const server = new SMTPServer({
    key: pems.private,
    cert: pems.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      const ok = auth.username === SMTP_USER && auth.password === SMTP_PASSWORD;
      callback(
        ok ? null : new Error('535 authentication failed'),
        ok ? { user: SMTP_USER } : undefined,
      );
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    ca: pems.cert,
    counts: () => ({ received, connections }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function measureDrain(smtp: Awaited<ReturnType<typeof startSmtpServer>>, pool: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'glass-bench-drain-'));
  const store = new OutboxStore(dir);
  for (let index = 0; index < DRAIN_MAILS; index += 1) {
    const notification = parseNotification(JSON.parse(body(index)));
    store.accept(dedupeKeyOf(notification), JSON.stringify(notification), Date.now(), 3_600_000);
  }

  const config = loadConfig({
    MAILER_SMTP_URL: `smtp://${encodeURIComponent(SMTP_USER)}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`,
    MAILER_FROM: 'alerts@example.org',
    MAILER_TO: 'owner@example.org',
  });
  const concurrency = 3;
  const sender = createSmtpSender(
    { smtp: config.smtp, smtpCa: smtp.ca },
    { pool, maxConnections: concurrency },
  );
  const worker = new DeliveryWorker({
    store,
    sender,
    metrics: createMetrics(() => store.stats()),
    log: silent,
    compose: { from: config.from, defaultTo: config.to },
    policy: DEFAULT_RETRY_POLICY,
    concurrency,
  });

  const before = smtp.counts();
  const started = performance.now();
  worker.start();
  while (store.stats().pending > 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  sender.close();
  const after = smtp.counts();
  const stats = store.stats();
  store.close();
  rmSync(dir, { recursive: true, force: true });

  if (after.received - before.received !== DRAIN_MAILS || stats.dead > 0) {
    throw new Error(
      `drain lost mails: ${after.received - before.received} received, ${stats.dead} dead`,
    );
  }
  return { seconds, connections: after.connections - before.connections };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}x`;

async function main(): Promise<void> {
  console.log(
    `webhook: ${LATENCY_REQUESTS} sequential + ${THROUGHPUT_REQUESTS} requests at concurrency ` +
      `${THROUGHPUT_CONCURRENCY}; drain: ${DRAIN_MAILS} mails, 3 connections`,
  );

  const baseline = await measureWebhook(false, 0);
  const durable = await measureWebhook(true, 10_000_000);
  console.log(
    `accept latency p50  durable ${ms(durable.p50)}  baseline (no write) ${ms(baseline.p50)}  ` +
      `ratio ${ratio(durable.p50, baseline.p50)}`,
  );
  console.log(
    `accept latency p99  durable ${ms(durable.p99)}  baseline (no write) ${ms(baseline.p99)}  ` +
      `ratio ${ratio(durable.p99, baseline.p99)}  (goal < 20 ms)`,
  );
  const commit = measureCommit();
  console.log(
    `one outbox commit alone (fsync, no HTTP)  p50 ${ms(commit.p50)}  p99 ${ms(commit.p99)}`,
  );
  console.log(
    `accepted per second durable ${durable.perSecond.toFixed(0)}/s  baseline ` +
      `${baseline.perSecond.toFixed(0)}/s  ratio ${ratio(durable.perSecond, baseline.perSecond)}  ` +
      '(goal 500/s)',
  );

  const smtp = await startSmtpServer();
  try {
    const unpooled = await measureDrain(smtp, false);
    const pooled = await measureDrain(smtp, true);
    console.log(
      `drain ${DRAIN_MAILS} mails       pooled ${pooled.seconds.toFixed(2)} s ` +
        `(${(DRAIN_MAILS / pooled.seconds).toFixed(0)} mails/s, ${pooled.connections} connections)  ` +
        `unpooled ${unpooled.seconds.toFixed(2)} s (${unpooled.connections} connections)  ` +
        `ratio ${ratio(pooled.seconds, unpooled.seconds)}`,
    );
  } finally {
    await smtp.close();
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
