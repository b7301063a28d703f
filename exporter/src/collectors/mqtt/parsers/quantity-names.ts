import type { Quantity } from './types.js';

/**
 * Guesses what a sensor measures from its name (`kitchen_temperature`, `batteryVoltage`,
 * `wifi_signal`), for firmwares that publish bare numbers with no unit. Each guess assumes the
 * usual unit of the quantity (Celsius, percent, hectopascals...). Energy is never guessed: its
 * unit (Wh or kWh) cannot be told from a name.
 */

const WORDS: ReadonlyMap<string, Quantity> = new Map([
  ['temperature', 'temperature'],
  ['temp', 'temperature'],
  ['humidity', 'humidity'],
  ['hum', 'humidity'],
  ['rh', 'humidity'],
  ['pressure', 'pressure'],
  ['baro', 'pressure'],
  ['illuminance', 'illuminance'],
  ['lux', 'illuminance'],
  ['voltage', 'voltage'],
  ['volt', 'voltage'],
  ['volts', 'voltage'],
  ['current', 'current'],
  ['amps', 'current'],
  ['power', 'power'],
  ['watts', 'power'],
  ['battery', 'battery'],
  ['batt', 'battery'],
  ['rssi', 'signal'],
  ['signal', 'signal'],
  ['co2', 'co2'],
  ['eco2', 'co2'],
]);

/** Words that turn a quantity word into something else: `power_factor`, `dew_point`. */
const QUALIFIERS = new Set([
  'apparent',
  'reactive',
  'factor',
  'dew',
  'point',
  'index',
  'feels',
  'set',
  'setpoint',
  'target',
  'min',
  'max',
]);

/** When a name holds several quantity words, the more specific one wins. */
const PRECEDENCE: readonly Quantity[] = [
  'voltage',
  'current',
  'power',
  'co2',
  'signal',
  'illuminance',
  'pressure',
  'humidity',
  'temperature',
  'battery',
];

/** Sensor names repeat with every message; the guess is remembered for a bounded set of them. */
const remembered = new Map<string, Quantity | undefined>();
const REMEMBERED_NAMES = 10_000;

export function quantityFromName(name: string): Quantity | undefined {
  if (remembered.has(name)) return remembered.get(name);

  const quantity = guess(name);
  if (remembered.size >= REMEMBERED_NAMES) remembered.clear();
  remembered.set(name, quantity);
  return quantity;
}

function guess(name: string): Quantity | undefined {
  const words = splitWords(name);
  if (words.some((word) => QUALIFIERS.has(word))) return undefined;

  const found = new Set<Quantity>();
  for (const word of words) {
    // `temp1`, `humidity2`: numbered sensors of one kind.
    const quantity = WORDS.get(word) ?? WORDS.get(word.replace(/\d+$/, ''));
    if (quantity) found.add(quantity);
  }

  return PRECEDENCE.find((quantity) => found.has(quantity));
}

function splitWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}
