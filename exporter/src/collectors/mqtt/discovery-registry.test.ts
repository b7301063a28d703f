import { describe, expect, it } from 'vitest';
import { DiscoveryRegistry } from './discovery-registry.js';
import type { DiscoveredSensor } from './parsers/types.js';

const sensor = (
  name: string,
  stateTopic: string,
  availabilityTopic?: string,
): DiscoveredSensor => ({
  stateTopic,
  sensor: name,
  availability: availabilityTopic
    ? { topic: availabilityTopic, online: 'online', offline: 'offline' }
    : undefined,
});

describe('the discovery registry', () => {
  it('indexes several sensors sharing one state topic', () => {
    const registry = new DiscoveryRegistry(10);
    registry.register('ha/sensor/plug/t/config', sensor('temperature', 'zigbee2mqtt/plug'));
    registry.register('ha/sensor/plug/h/config', sensor('humidity', 'zigbee2mqtt/plug'));

    expect(registry.sensorsForStateTopic('zigbee2mqtt/plug')?.map((s) => s.sensor)).toEqual([
      'temperature',
      'humidity',
    ]);
  });

  it('replaces a config published again instead of adding a second one', () => {
    const registry = new DiscoveryRegistry(10);
    registry.register('c', sensor('old', 'a/old'));
    registry.register('c', sensor('new', 'a/new'));

    expect(registry.size).toBe(1);
    expect(registry.sensorsForStateTopic('a/old')).toBeUndefined();
  });

  it('keeps an availability topic until the last config naming it is removed', () => {
    const registry = new DiscoveryRegistry(10);
    registry.register('c1', sensor('t', 'esp/sensor/t/state', 'esp/status'));
    registry.register('c2', sensor('h', 'esp/sensor/h/state', 'esp/status'));

    registry.remove('c1');
    expect(registry.availabilityForTopic('esp/status')?.device).toBe('esp');
    registry.remove('c2');
    expect(registry.availabilityForTopic('esp/status')).toBeUndefined();
  });

  it('refuses new configs past its limit but accepts updates', () => {
    const registry = new DiscoveryRegistry(1);
    expect(registry.register('c1', sensor('a', 'x/a'))).toBe(true);

    expect(registry.register('c2', sensor('b', 'x/b'))).toBe(false);
    expect(registry.register('c1', sensor('a', 'x/a2'))).toBe(true);
  });
});
