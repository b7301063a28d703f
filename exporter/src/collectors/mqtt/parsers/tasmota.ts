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
 * Tasmota: `tele/<topic>/SENSOR` (JSON per sensor chip), `tele/<topic>/STATE` (Wi-Fi signal),
 * `tele/<topic>/LWT` (Online/Offline); `stat/` and `cmnd/` carry commands and switch states.
 */

interface TasmotaField {
  readonly quantity?: Quantity;
  /** The field that names its sensor alone; other fields get `<sensor>.<field>`. */
  readonly main: boolean;
  /** A unit, or 'temperature' / 'pressure' for the unit the message names. */
  readonly unit?: string;
}

const FIELDS: ReadonlyMap<string, TasmotaField> = new Map([
  ['Temperature', { quantity: 'temperature', main: true, unit: 'temperature' }],
  ['DewPoint', { quantity: 'temperature', main: false, unit: 'temperature' }],
  ['Humidity', { quantity: 'humidity', main: true, unit: '%' }],
  ['Pressure', { quantity: 'pressure', main: true, unit: 'pressure' }],
  ['SeaPressure', { quantity: 'pressure', main: false, unit: 'pressure' }],
  ['Illuminance', { quantity: 'illuminance', main: true, unit: 'lx' }],
  ['CarbonDioxide', { quantity: 'co2', main: true, unit: 'ppm' }],
  ['eCO2', { quantity: 'co2', main: true, unit: 'ppm' }],
  ['Voltage', { quantity: 'voltage', main: true, unit: 'V' }],
  ['Current', { quantity: 'current', main: true, unit: 'A' }],
  ['Power', { quantity: 'power', main: true, unit: 'W' }],
  ['Total', { quantity: 'energy', main: true, unit: 'kWh' }],
  ['ApparentPower', { main: false, unit: 'VA' }],
  ['ReactivePower', { main: false, unit: 'var' }],
  ['Frequency', { main: false, unit: 'Hz' }],
  ['TVOC', { main: false, unit: 'ppb' }],
]);

/** Daily counters and bookkeeping that `Total` already covers or that are not measurements. */
const SKIPPED_FIELDS = new Set(['Today', 'Yesterday', 'Period', 'TotalStartTime', 'Id']);

export function isTasmotaTopic(levels: readonly string[]): boolean {
  const prefix = levels[0];
  return levels.length >= 3 && (prefix === 'tele' || prefix === 'stat' || prefix === 'cmnd');
}

export function parseTasmota(levels: readonly string[], payload: Payload): ParsedMessage {
  const [prefix] = levels;
  const kind = levels[levels.length - 1];
  const device = levels.slice(1, -1).join('/');
  if (prefix !== 'tele') return ignored('Tasmota command or state topic');

  if (kind === 'LWT') return availability(device, payload);
  if (kind !== 'SENSOR' && kind !== 'STATE') return ignored('Tasmota topic without sensor data');

  if (payload.shape === 'broken-json') return invalid('the Tasmota JSON is malformed');
  if (payload.shape !== 'json' || !isRecord(payload.value)) {
    return invalid('Tasmota SENSOR and STATE messages must be JSON objects');
  }

  const measurements =
    kind === 'SENSOR' ? sensorMeasurements(payload.value) : stateMeasurements(payload.value);
  return readings(device, measurements);
}

function availability(device: string, payload: Payload): ParsedMessage {
  if (payload.shape !== 'state-word') return ignored('unrecognised Tasmota LWT payload');
  if (payload.word === 'online') return { kind: 'availability', device, online: true };
  if (payload.word === 'offline') return { kind: 'availability', device, online: false };
  return ignored('unrecognised Tasmota LWT payload');
}

function sensorMeasurements(message: Record<string, unknown>): Measurement[] {
  const units = {
    temperature: typeof message.TempUnit === 'string' ? `°${message.TempUnit}` : '°C',
    pressure: typeof message.PressureUnit === 'string' ? message.PressureUnit : 'hPa',
  };
  const measurements: Measurement[] = [];

  for (const [sensor, fields] of Object.entries(message)) {
    if (!isRecord(fields)) continue;

    for (const [field, raw] of Object.entries(fields)) {
      if (SKIPPED_FIELDS.has(field)) continue;
      measurements.push(...fieldMeasurements(sensor, field, raw, units));
    }
  }

  return measurements;
}

function fieldMeasurements(
  sensor: string,
  field: string,
  raw: unknown,
  units: { temperature: string; pressure: string },
): Measurement[] {
  const known = FIELDS.get(field);
  const name = known?.main ? sensor : `${sensor}.${field}`;
  const unit =
    known?.unit === 'temperature' || known?.unit === 'pressure' ? units[known.unit] : known?.unit;

  // Multi-channel energy monitors send one value per channel: "Power":[143,20].
  const values = Array.isArray(raw) ? raw : [raw];
  const measurements: Measurement[] = [];
  values.forEach((item, channel) => {
    const value = finiteNumber(item);
    if (value === undefined) return;

    const sensorName = Array.isArray(raw) ? `${name}.${channel}` : name;
    measurements.push({ sensor: sensorName, value, quantity: known?.quantity, unit });
  });
  return measurements;
}

function stateMeasurements(message: Record<string, unknown>): Measurement[] {
  const wifi = message.Wifi;
  if (!isRecord(wifi)) return [];

  // Tasmota's RSSI is a 0-100 quality figure; Signal is the dBm value.
  const signal = finiteNumber(wifi.Signal);
  return signal === undefined ? [] : [{ sensor: 'wifi', value: signal, quantity: 'signal' }];
}
