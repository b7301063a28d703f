import { quantityFromUnit } from '../units.js';
import { finiteNumber, isRecord, type Payload } from './payload.js';
import { quantityFromName } from './quantity-names.js';
import {
  ignored,
  invalid,
  readings,
  type DiscoveredAvailability,
  type DiscoveredSensor,
  type Measurement,
  type ParsedMessage,
  type Quantity,
} from './types.js';

/**
 * Home Assistant MQTT discovery: `homeassistant/sensor/[<node_id>/]<object_id>/config` announces
 * a state topic with its unit and device class. Long and abbreviated keys are both accepted.
 */

export const DISCOVERY_PREFIX = 'homeassistant';

const DEVICE_CLASSES: ReadonlyMap<string, Quantity> = new Map([
  ['temperature', 'temperature'],
  ['humidity', 'humidity'],
  ['pressure', 'pressure'],
  ['atmospheric_pressure', 'pressure'],
  ['illuminance', 'illuminance'],
  ['voltage', 'voltage'],
  ['current', 'current'],
  ['power', 'power'],
  ['energy', 'energy'],
  ['battery', 'battery'],
  ['signal_strength', 'signal'],
  ['carbon_dioxide', 'co2'],
]);

/** One step of a path: `.name`, `['name']`, `["name"]` or `[0]`. */
const STEP = String.raw`\.([A-Za-z_]\w*)|\[\s*(?:'([^']*)'|"([^"]*)"|(\d+))\s*\]`;
const STEP_UNCAPTURED = STEP.replace(/\((?!\?)/g, '(?:');
const FILTERS = String.raw`(?:\|\s*(?:float|int|round)(?:\([^)]*\))?\s*)*`;
/** `{{ value_json.a.b }}`, `{{ value_json['a'] | float }}`, `{{ value | round(1) }}`. */
const TEMPLATE = new RegExp(
  String.raw`^\{\{\s*(value_json((?:${STEP_UNCAPTURED})*)|value)\s*${FILTERS}\}\}$`,
);
const TEMPLATE_STEP = new RegExp(STEP, 'g');

export function isDiscoveryTopic(levels: readonly string[]): boolean {
  return levels[0] === DISCOVERY_PREFIX;
}

export function parseDiscoveryConfig(
  topic: string,
  levels: readonly string[],
  payload: Payload,
): ParsedMessage {
  const component = levels[1];
  const isConfig =
    levels[levels.length - 1] === 'config' && (levels.length === 4 || levels.length === 5);
  if (!isConfig) return ignored('Home Assistant topic that is not a discovery config');
  if (component !== 'sensor') return ignored('discovery config of a non-sensor component');

  if (payload.shape === 'empty')
    return { kind: 'discovery', configTopic: topic, sensor: undefined };
  if (payload.shape === 'broken-json') return invalid('the discovery config JSON is malformed');
  if (payload.shape !== 'json' || !isRecord(payload.value)) {
    return invalid('a discovery config must be a JSON object');
  }

  const config = expandBase(payload.value);
  const objectId = levels[levels.length - 2] ?? '';
  const sensor = discoveredSensor(objectId, config);
  if (typeof sensor === 'string') return sensor === 'template' ? ignored(sensor) : invalid(sensor);
  return { kind: 'discovery', configTopic: topic, sensor };
}

function discoveredSensor(
  objectId: string,
  config: Record<string, unknown>,
): DiscoveredSensor | string {
  const stateTopic = pick(config, 'state_topic', 'stat_t');
  if (typeof stateTopic !== 'string' || stateTopic === '' || /[#+]/.test(stateTopic)) {
    return 'a discovery config needs a state_topic without wildcards';
  }

  const template = pick(config, 'value_template', 'val_tpl');
  const jsonPath = template === undefined ? undefined : parseValueTemplate(String(template));
  if (jsonPath === 'unsupported') return 'template';

  const unit = pick(config, 'unit_of_measurement', 'unit_of_meas');
  const unitText = typeof unit === 'string' ? unit : undefined;
  const deviceClass = pick(config, 'device_class', 'dev_cla');
  const quantity =
    DEVICE_CLASSES.get(String(deviceClass)) ??
    (unitText === undefined ? quantityFromName(objectId) : quantityFromUnit(unitText));

  const expireAfter = finiteNumber(pick(config, 'expire_after', 'exp_aft'));
  return {
    stateTopic,
    sensor: objectId,
    quantity,
    unit: unitText,
    jsonPath: jsonPath?.length === 0 ? undefined : jsonPath,
    ttlSeconds: expireAfter !== undefined && expireAfter > 0 ? expireAfter : undefined,
    availability: availabilityOf(config),
  };
}

function availabilityOf(config: Record<string, unknown>): DiscoveredAvailability | undefined {
  const list = pick(config, 'availability', 'avty');
  const first: Record<string, unknown> =
    Array.isArray(list) && isRecord(list[0]) ? expandBase(list[0], config['~']) : config;

  const topic = pick(first, 'topic', 't') ?? pick(config, 'availability_topic', 'avty_t');
  if (typeof topic !== 'string' || topic === '') return undefined;

  const online = pick(first, 'payload_available', 'pl_avail') ?? pick(config, 'pl_avail');
  const offline =
    pick(first, 'payload_not_available', 'pl_not_avail') ?? pick(config, 'pl_not_avail');
  return {
    topic,
    online: typeof online === 'string' ? online : 'online',
    offline: typeof offline === 'string' ? offline : 'offline',
  };
}

/** The path a value template reads, `[]` for the bare value, or 'unsupported'. */
export function parseValueTemplate(template: string): string[] | 'unsupported' {
  const match = TEMPLATE.exec(template.trim());
  if (!match) return 'unsupported';
  if (match[1] === 'value') return [];

  const path: string[] = [];
  for (const step of (match[2] ?? '').matchAll(TEMPLATE_STEP)) {
    path.push(step[1] ?? step[2] ?? step[3] ?? step[4] ?? '');
  }
  return path;
}

/** Reads the values of sensors announced for this state topic. */
export function parseDiscoveredState(
  sensors: readonly DiscoveredSensor[],
  payload: Payload,
  deviceOf: (json: boolean) => string,
): ParsedMessage {
  if (payload.shape === 'no-value' || payload.shape === 'empty') return { kind: 'withdrawn' };
  if (payload.shape === 'broken-json') return invalid('the state JSON is malformed');

  const measurements: Measurement[] = [];
  const json = payload.shape === 'json';
  for (const sensor of sensors) {
    const value = valueAt(sensor, payload);
    if (value !== undefined) {
      measurements.push({
        sensor: sensor.sensor,
        value,
        quantity: sensor.quantity,
        unit: sensor.unit,
      });
    }
  }
  if (measurements.length === 0) return invalid('the state holds no number the discovery names');

  const ttls = sensors.map((sensor) => sensor.ttlSeconds).filter((ttl) => ttl !== undefined);
  return readings(deviceOf(json), measurements, ttls.length > 0 ? Math.min(...ttls) : undefined);
}

function valueAt(sensor: DiscoveredSensor, payload: Payload): number | undefined {
  if (!sensor.jsonPath) return payload.shape === 'number' ? payload.value : undefined;
  if (payload.shape !== 'json') return undefined;

  let node: unknown = payload.value;
  for (const step of sensor.jsonPath) {
    node =
      isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[step] : undefined;
  }
  if (typeof node === 'string' && node.trim() !== '') return finiteNumber(Number(node));
  return finiteNumber(node);
}

function pick(config: Record<string, unknown>, long: string, short?: string): unknown {
  return config[long] ?? (short === undefined ? undefined : config[short]);
}

/** Replaces `~` at the start or end of every topic with the config's base topic. */
function expandBase(
  config: Record<string, unknown>,
  inheritedBase?: unknown,
): Record<string, unknown> {
  const base = config['~'] ?? inheritedBase;
  if (typeof base !== 'string') return config;

  const expanded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const isTopic = key.endsWith('_topic') || key.endsWith('_t') || key === 'topic' || key === 't';
    if (isTopic && typeof value === 'string') {
      expanded[key] = value.startsWith('~')
        ? base + value.slice(1)
        : value.endsWith('~')
          ? value.slice(0, -1) + base
          : value;
    } else {
      expanded[key] = value;
    }
  }
  return expanded;
}
