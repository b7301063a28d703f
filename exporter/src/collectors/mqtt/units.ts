import type { Measurement, Quantity } from './parsers/types.js';

/** Converts measurements to the Prometheus base unit of their quantity. */

/** A measurement in base units, ready for the series store. */
export interface Reading {
  /** Absent for a number of unknown kind, exposed as `sensor_value{unit}`. */
  readonly quantity?: Quantity;
  readonly sensor: string;
  readonly value: number;
  /** The `unit` label of `sensor_value`; empty for known quantities. */
  readonly unit: string;
}

type Convert = (value: number) => number;

const same: Convert = (value) => value;
const times =
  (factor: number): Convert =>
  (value) =>
    value * factor;
const percent: Convert = (value) => value / 100;

const CONVERSIONS: Record<Quantity, Record<string, Convert>> = {
  temperature: {
    '°c': same,
    c: same,
    celsius: same,
    '°f': (value) => ((value - 32) * 5) / 9,
    f: (value) => ((value - 32) * 5) / 9,
    fahrenheit: (value) => ((value - 32) * 5) / 9,
    k: (value) => value - 273.15,
    kelvin: (value) => value - 273.15,
  },
  humidity: { '%': percent, '%rh': percent, percent },
  battery: { '%': percent, percent },
  pressure: {
    pa: same,
    hpa: times(100),
    mbar: times(100),
    kpa: times(1000),
    bar: times(100_000),
    mmhg: times(133.322387415),
    inhg: times(3386.389),
    psi: times(6894.757293168),
  },
  illuminance: { lx: same, lux: same },
  voltage: { v: same, mv: times(0.001) },
  current: { a: same, ma: times(0.001) },
  power: { w: same, kw: times(1000) },
  energy: { j: same, kj: times(1000), wh: times(3600), kwh: times(3_600_000), wmin: times(60) },
  signal: { dbm: same },
  co2: { ppm: same },
};

/** The unit a device means when it sends a bare number of this quantity. */
const USUAL_UNIT: Partial<Record<Quantity, string>> = {
  temperature: '°C',
  humidity: '%',
  battery: '%',
  pressure: 'hPa',
  illuminance: 'lx',
  voltage: 'V',
  current: 'A',
  power: 'W',
  signal: 'dBm',
  co2: 'ppm',
};

export function toReading(measurement: Measurement): Reading {
  const { quantity, sensor, value } = measurement;
  const unit = measurement.unit?.trim();
  if (!quantity) return { sensor, value, unit: unit ?? '' };

  const sourceUnit = unit === undefined || unit === '' ? USUAL_UNIT[quantity] : unit;
  const convert = sourceUnit === undefined ? undefined : conversion(quantity, sourceUnit);
  if (!convert) return { sensor, value, unit: unit ?? '' };

  return { quantity, sensor, value: tidy(convert(value), convert === same), unit: '' };
}

/** The quantity a unit implies on its own, for discovery configs without a device class. */
export function quantityFromUnit(unit: string): Quantity | undefined {
  const key = unit.trim().toLowerCase();
  const unambiguous: Quantity[] = ['temperature', 'pressure', 'illuminance', 'voltage'];
  const more: Quantity[] = ['current', 'power', 'energy', 'signal'];
  return [...unambiguous, ...more].find((quantity) => key in CONVERSIONS[quantity]);
}

function conversion(quantity: Quantity, unit: string): Convert | undefined {
  const table = CONVERSIONS[quantity];
  const key = unit.toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Hides binary floating-point noise such as 29.999999999999996 after a conversion. */
function tidy(value: number, unchanged: boolean): number {
  return unchanged ? value : Number(value.toPrecision(12));
}
