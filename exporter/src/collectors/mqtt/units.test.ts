import { describe, expect, it } from 'vitest';
import { quantityFromUnit, toReading } from './units.js';

describe('conversion to base units', () => {
  it.each([
    ['temperature', 86, '°F', 30],
    ['temperature', 300.15, 'K', 27],
    ['temperature', 21.5, undefined, 21.5],
    ['humidity', 45, '%', 0.45],
    ['humidity', 45, undefined, 0.45],
    ['battery', 99, '%', 0.99],
    ['pressure', 1014, 'hPa', 101400],
    ['pressure', 760, 'mmHg', 101325.014435],
    ['pressure', 1014, undefined, 101400],
    ['voltage', 3200, 'mV', 3.2],
    ['current', 250, 'mA', 0.25],
    ['power', 1.5, 'kW', 1500],
    ['energy', 1.5, 'kWh', 5_400_000],
    ['energy', 10, 'Wmin', 600],
    ['energy', 2, 'Wh', 7200],
  ] as const)('%s %d %s -> %d', (quantity, value, unit, expected) => {
    const reading = toReading({ sensor: 's', value, quantity, unit });
    expect(reading).toEqual({ quantity, sensor: 's', value: expected, unit: '' });
  });

  it('keeps a value in an unknown unit as a number of unknown kind with that unit', () => {
    const reading = toReading({ sensor: 's', value: 3, quantity: 'temperature', unit: 'gradus' });
    expect(reading).toEqual({ sensor: 's', value: 3, unit: 'gradus' });
  });

  it('never guesses the unit of an energy figure', () => {
    expect(toReading({ sensor: 's', value: 3, quantity: 'energy' })).toEqual({
      sensor: 's',
      value: 3,
      unit: '',
    });
  });

  it('tells the quantity of unambiguous units only', () => {
    expect(quantityFromUnit('°C')).toBe('temperature');
    expect(quantityFromUnit('kWh')).toBe('energy');
    expect(quantityFromUnit('dBm')).toBe('signal');
    expect(quantityFromUnit('%')).toBeUndefined();
    expect(quantityFromUnit('µg/m³')).toBeUndefined();
  });
});
