import { finiteNumber, isRecord, type Payload } from './payload.js';
import { quantityFromName } from './quantity-names.js';
import { ignored, invalid, readings, type Measurement, type ParsedMessage } from './types.js';

/**
 * Topics with no firmware convention, as hand-written sketches publish them: a bare number per
 * topic (`home/livingroom/temp` -> device `home/livingroom`, sensor `temp`), flat JSON per device
 * (`home/livingroom` -> `{"temperature":23.2}`), and the availability topics most firmwares share
 * (`<device>/status`, `<device>/availability`, `<device>/LWT` -> online/offline,
 * `<device>/online` -> true/false).
 */

const AVAILABILITY_LEVELS = new Set(['status', 'availability', 'lwt', 'connection']);
const IDENTITY_KEYS = new Set(['id', 'ts', 'time', 'timestamp']);
const MAX_JSON_VALUES = 256;
const MAX_JSON_DEPTH = 8;

/** Device of a topic that carries one value: all levels but the last. */
export function deviceOfValueTopic(levels: readonly string[]): string {
  return levels.length > 1 ? levels.slice(0, -1).join('/') : (levels[0] ?? '');
}

export function parseGeneric(levels: readonly string[], payload: Payload): ParsedMessage {
  const last = levels[levels.length - 1] ?? '';
  const device = deviceOfValueTopic(levels);

  const available = availability(last, payload);
  if (available !== undefined && levels.length > 1) {
    return { kind: 'availability', device, online: available };
  }

  switch (payload.shape) {
    case 'number':
      return readings(device, [
        { sensor: last, value: payload.value, quantity: quantityFromName(last) },
      ]);
    case 'json':
      return isRecord(payload.value)
        ? readings(levels.join('/'), jsonMeasurements(payload.value))
        : ignored('JSON that is not an object');
    case 'no-value':
    case 'empty':
      return { kind: 'withdrawn' };
    case 'state-word':
      return ignored('a switch or presence state');
    case 'broken-json':
      return invalid('the JSON payload is malformed');
    case 'text':
      return invalid('the payload is neither a number nor JSON');
  }
}

/** The availability a payload announces on an availability-shaped topic, if any. */
function availability(lastLevel: string, payload: Payload): boolean | undefined {
  const level = lastLevel.toLowerCase();
  if (level === 'online' && payload.shape === 'state-word') {
    if (payload.word === 'true') return true;
    if (payload.word === 'false') return false;
  }
  if (!AVAILABILITY_LEVELS.has(level)) return undefined;

  const word =
    payload.shape === 'state-word'
      ? payload.word
      : payload.shape === 'json' && isRecord(payload.value)
        ? String(payload.value.state ?? '').toLowerCase()
        : undefined;
  if (word === 'online') return true;
  if (word === 'offline') return false;
  return undefined;
}

/** Every number in a JSON object, named by its path (`computed.heat_index`). */
export function jsonMeasurements(object: Record<string, unknown>): Measurement[] {
  const measurements: Measurement[] = [];
  collect(object, [], measurements);
  return measurements;
}

function collect(value: unknown, path: string[], into: Measurement[]): void {
  if (into.length >= MAX_JSON_VALUES || path.length > MAX_JSON_DEPTH) return;

  const number = finiteNumber(value);
  const key = path[path.length - 1];
  if (number !== undefined && key !== undefined) {
    if (path.length === 1 && IDENTITY_KEYS.has(key.toLowerCase())) return;
    into.push({ sensor: path.join('.'), value: number, quantity: quantityFromName(key) });
    return;
  }

  if (!isRecord(value)) return;
  for (const [childKey, child] of Object.entries(value)) collect(child, [...path, childKey], into);
}
