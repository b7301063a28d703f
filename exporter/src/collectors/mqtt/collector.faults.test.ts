import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Aedes } from 'aedes';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import { SourceError } from '../../core/errors.js';
import { MqttCollector } from './collector.js';
import { mqttCollector } from './plugin.js';
import type { EmbeddedBroker } from './sources/embedded-broker.js';
import { freePort, Mosquitto } from './testing/mosquitto.js';
import { counterValue, scrape, scrapeUntil, type Scrape } from './testing/scrape.js';

interface Started {
  readonly collector: MqttCollector;
  readonly registry: Registry;
  readonly logs: Record<string, unknown>[];
  readonly url: string;
}

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startCollector(env: NodeJS.ProcessEnv): Promise<Started> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const settings = loadSettings(mqttCollector.settings, { env, flags: new Map() });
  const registry = new Registry();
  const collector = new MqttCollector(settings, registry, pino({ level: 'info' }, sink));
  await collector.start();
  cleanups.push(() => collector.stop());

  const port = (collector.source as Partial<EmbeddedBroker>).port;
  const url = env.MQTT_URL ?? `mqtt://127.0.0.1:${port}`;
  return { collector, registry, logs, url };
}

async function startMosquitto(options?: Parameters<typeof Mosquitto.start>[0]): Promise<Mosquitto> {
  const mosquitto = await Mosquitto.start(options);
  cleanups.push(() => mosquitto.stop());
  return mosquitto;
}

async function publisherFor(url: string, options = {}): Promise<MqttClient> {
  const client = await connectAsync(url, { protocolVersion: 4, ...options });
  cleanups.push(() => client.endAsync(true));
  return client;
}

function until(started: Started, ready: (result: Scrape) => boolean, timeoutMs?: number) {
  return scrapeUntil(started.collector, started.registry, ready, timeoutMs);
}

const healthy = (result: Scrape): boolean => result.error === undefined;
const temperature = (device: string, sensor: string, value: number): string =>
  `sensor_temperature_celsius{device="${device}",sensor="${sensor}"} ${value}`;

describe.each([
  { name: 'Mosquitto', embedded: false },
  { name: 'the embedded broker', embedded: true },
])('series lifetime through $name', ({ embedded }) => {
  async function start(env: NodeJS.ProcessEnv): Promise<Started> {
    const brokerEnv = embedded
      ? { MQTT_EMBEDDED_LISTEN: '127.0.0.1:0' }
      : { MQTT_URL: (await startMosquitto()).url };
    const started = await startCollector({ ...brokerEnv, ...env });
    await until(started, healthy);
    return started;
  }

  it('drops a series not updated for SENSOR_TTL_SECONDS and keeps a refreshed one', async () => {
    const started = await start({ SENSOR_TTL_SECONDS: '1' });
    const publisher = await publisherFor(started.url);

    await publisher.publishAsync('attic/sensor/attic_temperature/state', '41', { qos: 1 });
    await publisher.publishAsync('cellar/sensor/cellar_temperature/state', '12', { qos: 1 });
    await until(started, (r) => r.lines.includes(temperature('cellar', 'cellar_temperature', 12)));
    await new Promise((resolve) => setTimeout(resolve, 600));
    await publisher.publishAsync('cellar/sensor/cellar_temperature/state', '13', { qos: 1 });

    const result = await until(
      started,
      (r) => !r.lines.some((line) => line.includes('device="attic"')),
      5000,
    );
    expect(result.lines).toContain(temperature('cellar', 'cellar_temperature', 13));
    expect(
      result.lines.some((line) =>
        line.startsWith('sensor_last_seen_timestamp_seconds{device="attic"}'),
      ),
    ).toBe(false);
  });

  it('refuses new series past SENSOR_MAX_SERIES, counts them and logs once', async () => {
    const started = await start({ SENSOR_MAX_SERIES: '3' });
    const publisher = await publisherFor(started.url);

    for (const sensor of ['temp1', 'temp2', 'temp3', 'temp4', 'temp5', 'temp6']) {
      await publisher.publishAsync(`noisy/board/${sensor}`, '20', { qos: 1 });
    }
    await publisher.publishAsync('noisy/board/temp1', '21', { qos: 1 });

    const result = await until(started, (r) =>
      r.lines.includes(temperature('noisy/board', 'temp1', 21)),
    );
    const held = result.lines.filter((line) => line.startsWith('sensor_temperature_celsius'));
    expect(held).toEqual([
      temperature('noisy/board', 'temp1', 21),
      temperature('noisy/board', 'temp2', 20),
      temperature('noisy/board', 'temp3', 20),
    ]);
    expect(result.lines).toContain('sensor_series 3');
    expect(counterValue(result, 'sensor_series_refused_total')).toBe(3);
    const warnings = started.logs.filter((log) => String(log.msg).includes('SENSOR_MAX_SERIES'));
    expect(warnings).toHaveLength(1);
  });
});

describe('reconnecting to an external broker', () => {
  it('reports the broker down while it is stopped and recovers when it returns', async () => {
    const mosquitto = await startMosquitto();
    const started = await startCollector({ MQTT_URL: mosquitto.url });
    await until(started, healthy);
    const before = await publisherFor(mosquitto.url, { reconnectPeriod: 0 });
    await before.publishAsync('home/hall/temp', '19.5', { qos: 1 });
    await until(started, (r) => r.lines.includes(temperature('home/hall', 'temp', 19.5)));

    await mosquitto.pause();
    const down = await until(started, (r) => r.error !== undefined);
    expect(down.error).toBeInstanceOf(SourceError);
    expect((down.error as SourceError).message).toContain(mosquitto.url);
    expect(down.lines).toContain('mqtt_connected 0');
    // The last reading stays until its time to live, so a broker restart does not flap alerts.
    expect(down.lines).toContain(temperature('home/hall', 'temp', 19.5));

    await mosquitto.resume();
    const back = await until(started, healthy, 10_000);
    expect(back.lines).toContain('mqtt_connected 1');

    const after = await publisherFor(mosquitto.url);
    await after.publishAsync('home/hall/temp', '20.5', { qos: 1 });
    await until(started, (r) => r.lines.includes(temperature('home/hall', 'temp', 20.5)));
    expect(started.logs.some((log) => log.msg === 'lost the mqtt broker, reconnecting')).toBe(true);
  });

  it('keeps retrying after the broker refuses the credentials', async () => {
    const mosquitto = await startMosquitto({ users: { admin: 'admin-secret' } });
    const started = await startCollector({
      MQTT_URL: mosquitto.url,
      MQTT_USERNAME: 'exporter',
      MQTT_PASSWORD: 'exporter-secret',
    });

    const refused = await until(started, (r) =>
      String((r.error as Error | undefined)?.message).includes('refused the connection'),
    );
    expect(refused.error).toBeInstanceOf(SourceError);
    expect((refused.error as SourceError).hint).toMatch(/MQTT_USERNAME and MQTT_PASSWORD/);
    expect(refused.lines).toContain('mqtt_connected 0');
    expect(JSON.stringify(started.logs)).not.toContain('exporter-secret');

    mosquitto.addUser('exporter', 'exporter-secret');
    const accepted = await until(started, healthy, 10_000);
    expect(accepted.lines).toContain('mqtt_connected 1');
  });

  it('reports a subscription the broker refuses (aedes with an authorizer), and keeps retrying', async () => {
    // Mosquitto 2.0 grants subscriptions its ACL denies and filters on delivery, so a broker
    // that answers SUBACK 0x80 is an aedes instance with an authorizeSubscribe hook.
    const broker = await Aedes.createBroker({
      authorizeSubscribe: (_client, subscription, done) => {
        if (subscription.topic.startsWith('secret/')) done(null, null);
        else done(null, subscription);
      },
    });
    let connections = 0;
    broker.on('client', () => {
      connections += 1;
    });
    const server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      await new Promise((resolve) => broker.close(() => resolve(undefined)));
      await new Promise((resolve) => server.close(resolve));
    });
    const port = (server.address() as { port: number }).port;

    const started = await startCollector({
      MQTT_URL: `mqtt://127.0.0.1:${port}`,
      MQTT_TOPICS: 'home/#,secret/#',
    });

    const refused = await until(started, (r) =>
      String((r.error as Error | undefined)?.message).includes('refused the subscription'),
    );
    expect((refused.error as SourceError).message).toContain('secret/#');
    expect((refused.error as SourceError).hint).toMatch(/ACL/);
    expect(refused.lines).toContain('mqtt_connected 0');

    const connectionsSoFar = connections;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(connections).toBeGreaterThan(connectionsSoFar);
  });

  it('stops within the shutdown budget while waiting to retry', async () => {
    const url = `mqtt://127.0.0.1:${await freePort()}`;
    const started = await startCollector({ MQTT_URL: url });
    await until(started, (r) =>
      String((r.error as Error | undefined)?.message).includes('refused'),
    );

    const begun = performance.now();
    await started.collector.stop();
    expect(performance.now() - begun).toBeLessThan(5000);
  });
});

describe('a TLS broker with a private certificate', () => {
  it('reports the untrusted certificate with a hint, and connects given MQTT_CA_FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glass-mqtt-tls-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const certFile = join(dir, 'broker.pem');
    const keyFile = join(dir, 'broker.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const mosquitto = await startMosquitto({ tls: { certFile, keyFile } });

    const untrusted = await startCollector({ MQTT_URL: mosquitto.url });
    const refused = await until(untrusted, (r) =>
      String((r.error as Error | undefined)?.message).includes('is not trusted'),
    );
    expect((refused.error as SourceError).hint).toMatch(/MQTT_CA_FILE/);

    const trusted = await startCollector({ MQTT_URL: mosquitto.url, MQTT_CA_FILE: certFile });
    await until(trusted, healthy);
    const board = await publisherFor(mosquitto.url, { ca: [readFileSync(certFile)] });
    await board.publishAsync('home/vault/temp', '17.5', { qos: 1 });
    await until(trusted, (r) => r.lines.includes(temperature('home/vault', 'temp', 17.5)));
  });
});

describe('the embedded broker', () => {
  it('reports a taken port with a hint instead of crashing, and binds once it is free', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;

    const started = await startCollector({ MQTT_EMBEDDED_LISTEN: `127.0.0.1:${port}` });
    const taken = await scrape(started.collector, started.registry);
    expect(taken.error).toBeInstanceOf(SourceError);
    expect((taken.error as SourceError).message).toContain(`127.0.0.1:${port}`);
    expect((taken.error as SourceError).message).toContain('already in use');
    expect((taken.error as SourceError).hint).toMatch(/MQTT_URL=.*MQTT_EMBEDDED_LISTEN/);
    expect(taken.lines).toContain('mqtt_connected 0');

    await new Promise((resolve) => blocker.close(resolve));
    await until(started, healthy, 10_000);
    const publisher = await publisherFor(`mqtt://127.0.0.1:${port}`);
    await publisher.publishAsync('home/garden/temp', '8.5', { qos: 1 });
    await until(started, (r) => r.lines.includes(temperature('home/garden', 'temp', 8.5)));
  });

  it('requires the configured credentials from boards when MQTT_USERNAME is set', async () => {
    const started = await startCollector({
      MQTT_EMBEDDED_LISTEN: '127.0.0.1:0',
      MQTT_USERNAME: 'board',
      MQTT_PASSWORD: 'board-secret',
    });
    await until(started, healthy);

    await expect(
      connectAsync(started.url, {
        protocolVersion: 4,
        reconnectPeriod: 0,
        username: 'board',
        password: 'wrong',
      }),
    ).rejects.toThrow(/Bad username or password|refused/i);

    const board = await publisherFor(started.url, { username: 'board', password: 'board-secret' });
    await board.publishAsync('home/shed/temp', '4.5', { qos: 1 });
    await until(started, (r) => r.lines.includes(temperature('home/shed', 'temp', 4.5)));
  });

  it('releases its port on stop', async () => {
    const port = await freePort();
    const started = await startCollector({ MQTT_EMBEDDED_LISTEN: `127.0.0.1:${port}` });
    await until(started, healthy);
    await publisherFor(`mqtt://127.0.0.1:${port}`);

    await started.collector.stop();

    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => again.close(resolve));
  });
});
