import { describe, expect, it } from 'vitest';
import { DiscoveryRegistry } from '../discovery-registry.js';
import { parseValueTemplate } from './home-assistant.js';
import { quantityFromName } from './quantity-names.js';
import { parseMessage } from './route.js';
import type { ParsedMessage } from './types.js';

const parse = (topic: string, payload: string): ParsedMessage =>
  parseMessage(topic, Buffer.from(payload), new DiscoveryRegistry(10));

describe('Tasmota', () => {
  it('reads a BME280 with sea-level pressure and a dew point, in the units it names', () => {
    const message = parse(
      'tele/weather/SENSOR',
      '{"BME280":{"Temperature":23.0,"Humidity":32.3,"DewPoint":5.5,"Pressure":1014.0,' +
        '"SeaPressure":1020.1},"SGP30":{"eCO2":584,"TVOC":263},"PressureUnit":"hPa","TempUnit":"C"}',
    );

    expect(message).toEqual({
      kind: 'readings',
      device: 'weather',
      measurements: [
        { sensor: 'BME280', value: 23, quantity: 'temperature', unit: '°C' },
        { sensor: 'BME280', value: 32.3, quantity: 'humidity', unit: '%' },
        { sensor: 'BME280.DewPoint', value: 5.5, quantity: 'temperature', unit: '°C' },
        { sensor: 'BME280', value: 1014, quantity: 'pressure', unit: 'hPa' },
        { sensor: 'BME280.SeaPressure', value: 1020.1, quantity: 'pressure', unit: 'hPa' },
        { sensor: 'SGP30', value: 584, quantity: 'co2', unit: 'ppm' },
        { sensor: 'SGP30.TVOC', value: 263, quantity: undefined, unit: 'ppb' },
      ],
    });
  });

  it('reads the Wi-Fi signal in dBm from STATE, not the RSSI quality figure', () => {
    const message = parse('tele/plug/STATE', '{"Wifi":{"RSSI":44,"Signal":-78},"POWER":"OFF"}');

    expect(message).toMatchObject({
      device: 'plug',
      measurements: [{ sensor: 'wifi', value: -78, quantity: 'signal' }],
    });
  });

  it('names channels of multi-channel meters', () => {
    const message = parse('tele/dual/SENSOR', '{"ENERGY":{"Power":[143,20]}}');

    expect(message).toMatchObject({
      measurements: [
        { sensor: 'ENERGY.0', value: 143 },
        { sensor: 'ENERGY.1', value: 20 },
      ],
    });
  });

  it.each([
    ['stat/plug/POWER', 'ON'],
    ['cmnd/plug/POWER', 'TOGGLE'],
    ['tele/plug/INFO1', '{"Module":"Sonoff Basic","Version":"13.1.0"}'],
    ['tele/plug/SENSOR', '{"Time":"2026-12-03T10:00:00"}'],
  ])('ignores %s', (topic, payload) => {
    expect(parse(topic, payload).kind).toBe('ignored');
  });

  it('calls a SENSOR message that is not JSON invalid', () => {
    expect(parse('tele/plug/SENSOR', '21.5').kind).toBe('invalid');
  });
});

describe('ESPHome', () => {
  it('takes the node name as the device even when the prefix has levels', () => {
    expect(parse('home/esp-kitchen/sensor/wifi_signal/state', '-67')).toEqual({
      kind: 'readings',
      device: 'home/esp-kitchen',
      measurements: [{ sensor: 'wifi_signal', value: -67, quantity: 'signal' }],
      ttlSeconds: undefined,
    });
  });

  it('ignores states of components that are not sensors', () => {
    expect(parse('esp-kitchen/binary_sensor/motion/state', 'ON').kind).toBe('ignored');
    expect(parse('esp-kitchen/switch/relay/state', 'OFF').kind).toBe('ignored');
  });

  it('calls a sensor state that is not a number invalid', () => {
    expect(parse('esp-kitchen/sensor/kitchen_temperature/state', 'warm').kind).toBe('invalid');
  });
});

describe('Shelly', () => {
  it('reads Gen1 relay power and watt-minute energy per channel', () => {
    expect(parse('shellies/shelly1pm-1/relay/0/energy', '600')).toMatchObject({
      device: 'shelly1pm-1',
      measurements: [{ sensor: 'relay_0', value: 600, quantity: 'energy', unit: 'Wmin' }],
    });
  });

  it('reads Gen1 external probes in JSON', () => {
    expect(
      parse('shellies/shelly1-2/ext_temperatures', '{"0":{"hwID":"28f7f676e0000000","tC":25.9}}'),
    ).toMatchObject({
      device: 'shelly1-2',
      measurements: [{ sensor: 'ext_temperature_0', value: 25.9, quantity: 'temperature' }],
    });
  });

  it('ignores Gen1 relay states and announcements', () => {
    expect(parse('shellies/shelly1-2/relay/0', 'on').kind).toBe('ignored');
    expect(parse('shellies/announce', '{"id":"shelly1-2","fw_ver":"1.14"}').kind).toBe('ignored');
  });

  it('reads Gen2 component status objects', () => {
    expect(parse('shellyplusht-a1/status/temperature:0', '{"id":0,"tC":22.4,"tF":72.3}')).toEqual({
      kind: 'readings',
      device: 'shellyplusht-a1',
      measurements: [{ sensor: 'temperature:0', value: 22.4, quantity: 'temperature', unit: '°C' }],
      ttlSeconds: undefined,
    });
    expect(parse('shellyplusht-a1/status/humidity:0', '{"id":0,"rh":51.9}')).toMatchObject({
      measurements: [{ sensor: 'humidity:0', value: 51.9, quantity: 'humidity' }],
    });
  });

  it('reads Gen2 status notifications and the availability topic', () => {
    const rpc = JSON.stringify({
      src: 'shellyplus1pm-b2',
      method: 'NotifyStatus',
      params: { ts: 1, 'switch:0': { id: 0, apower: 12.5, aenergy: { total: 2 } } },
    });

    expect(parse('shellyplus1pm-b2/events/rpc', rpc)).toMatchObject({
      device: 'shellyplus1pm-b2',
      measurements: [
        { sensor: 'switch:0', value: 12.5, quantity: 'power' },
        { sensor: 'switch:0', value: 2, quantity: 'energy', unit: 'Wh' },
      ],
    });
    expect(parse('shellyplus1pm-b2/online', 'true')).toEqual({
      kind: 'availability',
      device: 'shellyplus1pm-b2',
      online: true,
    });
  });
});

describe('Zigbee2MQTT', () => {
  it('reads battery sensors with millivolts and link quality of unknown kind', () => {
    expect(
      parse(
        'zigbee2mqtt/bathroom',
        '{"battery":100,"humidity":66.13,"linkquality":18,"temperature":23.13,"voltage":3200}',
      ),
    ).toMatchObject({
      device: 'bathroom',
      measurements: [
        { sensor: 'battery', quantity: 'battery' },
        { sensor: 'humidity', quantity: 'humidity' },
        { sensor: 'linkquality', quantity: undefined, unit: 'lqi' },
        { sensor: 'temperature', quantity: 'temperature' },
        { sensor: 'voltage', value: 3200, quantity: 'voltage', unit: 'mV' },
      ],
    });
  });

  it('reads availability as JSON or a bare word, and ignores the bridge', () => {
    expect(parse('zigbee2mqtt/bathroom/availability', '{"state":"offline"}')).toEqual({
      kind: 'availability',
      device: 'bathroom',
      online: false,
    });
    expect(parse('zigbee2mqtt/bathroom/availability', 'online')).toMatchObject({ online: true });
    expect(parse('zigbee2mqtt/bridge/state', '{"state":"online"}').kind).toBe('ignored');
  });
});

describe('plain sketches', () => {
  it('reads flat JSON per device, naming nested values by their path', () => {
    expect(
      parse(
        'home/livingroom',
        '{"temperature":23.2,"humidity":51.6,"computed":{"heat_index":22.92},"id":7}',
      ),
    ).toMatchObject({
      device: 'home/livingroom',
      measurements: [
        { sensor: 'temperature', value: 23.2, quantity: 'temperature' },
        { sensor: 'humidity', value: 51.6, quantity: 'humidity' },
        { sensor: 'computed.heat_index', value: 22.92, quantity: undefined },
      ],
    });
  });

  it('reads a number of unknown kind', () => {
    expect(parse('garden/soil/moisture', '512')).toMatchObject({
      device: 'garden/soil',
      measurements: [{ sensor: 'moisture', value: 512, quantity: undefined }],
    });
  });

  it.each(['ON', 'off', 'open'])('ignores the switch state %s', (word) => {
    expect(parse('home/hall/light', word).kind).toBe('ignored');
  });

  it.each(['Infinity', '1e999', 'hello world', '"21"'])('calls %s invalid', (payload) => {
    expect(parse('home/hall/temp', payload).kind).toBe('invalid');
  });
});

describe('Home Assistant discovery', () => {
  it('accepts abbreviated keys and expands the base topic', () => {
    const message = parse(
      'homeassistant/sensor/node1/pressure/config',
      '{"~":"node1/bme","stat_t":"~/state","unit_of_meas":"hPa","dev_cla":"pressure","exp_aft":600}',
    );

    expect(message).toEqual({
      kind: 'discovery',
      configTopic: 'homeassistant/sensor/node1/pressure/config',
      sensor: {
        stateTopic: 'node1/bme/state',
        sensor: 'pressure',
        quantity: 'pressure',
        unit: 'hPa',
        jsonPath: undefined,
        ttlSeconds: 600,
        availability: undefined,
      },
    });
  });

  it('ignores other components and configs with templates it cannot evaluate', () => {
    expect(parse('homeassistant/binary_sensor/n/motion/config', '{"stat_t":"n/m"}').kind).toBe(
      'ignored',
    );
    expect(
      parse('homeassistant/sensor/n/t/config', '{"stat_t":"n/t","val_tpl":"{{ value * 2 }}"}').kind,
    ).toBe('ignored');
    expect(parse('homeassistant/status', 'online').kind).toBe('ignored');
  });

  it('calls a config without a state topic invalid', () => {
    expect(parse('homeassistant/sensor/n/t/config', '{"unit_of_meas":"°C"}').kind).toBe('invalid');
  });

  it.each([
    ['{{ value }}', []],
    ['{{ value | float }}', []],
    ['{{ value_json.temperature }}', ['temperature']],
    ["{{ value_json['ENERGY'].Total | round(2) }}", ['ENERGY', 'Total']],
    ['{{value_json.list[0]}}', ['list', '0']],
    ['{{ value_json.t if value_json.ok else 0 }}', 'unsupported'],
  ])('reads the value template %s', (template, expected) => {
    expect(parseValueTemplate(template)).toEqual(expected);
  });
});

describe('quantities from names', () => {
  it.each([
    ['kitchen_temperature', 'temperature'],
    ['temp', 'temperature'],
    ['temp2', 'temperature'],
    ['batteryVoltage', 'voltage'],
    ['battery_level', 'battery'],
    ['wifi_signal', 'signal'],
    ['eCO2', 'co2'],
    ['power_factor', undefined],
    ['apparent_power', undefined],
    ['dew_point', undefined],
    ['soil_moisture', undefined],
  ])('%s -> %s', (name, quantity) => {
    expect(quantityFromName(name)).toBe(quantity);
  });
});
