// Sensors collector: QoS 1 ingestion through the embedded broker, and scrape time with
// 1,000 live series. Each figure is printed as a ratio against a baseline run in the same
// process: the same publisher into a bare aedes broker with a no-op subscriber, and a scrape of
// a collector holding 10 series.
//
// MQTT_BENCH_MESSAGES (default 100000) sets the number of messages per ingestion run.
import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { Aedes } from 'aedes';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { loadSettings } from '../exporter/src/config/settings.js';
import { formatText, type MetricFamily } from '../exporter/src/core/exposition.js';
import { MqttCollector } from '../exporter/src/collectors/mqtt/collector.js';
import { mqttCollector } from '../exporter/src/collectors/mqtt/plugin.js';
import type { EmbeddedBroker } from '../exporter/src/collectors/mqtt/sources/embedded-broker.js';

const MESSAGES = Number(process.env.MQTT_BENCH_MESSAGES ?? 100_000);
const DEVICES = 100;
const SENSORS_PER_DEVICE = 10;
const IN_FLIGHT = 1000;
const CONNECTIONS = 4;
const SCRAPES = 300;
const WARM_UP_MESSAGES = 10_000;
const ROUNDS = 3;

interface PublishResult {
  readonly acked: number;
  readonly seconds: number;
}

// The publisher runs in a worker thread, as boards would run apart from the exporter, so that
// it does not share the broker's event loop.
const PUBLISHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const mqtt = createRequire(workerData.base)('mqtt');
const { url, messages, devices, sensors, inFlight, connections } = workerData;

let sent = 0;
let acked = 0;
let started;
const clients = [];

function topicOf(index) {
  const device = index % devices;
  const sensor = Math.floor(index / devices) % sensors;
  return 'bench-' + device + '/sensor/temperature_' + sensor + '/state';
}

function sendMore(client) {
  while (sent < messages && sent - acked < inFlight) {
    const index = sent++;
    client.publish(topicOf(index), (15 + (index % 200) / 10).toFixed(1), { qos: 1 }, (err) => {
      if (err) throw err;
      acked++;
      if (acked < messages) return sendMore(client);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let open = clients.length;
      for (const each of clients) {
        each.end(false, {}, () => {
          if (--open === 0) parentPort.postMessage({ acked, seconds });
        });
      }
    });
  }
}

let ready = 0;
for (let i = 0; i < connections; i++) {
  const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0 });
  client.on('error', (err) => { throw err; });
  client.once('connect', () => {
    if (++ready < connections) return;
    started = process.hrtime.bigint();
    for (const each of clients) sendMore(each);
  });
  clients.push(client);
}
`;

function publish(url: string, messages = MESSAGES): Promise<PublishResult> {
  const worker = new Worker(PUBLISHER, {
    eval: true,
    workerData: {
      base: import.meta.url,
      url,
      messages,
      devices: DEVICES,
      sensors: SENSORS_PER_DEVICE,
      inFlight: IN_FLIGHT,
      connections: CONNECTIONS,
    },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: PublishResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

async function bareBrokerRun(messages = MESSAGES): Promise<PublishResult> {
  const broker = await Aedes.createBroker();
  let delivered = 0;
  await new Promise<void>((resolve) =>
    broker.subscribe(
      '#',
      (packet, done) => {
        if (!packet.topic.startsWith('$')) delivered += 1;
        done();
      },
      resolve,
    ),
  );
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const result = await publish(`mqtt://127.0.0.1:${port}`, messages);

  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (delivered !== result.acked) throw new Error(`baseline lost ${result.acked - delivered}`);
  return result;
}

interface CollectorUnderTest {
  readonly collector: MqttCollector;
  readonly registry: Registry;
  readonly url: string;
}

async function startCollector(): Promise<CollectorUnderTest> {
  const settings = loadSettings(mqttCollector.settings, {
    env: { MQTT_EMBEDDED_LISTEN: '127.0.0.1:0' },
    flags: new Map(),
  });
  const registry = new Registry();
  const collector = new MqttCollector(settings, registry, pino({ level: 'silent' }));
  await collector.start();
  const port = (collector.source as EmbeddedBroker).port;
  return { collector, registry, url: `mqtt://127.0.0.1:${port}` };
}

async function parsedCount(registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric('mqtt_messages_total')?.get();
  const parsed = metric?.values.find((value) => value.labels.result === 'parsed');
  return parsed?.value ?? 0;
}

async function scrapeOnce({ collector, registry }: CollectorUnderTest): Promise<number> {
  const started = performance.now();
  await collector.collect(new AbortController().signal);
  const text = formatText((await registry.getMetricsAsJSON()) as unknown as MetricFamily[]);
  const elapsed = performance.now() - started;
  if (text.length === 0) throw new Error('empty scrape');
  return elapsed;
}

async function medianScrapeMs(target: CollectorUnderTest): Promise<number> {
  for (let i = 0; i < 20; i += 1) await scrapeOnce(target);
  const times: number[] = [];
  for (let i = 0; i < SCRAPES; i += 1) times.push(await scrapeOnce(target));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

function seriesHeld(target: CollectorUnderTest): number {
  return [...target.collector.store.readings()].length;
}

const rate = (result: PublishResult): number => result.acked / result.seconds;

function medianRun(results: PublishResult[]): PublishResult {
  const sorted = [...results].sort((a, b) => rate(a) - rate(b));
  return sorted[Math.floor(sorted.length / 2)] ?? { acked: 0, seconds: Infinity };
}
const fixed = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  console.log(`messages per run: ${fixed(MESSAGES)} at QoS 1, ${IN_FLIGHT} in flight`);

  // Warm both paths up first, so that neither run pays for the JIT alone.
  await bareBrokerRun(WARM_UP_MESSAGES);
  const warmUp = await startCollector();
  await publish(warmUp.url, WARM_UP_MESSAGES);
  await warmUp.collector.stop();

  // Alternate the two runs so that load from other processes hits both alike; report medians.
  const baselines: PublishResult[] = [];
  const runs: PublishResult[] = [];
  let lost = 0;
  let measured: CollectorUnderTest | undefined;
  for (let round = 0; round < ROUNDS; round += 1) {
    baselines.push(await bareBrokerRun());

    await measured?.collector.stop();
    measured = await startCollector();
    const result = await publish(measured.url);
    lost = Math.max(lost, result.acked - (await parsedCount(measured.registry)));
    runs.push(result);
  }
  const baseline = medianRun(baselines);
  const run = medianRun(runs);
  if (!measured) throw new Error('no rounds ran');

  console.log(
    `baseline  aedes + no-op subscriber: ${fixed(rate(baseline))} msg/s ` +
      `(median of ${ROUNDS}; each run ${fixed(baseline.acked)} acked and delivered)`,
  );
  console.log(
    `collector embedded broker + ingest: ${fixed(rate(run))} msg/s ` +
      `(median of ${ROUNDS}; each run ${fixed(run.acked)} acked, most lost in a run: ${lost})`,
  );
  const ingestionMet = rate(run) >= 20_000 && lost === 0;
  console.log(
    `ingestion ratio vs baseline: ${fixed(rate(run) / rate(baseline), 2)}x ` +
      `(goal >= 20,000 msg/s with no loss: ${ingestionMet ? 'met' : 'NOT met'})`,
  );

  const small = await startCollector();
  await publish(small.url, 10);
  const smallSeries = seriesHeld(small);
  const bigSeries = seriesHeld(measured);

  const smallMs = await medianScrapeMs(small);
  const bigMs = await medianScrapeMs(measured);
  console.log(`baseline  scrape with ${smallSeries} series: ${fixed(smallMs, 3)} ms (median)`);
  console.log(`collector scrape with ${fixed(bigSeries)} series: ${fixed(bigMs, 3)} ms (median)`);
  console.log(
    `scrape ratio vs baseline: ${fixed(bigMs / smallMs, 1)}x ` +
      `(goal < 10 ms: ${bigMs < 10 ? 'met' : 'NOT met'})`,
  );

  await small.collector.stop();
  await measured.collector.stop();
}

await main();
