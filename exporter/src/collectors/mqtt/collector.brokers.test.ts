import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import { SourceError } from '../../core/errors.js';
import { MqttCollector } from './collector.js';
import { mqttCollector } from './plugin.js';
import type { EmbeddedBroker } from './sources/embedded-broker.js';
import {
  AVAILABILITY_ROWS,
  INVALID_PAYLOADS,
  NON_SENSOR_JSON,
  READING_ROWS,
  type TableMessage,
} from './testing/firmware-table.js';
import { Mosquitto } from './testing/mosquitto.js';
import { counterValue, scrape, scrapeUntil, type Scrape } from './testing/scrape.js';

interface Harness {
  readonly collector: MqttCollector;
  readonly registry: Registry;
  readonly brokerUrl: string;
  stop(): Promise<void>;
}

async function startCollector(env: NodeJS.ProcessEnv, mosquitto?: Mosquitto): Promise<Harness> {
  const settings = loadSettings(mqttCollector.settings, { env, flags: new Map() });
  const registry = new Registry();
  const collector = new MqttCollector(settings, registry, pino({ level: 'silent' }));
  await collector.start();
  await scrapeUntil(collector, registry, (result) => result.error === undefined);

  const port = mosquitto?.port ?? (collector.source as EmbeddedBroker).port;
  return {
    collector,
    registry,
    brokerUrl: `mqtt://127.0.0.1:${port}`,
    stop: () => collector.stop(),
  };
}

async function publish(client: MqttClient, messages: readonly TableMessage[]): Promise<void> {
  for (const { topic, payload, retain = false } of messages) {
    await client.publishAsync(topic, payload, { qos: 1, retain });
  }
}

const BROKERS = [
  { name: 'a real Mosquitto broker', embedded: false },
  { name: 'the embedded broker', embedded: true },
] as const;

describe.each(BROKERS)('sensor readings through $name', ({ embedded }) => {
  let mosquitto: Mosquitto | undefined;
  let harness: Harness;
  let publisher: MqttClient;
  let brokerEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    mosquitto = embedded ? undefined : await Mosquitto.start({ sysIntervalSeconds: 1 });
    brokerEnv = mosquitto ? { MQTT_URL: mosquitto.url } : { MQTT_EMBEDDED_LISTEN: '127.0.0.1:0' };
    harness = await startCollector(brokerEnv, mosquitto);
    publisher = await connectAsync(harness.brokerUrl, { protocolVersion: 4 });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await harness?.stop();
    await mosquitto?.stop();
  });

  const current = (): Promise<Scrape> => scrape(harness.collector, harness.registry);
  const until = (ready: (result: Scrape) => boolean): Promise<Scrape> =>
    scrapeUntil(harness.collector, harness.registry, ready);

  it.each(READING_ROWS)('understands $name', async ({ messages, expected }) => {
    await publish(publisher, messages);

    const result = await until((r) => expected.every((line) => r.lines.includes(line)));
    expect(result.lines).toEqual(expect.arrayContaining([...expected]));
  });

  it.each(AVAILABILITY_ROWS)(
    'reports availability from $firmware',
    async ({ topic, device, offline, online }) => {
      await publish(publisher, [{ topic, payload: offline, retain: true }]);
      await until((r) => r.lines.includes(`sensor_device_up{device="${device}"} 0`));

      await publish(publisher, [{ topic, payload: online, retain: true }]);
      const result = await until((r) => r.lines.includes(`sensor_device_up{device="${device}"} 1`));
      expect(result.lines).not.toContain(`sensor_device_up{device="${device}"} 0`);
    },
  );

  it('counts unreadable payloads as invalid and changes nothing else', async () => {
    await publish(publisher, [{ topic: 'home/cellar/temp', payload: '12.5' }]);
    const before = await until((r) =>
      r.lines.includes('sensor_temperature_celsius{device="home/cellar",sensor="temp"} 12.5'),
    );
    const invalidLine = 'mqtt_messages_total{result="invalid"}';
    const invalidBefore = counterValue(before, invalidLine);

    await publish(
      publisher,
      INVALID_PAYLOADS.map(({ payload }) => ({ topic: 'home/cellar/temp', payload })),
    );

    const after = await until(
      (r) => counterValue(r, invalidLine) === invalidBefore + INVALID_PAYLOADS.length,
    );
    const withoutInvalid = (r: Scrape): string[] =>
      r.lines.filter((line) => !line.startsWith(invalidLine));
    expect(withoutInvalid(after)).toEqual(withoutInvalid(before));
  });

  it('counts non-sensor JSON as ignored', async () => {
    const ignoredLine = 'mqtt_messages_total{result="ignored"}';
    const before = counterValue(await current(), ignoredLine);
    const seriesBefore = (await current()).lines.filter((l) => l.startsWith('sensor_value'));

    await publish(publisher, [NON_SENSOR_JSON]);

    const after = await until((r) => counterValue(r, ignoredLine) === before + 1);
    expect(after.lines.filter((l) => l.startsWith('sensor_value'))).toEqual(seriesBefore);
  });

  it('counts $SYS messages as ignored when MQTT_TOPICS asks for them', async () => {
    const own = await startCollector(
      { ...brokerEnv, MQTT_TOPICS: '#,$SYS/#', MQTT_EMBEDDED_LISTEN: '127.0.0.1:0' },
      mosquitto,
    );
    // The embedded broker announces each new client under $SYS; Mosquitto publishes statistics.
    const client = await connectAsync(own.brokerUrl, { protocolVersion: 4 });

    try {
      const result = await scrapeUntil(
        own.collector,
        own.registry,
        (r) => counterValue(r, 'mqtt_messages_total{result="ignored"}') > 0,
      );
      expect(result.lines.filter((line) => line.includes('$SYS'))).toEqual([]);
    } finally {
      await client.endAsync();
      await own.stop();
    }
  });

  it('reports the connection in mqtt_connected and a healthy collect', async () => {
    const result = await current();
    expect(result.error).toBeUndefined();
    expect(result.lines).toContain('mqtt_connected 1');
  });
});

describe('retained messages on a real Mosquitto broker', () => {
  it('reads retained readings published before the exporter subscribed as current', async () => {
    const mosquitto = await Mosquitto.start();
    const client = await connectAsync(mosquitto.url, { protocolVersion: 4 });
    try {
      await publish(client, [
        { topic: 'esp-porch/sensor/porch_temperature/state', payload: '18.25', retain: true },
        { topic: 'esp-porch/status', payload: 'online', retain: true },
      ]);

      const harness = await startCollector({ MQTT_URL: mosquitto.url }, mosquitto);
      try {
        const result = await scrapeUntil(harness.collector, harness.registry, (r) =>
          r.lines.includes('sensor_device_up{device="esp-porch"} 1'),
        );
        expect(result.lines).toContain(
          'sensor_temperature_celsius{device="esp-porch",sensor="porch_temperature"} 18.25',
        );
      } finally {
        await harness.stop();
      }
    } finally {
      await client.endAsync();
      await mosquitto.stop();
    }
  });

  it('reports a broker that is not there as a SourceError from collect', async () => {
    const mosquitto = await Mosquitto.start();
    const url = mosquitto.url;
    await mosquitto.stop();

    const settings = loadSettings(mqttCollector.settings, {
      env: { MQTT_URL: url },
      flags: new Map(),
    });
    const registry = new Registry();
    const collector = mqttCollector.create(settings, {
      registry,
      logger: pino({ level: 'silent' }),
    });
    await collector.start();
    try {
      const result = await scrapeUntil(collector, registry, (r) =>
        String((r.error as Error | undefined)?.message).includes('connection refused'),
      );
      expect(result.error).toBeInstanceOf(SourceError);
      expect((result.error as SourceError).hint).toMatch(/MQTT_URL/);
      expect(result.lines).toContain('mqtt_connected 0');
    } finally {
      await collector.stop();
    }
  });
});
