import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { formatText, type MetricFamily } from '../../core/exposition.js';
import { DiscoveryRegistry } from './discovery-registry.js';
import { MessageIngest } from './ingest.js';
import { MqttMetrics } from './metrics.js';
import { SeriesStore } from './series-store.js';
import {
  AVAILABILITY_ROWS,
  INVALID_PAYLOADS,
  NON_SENSOR_JSON,
  READING_ROWS,
} from './testing/firmware-table.js';

/** The collector's pipeline without a broker: messages in, exposition lines out. */
function pipeline(
  limits = { ttlSeconds: 900, maxSeries: 5000 },
  logger = pino({ level: 'silent' }),
) {
  let now = 1_800_000_000_000;
  const registry = new Registry();
  const store = new SeriesStore(limits, () => now);
  const metrics = new MqttMetrics(registry);
  const ingest = new MessageIngest(store, new DiscoveryRegistry(100), metrics, logger, 65536);

  return {
    send: (topic: string, payload: string | Buffer) =>
      ingest.handle(topic, Buffer.isBuffer(payload) ? payload : Buffer.from(payload)),
    advance: (ms: number) => {
      now += ms;
    },
    lines: async (): Promise<string[]> => {
      store.sweep();
      metrics.refresh(store, true);
      const families = (await registry.getMetricsAsJSON()) as unknown as MetricFamily[];
      return formatText(families)
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'));
    },
  };
}

const sensorLines = (lines: string[]): string[] =>
  lines.filter((line) => line.startsWith('sensor_') && !line.startsWith('sensor_series'));

describe('the firmware table without a broker', () => {
  it.each(READING_ROWS)('understands $name', async ({ messages, expected }) => {
    const p = pipeline();
    for (const { topic, payload } of messages) expect(p.send(topic, payload)).toBe('parsed');

    expect(await p.lines()).toEqual(expect.arrayContaining([...expected]));
  });

  it.each(AVAILABILITY_ROWS)('reads $firmware', async ({ topic, device, offline, online }) => {
    const p = pipeline();

    p.send(topic, offline);
    expect(await p.lines()).toContain(`sensor_device_up{device="${device}"} 0`);
    p.send(topic, online);
    expect(await p.lines()).toContain(`sensor_device_up{device="${device}"} 1`);
  });

  it.each(INVALID_PAYLOADS)(
    'counts $name as invalid and changes nothing else',
    async ({ payload }) => {
      const p = pipeline();
      p.send('home/livingroom/temp', '21');
      const before = await p.lines();

      expect(p.send('home/livingroom/temp', payload)).toBe('invalid');

      const after = await p.lines();
      expect(sensorLines(after)).toEqual(sensorLines(before));
      expect(after).toContain('mqtt_messages_total{result="invalid"} 1');
    },
  );

  it('ignores $SYS topics and non-sensor JSON', async () => {
    const p = pipeline();

    expect(p.send('$SYS/broker/load/messages/received/1min', '42.5')).toBe('ignored');
    expect(p.send(NON_SENSOR_JSON.topic, NON_SENSOR_JSON.payload)).toBe('ignored');

    const lines = await p.lines();
    expect(sensorLines(lines)).toEqual([]);
    expect(lines).toContain('mqtt_messages_total{result="ignored"} 2');
  });
});

describe('message handling', () => {
  it('reads a state that arrives before its discovery config by the topic conventions', async () => {
    const p = pipeline();

    p.send('esp-kitchen/sensor/kitchen_humidity/state', '45');
    p.send(
      'homeassistant/sensor/esp-kitchen/kitchen_humidity/config',
      '{"dev_cla":"humidity","unit_of_meas":"%","stat_t":"esp-kitchen/sensor/kitchen_humidity/state"}',
    );
    p.send('esp-kitchen/sensor/kitchen_humidity/state', '46');

    expect(sensorLines(await p.lines())).toContain(
      'sensor_humidity_ratio{device="esp-kitchen",sensor="kitchen_humidity"} 0.46',
    );
  });

  it('uses the unit and template of a discovery config for a JSON state topic', async () => {
    const p = pipeline();

    p.send(
      'homeassistant/sensor/porch/porch_temp/config',
      JSON.stringify({
        '~': 'porch/climate',
        stat_t: '~/state',
        val_tpl: '{{ value_json.readings.t | float }}',
        unit_of_meas: '°F',
        dev_cla: 'temperature',
        avty_t: '~/alive',
        pl_avail: 'yes',
        pl_not_avail: 'no',
      }),
    );
    p.send('porch/climate/state', '{"readings":{"t":86}}');
    p.send('porch/climate/alive', 'no');

    const lines = await p.lines();
    expect(lines).toContain(
      'sensor_temperature_celsius{device="porch/climate/state",sensor="porch_temp"} 30',
    );
    expect(lines).toContain('sensor_device_up{device="porch/climate/state"} 0');
  });

  it('forgets a discovery config deleted with an empty payload', async () => {
    const p = pipeline();
    const config = 'homeassistant/sensor/box/box_level/config';
    p.send(config, '{"stat_t":"box/level","unit_of_meas":"kPa"}');
    p.send('box/level', '101.3');
    expect(await p.lines()).toContain(
      'sensor_pressure_pascals{device="box",sensor="box_level"} 101300',
    );

    p.send(config, '');
    p.send('box/level', '99');

    expect(await p.lines()).toContain('sensor_value{device="box",sensor="level",unit=""} 99');
  });

  it('withdraws a reading when the device reports no value (ESPHome nan)', async () => {
    const p = pipeline();
    p.send('esp-attic/sensor/attic_temperature/state', '35.5');

    expect(p.send('esp-attic/sensor/attic_temperature/state', 'nan')).toBe('parsed');

    expect(sensorLines(await p.lines())).toEqual([]);
  });

  it('withdraws what a topic said when its retained message is deleted', async () => {
    const p = pipeline();
    p.send('tele/garage/LWT', 'Online');
    p.send('home/cellar/temp', '12');

    p.send('tele/garage/LWT', '');
    p.send('home/cellar/temp', '');

    expect(sensorLines(await p.lines())).toEqual([]);
  });

  it('converts Tasmota energy monitors to base units', async () => {
    const p = pipeline();
    p.send(
      'tele/plug/SENSOR',
      '{"ENERGY":{"Total":152.657,"Yesterday":1.758,"Today":0.178,"Power":143,' +
        '"ApparentPower":184,"Factor":0.77,"Voltage":235,"Current":0.784}}',
    );

    expect(sensorLines(await p.lines())).toEqual(
      expect.arrayContaining([
        'sensor_energy_joules_total{device="plug",sensor="ENERGY"} 549565200',
        'sensor_power_watts{device="plug",sensor="ENERGY"} 143',
        'sensor_voltage_volts{device="plug",sensor="ENERGY"} 235',
        'sensor_current_amperes{device="plug",sensor="ENERGY"} 0.784',
        'sensor_value{device="plug",sensor="ENERGY.ApparentPower",unit="VA"} 184',
        'sensor_value{device="plug",sensor="ENERGY.Factor",unit=""} 0.77',
      ]),
    );
  });

  it('drops a negative energy total, which no counter can hold', async () => {
    const p = pipeline();

    expect(p.send('zigbee2mqtt/plug', '{"energy":-3}')).toBe('invalid');
    expect(sensorLines(await p.lines())).toEqual([]);
  });

  it('counts a payload over MQTT_MAX_PAYLOAD_BYTES as invalid without reading it', async () => {
    const p = pipeline();

    expect(p.send('home/big/temp', Buffer.alloc(65537, '1'))).toBe('invalid');
    expect(p.send('home/big/temp', Buffer.from(' 21 '))).toBe('parsed');
  });

  it('expires readings after their TTL but keeps device availability', async () => {
    const p = pipeline({ ttlSeconds: 60, maxSeries: 10 });
    p.send('esp-porch/status', 'online');
    p.send('esp-porch/sensor/porch_temperature/state', '18');

    p.advance(61_000);

    const lines = await p.lines();
    expect(lines.filter((line) => line.startsWith('sensor_temperature'))).toEqual([]);
    expect(lines).toContain('sensor_device_up{device="esp-porch"} 1');
  });

  it('honours a discovery expire_after shorter than the TTL', async () => {
    const p = pipeline({ ttlSeconds: 900, maxSeries: 10 });
    p.send(
      'homeassistant/sensor/door/door_temp/config',
      '{"stat_t":"door/t","exp_aft":30,"dev_cla":"temperature"}',
    );
    p.send('door/t', '5');

    p.advance(31_000);

    expect(sensorLines(await p.lines()).filter((l) => !l.startsWith('sensor_last_seen'))).toEqual(
      [],
    );
  });
});

describe('hostile input', () => {
  it('handles every message without an internal error, whatever the topic and payload', async () => {
    const errors: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => errors.push(line) });
    const p = pipeline({ ttlSeconds: 900, maxSeries: 50 }, logger);
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = [
      'tele',
      'shellies',
      'zigbee2mqtt',
      'homeassistant',
      'sensor',
      'state',
      'status',
      'online',
      'SENSOR',
      'LWT',
      'config',
      '$SYS',
      'rpc',
      'events',
      'x',
      '',
      '+',
    ];
    const payloads = [
      '{"a":',
      '{"Temperature":"x"}',
      '[1,2]',
      'nan',
      '',
      '1e309',
      '{"x":{"y":' + '{"z":{"w":{"v":{"u":{"t":{"s":{"r":1}}}}}}}}}',
      '{"ENERGY":{"Total":-1}}',
      'true',
      '{"stat_t":"a/b","val_tpl":"{{ value_json.x }}"}',
      '\u0000\uffff',
      '{"params":null}',
    ];

    for (let i = 0; i < 5000; i += 1) {
      const levels = Array.from(
        { length: 1 + Math.floor(random() * 5) },
        () => pieces[Math.floor(random() * pieces.length)] ?? 'x',
      );
      const payload =
        random() < 0.3
          ? Buffer.from(
              Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)),
            )
          : Buffer.from(payloads[Math.floor(random() * payloads.length)] ?? '');
      expect(() => p.send(levels.join('/'), payload)).not.toThrow();
    }

    const lines = await p.lines();
    const counted = ['parsed', 'ignored', 'invalid']
      .map((result) => lines.find((l) => l.startsWith(`mqtt_messages_total{result="${result}"}`)))
      .reduce((sum, line) => sum + Number(line?.split(' ')[1] ?? 0), 0);
    expect(errors).toEqual([]);
    expect(counted).toBe(5000);
    expect(
      Number(lines.find((l) => l.startsWith('sensor_series '))?.split(' ')[1]),
    ).toBeLessThanOrEqual(50);
  });
});
