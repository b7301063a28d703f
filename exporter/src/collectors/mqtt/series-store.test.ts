import { describe, expect, it } from 'vitest';
import { SeriesStore } from './series-store.js';
import type { Reading } from './units.js';

function storeAt(limits = { ttlSeconds: 10, maxSeries: 3 }) {
  const clock = { now: 1_000_000 };
  return { store: new SeriesStore(limits, () => clock.now), clock };
}

const temperature = (sensor: string, value = 20): Reading => ({
  quantity: 'temperature',
  sensor,
  value,
  unit: '',
});

describe('the series store', () => {
  it('keeps the latest value of a series and expires it after the TTL', () => {
    const { store, clock } = storeAt();
    store.put('dev', temperature('a', 20), 'dev/a');
    clock.now += 5000;
    store.put('dev', temperature('a', 21), 'dev/a');

    clock.now += 9000;
    expect(store.sweep()).toBe(0);
    expect([...store.readings()].map((r) => r.value)).toEqual([21]);

    clock.now += 1000;
    expect(store.sweep()).toBe(1);
    expect(store.size).toBe(0);
    expect([...store.devices()]).toEqual([]);
  });

  it('refuses new series past the cap but still updates held ones', () => {
    const { store } = storeAt();
    for (const sensor of ['a', 'b', 'c'])
      expect(store.put('dev', temperature(sensor), 't')).toBe(true);

    expect(store.put('dev', temperature('d'), 't')).toBe(false);
    expect(store.setAvailability('other', true, 'other/status')).toBe(false);
    expect(store.put('dev', temperature('a', 25), 't')).toBe(true);
    expect(store.size).toBe(3);
  });

  it('makes room past the cap once held series have expired', () => {
    const { store, clock } = storeAt();
    for (const sensor of ['a', 'b', 'c']) store.put('dev', temperature(sensor), 't');

    clock.now += 11_000;

    expect(store.put('dev', temperature('d'), 't')).toBe(true);
    expect([...store.readings()].map((r) => r.sensor)).toEqual(['d']);
  });

  it('counts availabilities as series and keeps them past the TTL', () => {
    const { store, clock } = storeAt();
    store.setAvailability('dev', false, 'dev/status');
    clock.now += 60_000;
    store.sweep();

    expect(store.size).toBe(1);
    expect([...store.devices()]).toEqual([
      ['dev', { online: false, availabilityTopic: 'dev/status', lastSeen: undefined, readings: 0 }],
    ]);
  });

  it('forgets everything a topic said when it is withdrawn', () => {
    const { store } = storeAt({ ttlSeconds: 10, maxSeries: 10 });
    store.put('garage', temperature('DS18B20'), 'tele/garage/SENSOR');
    store.put('garage', temperature('AM2301'), 'tele/garage/SENSOR');
    store.put('garage', temperature('other'), 'garage/other');
    store.setAvailability('garage', true, 'tele/garage/LWT');

    store.withdraw('tele/garage/SENSOR');
    store.withdraw('tele/garage/LWT');

    expect([...store.readings()].map((r) => r.sensor)).toEqual(['other']);
    expect(store.size).toBe(1);
  });

  it('updates last seen on readings and on online, not on offline', () => {
    const { store, clock } = storeAt();
    store.put('dev', temperature('a'), 'dev/a');
    const seen = clock.now;
    clock.now += 1000;

    store.setAvailability('dev', false, 'dev/status');

    expect(new Map(store.devices()).get('dev')?.lastSeen).toBe(seen);
  });
});
