import { finiteNumber, isRecord, type Payload } from './payload.js';
import {
  ignored,
  invalid,
  readings,
  type Measurement,
  type ParsedMessage,
  type Quantity,
} from './types.js';

/**
 * Zigbee2MQTT: `zigbee2mqtt/<friendly name>` with one JSON object per device
 * (`{"temperature":23.13,"humidity":66.13,"battery":100,"voltage":3200}`) and
 * `zigbee2mqtt/<name>/availability` -> `{"state":"online"}` (or the bare word).
 */

const FIELDS: ReadonlyMap<string, { quantity?: Quantity; unit: string }> = new Map([
  ['temperature', { quantity: 'temperature', unit: '°C' }],
  ['device_temperature', { quantity: 'temperature', unit: '°C' }],
  ['humidity', { quantity: 'humidity', unit: '%' }],
  ['pressure', { quantity: 'pressure', unit: 'hPa' }],
  ['illuminance', { quantity: 'illuminance', unit: 'lx' }],
  ['illuminance_lux', { quantity: 'illuminance', unit: 'lx' }],
  ['battery', { quantity: 'battery', unit: '%' }],
  ['current', { quantity: 'current', unit: 'A' }],
  ['power', { quantity: 'power', unit: 'W' }],
  ['energy', { quantity: 'energy', unit: 'kWh' }],
  ['co2', { quantity: 'co2', unit: 'ppm' }],
  ['linkquality', { unit: 'lqi' }],
]);

/** Requests and responses of the bridge and the devices, never measurements. */
const NON_STATE_LEVELS = new Set(['set', 'get', 'availability']);

export function isZigbee2mqttTopic(levels: readonly string[]): boolean {
  return levels[0] === 'zigbee2mqtt' && levels.length >= 2;
}

export function zigbee2mqttDevice(levels: readonly string[]): string {
  const last = levels[levels.length - 1] ?? '';
  const end = NON_STATE_LEVELS.has(last) ? -1 : undefined;
  return levels.slice(1, end).join('/');
}

export function parseZigbee2mqtt(levels: readonly string[], payload: Payload): ParsedMessage {
  const last = levels[levels.length - 1];
  const device = zigbee2mqttDevice(levels);
  if (levels[1] === 'bridge') return ignored('Zigbee2MQTT bridge topic');
  if (last === 'availability') return availability(device, payload);
  if (last === 'set' || last === 'get') return ignored('Zigbee2MQTT command topic');

  if (payload.shape === 'broken-json') return invalid('the Zigbee2MQTT JSON is malformed');
  if (payload.shape !== 'json' || !isRecord(payload.value)) {
    return ignored('Zigbee2MQTT message without a JSON state');
  }
  return readings(device, measurements(payload.value));
}

function availability(device: string, payload: Payload): ParsedMessage {
  const word =
    payload.shape === 'state-word'
      ? payload.word
      : payload.shape === 'json' && isRecord(payload.value)
        ? String(payload.value.state ?? '').toLowerCase()
        : '';
  if (word === 'online' || word === 'offline') {
    return { kind: 'availability', device, online: word === 'online' };
  }
  return invalid('Zigbee2MQTT availability expects online or offline');
}

function measurements(state: Record<string, unknown>): Measurement[] {
  const found: Measurement[] = [];

  for (const [field, raw] of Object.entries(state)) {
    const value = finiteNumber(raw);
    if (value === undefined) continue;

    if (field === 'voltage') {
      // Battery sensors report millivolts (3200), mains devices volts (230).
      const unit = 'battery' in state ? 'mV' : 'V';
      found.push({ sensor: field, value, quantity: 'voltage', unit });
      continue;
    }
    const known = FIELDS.get(field);
    found.push({ sensor: field, value, quantity: known?.quantity, unit: known?.unit });
  }

  return found;
}
