import { finiteNumber, isRecord, type Payload } from './payload.js';
import { quantityFromName } from './quantity-names.js';
import {
  ignored,
  invalid,
  readings,
  type Measurement,
  type ParsedMessage,
  type Quantity,
} from './types.js';

/**
 * Shelly Gen1: `shellies/<id>/sensor/<name>` and friends, one plain value per topic;
 * `shellies/<id>/online` -> true/false.
 * Shelly Gen2/Plus: `<prefix>/status/<component>:<n>` JSON (`{"id":0,"tC":22.4}`) and
 * `<prefix>/events/rpc` notifications carrying the same component objects.
 */

/** Gen1 per-channel values: `relay/0/power`; relays count energy in watt-minutes. */
const GEN1_CHANNEL_VALUES: ReadonlyMap<string, { quantity: Quantity; unit: string }> = new Map([
  ['power', { quantity: 'power', unit: 'W' }],
  ['energy', { quantity: 'energy', unit: 'Wmin' }],
  ['voltage', { quantity: 'voltage', unit: 'V' }],
  ['current', { quantity: 'current', unit: 'A' }],
  ['total', { quantity: 'energy', unit: 'Wh' }],
]);

const GEN2_COMPONENT = /^[a-z0-9_]+:\d+$/;

export function isShellyGen1Topic(levels: readonly string[]): boolean {
  return levels[0] === 'shellies' && levels.length >= 2;
}

export function isShellyGen2Topic(levels: readonly string[]): boolean {
  const n = levels.length;
  if (n < 3) return false;
  if (levels[n - 2] === 'status' && GEN2_COMPONENT.test(levels[n - 1] ?? '')) return true;
  return levels[n - 2] === 'events' && levels[n - 1] === 'rpc';
}

export function shellyGen1Device(levels: readonly string[]): string {
  return levels[1] ?? '';
}

export function shellyGen2Device(levels: readonly string[]): string {
  return levels.slice(0, -2).join('/');
}

export function parseShellyGen1(levels: readonly string[], payload: Payload): ParsedMessage {
  const device = shellyGen1Device(levels);
  const rest = levels.slice(2);
  const [first, second, third] = rest;

  if (rest.length === 1 && first === 'online') return gen1Availability(device, payload);
  if (first === 'ext_temperatures' || first === 'ext_humidities') {
    return externalProbes(device, first, payload);
  }
  if (payload.shape === 'no-value') return { kind: 'withdrawn' };
  if (payload.shape !== 'number') return ignored('Shelly topic without a measurement');

  const value = payload.value;
  if (first === 'sensor' && second !== undefined && rest.length === 2) {
    return readings(device, [{ sensor: second, value, quantity: quantityFromName(second) }]);
  }
  if ((first === 'ext_temperature' || first === 'ext_humidity') && rest.length === 2) {
    const quantity = first === 'ext_temperature' ? 'temperature' : 'humidity';
    return readings(device, [{ sensor: `${first}_${second}`, value, quantity }]);
  }
  const channelValue = third === undefined ? undefined : GEN1_CHANNEL_VALUES.get(third);
  if (channelValue && rest.length === 3) {
    return readings(device, [{ sensor: `${first}_${second}`, value, ...channelValue }]);
  }
  if (rest.length === 1 && first !== undefined) {
    return readings(device, [{ sensor: first, value, quantity: quantityFromName(first) }]);
  }
  return ignored('Shelly topic without a measurement');
}

function gen1Availability(device: string, payload: Payload): ParsedMessage {
  if (payload.shape === 'state-word' && (payload.word === 'true' || payload.word === 'false')) {
    return { kind: 'availability', device, online: payload.word === 'true' };
  }
  return invalid('Shelly online topic expects true or false');
}

/** `{"0":{"hwID":"28f7...","tC":25.9}}` -> sensor `ext_temperature_0`. */
function externalProbes(device: string, level: string, payload: Payload): ParsedMessage {
  if (payload.shape === 'broken-json') return invalid('the Shelly JSON is malformed');
  if (payload.shape !== 'json' || !isRecord(payload.value)) {
    return invalid('Shelly external probes expect a JSON object');
  }

  const temperature = level === 'ext_temperatures';
  const measurements: Measurement[] = [];
  for (const [index, probe] of Object.entries(payload.value)) {
    if (!isRecord(probe)) continue;
    const value = finiteNumber(temperature ? probe.tC : (probe.hum ?? probe.rh));
    if (value === undefined) continue;
    measurements.push({
      sensor: `${temperature ? 'ext_temperature' : 'ext_humidity'}_${index}`,
      value,
      quantity: temperature ? 'temperature' : 'humidity',
    });
  }
  return readings(device, measurements);
}

export function parseShellyGen2(levels: readonly string[], payload: Payload): ParsedMessage {
  const device = shellyGen2Device(levels);
  if (payload.shape === 'broken-json') return invalid('the Shelly JSON is malformed');
  if (payload.shape !== 'json' || !isRecord(payload.value)) {
    return invalid('Shelly status and events messages must be JSON objects');
  }

  if (levels[levels.length - 1] === 'rpc') return rpcNotification(device, payload.value);
  return readings(device, componentMeasurements(levels[levels.length - 1] ?? '', payload.value));
}

function rpcNotification(device: string, message: Record<string, unknown>): ParsedMessage {
  const method = message.method;
  const params = message.params;
  if ((method !== 'NotifyStatus' && method !== 'NotifyFullStatus') || !isRecord(params)) {
    return ignored('Shelly event without status');
  }

  const measurements: Measurement[] = [];
  for (const [component, status] of Object.entries(params)) {
    if (!isRecord(status)) continue;
    if (GEN2_COMPONENT.test(component) || component === 'wifi') {
      measurements.push(...componentMeasurements(component, status));
    }
  }
  return readings(device, measurements);
}

/** Reads one Gen2 component status object: `temperature:0`, `switch:0`, `wifi`... */
function componentMeasurements(component: string, status: Record<string, unknown>): Measurement[] {
  const found: Measurement[] = [];
  const add = (value: unknown, quantity: Quantity, unit?: string, sensor = component): void => {
    const number = finiteNumber(value);
    if (number !== undefined) found.push({ sensor, value: number, quantity, unit });
  };

  if (component === 'wifi') {
    add(status.rssi, 'signal', 'dBm', 'wifi');
    return found;
  }

  add(status.tC, 'temperature', '°C');
  add(status.rh, 'humidity', '%');
  add(status.lux, 'illuminance', 'lx');
  add(status.apower, 'power', 'W');
  add(status.voltage, 'voltage', 'V');
  add(status.current, 'current', 'A');
  if (isRecord(status.aenergy)) add(status.aenergy.total, 'energy', 'Wh');
  if (isRecord(status.temperature)) add(status.temperature.tC, 'temperature', '°C');
  if (isRecord(status.battery)) {
    add(status.battery.percent, 'battery', '%');
    add(status.battery.V, 'voltage', 'V');
  }
  return found;
}
