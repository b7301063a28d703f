import { describe, expect, it } from 'vitest';
import type { ContainerDetails, ContainerSummary } from './engine-client.js';
import { StateCache } from './state-cache.js';

function summary(id: string, state: ContainerSummary['state'] = 'running'): ContainerSummary {
  return { id, name: `c-${id}`, image: 'busybox', state, labels: {} };
}

function details(id: string, state: ContainerDetails['state'] = 'running'): ContainerDetails {
  return {
    ...summary(id, state),
    health: 'none',
    hasHealthcheck: false,
    restartCount: 0,
    oomKilled: false,
    exitCode: 0,
  };
}

describe('container state cache', () => {
  it('adds listed containers, asks for their details, and drops the ones no longer listed', () => {
    let now = 1_000;
    const cache = new StateCache(() => now);
    expect(cache.reconcile([summary('a'), summary('b', 'exited')], now)).toEqual(['a', 'b']);
    for (const id of ['a', 'b']) cache.applyDetails(details(id, id === 'a' ? 'running' : 'exited'));

    now += 1_000;
    expect(cache.reconcile([summary('a')], now)).toEqual([]);
    expect([...cache.records()].map((record) => record.id)).toEqual(['a']);
    expect(cache.stateCounts().get('running')).toBe(1);
    expect(cache.stateCounts().get('exited')).toBe(0);
  });

  it('keeps a container that an event brought in after the list was requested', () => {
    let now = 1_000;
    const cache = new StateCache(() => now);
    const listRequestedAt = now;
    now += 50;
    cache.applyDetails(details('new'));

    cache.reconcile([], listRequestedAt);
    expect(cache.get('new')).toBeDefined();
  });

  it('never lets a late inspect bring back a removed container', () => {
    const cache = new StateCache();
    cache.applyDetails(details('gone'));
    cache.remove('gone');
    cache.applyDetails(details('gone'));
    cache.reconcile([summary('gone')], Date.now());
    expect(cache.get('gone')).toBeUndefined();
  });

  it('re-reads a container whose listed state changed and forgets its usage once it stops', () => {
    let now = 1_000;
    const cache = new StateCache(() => now);
    cache.reconcile([summary('a')], now);
    cache.applyDetails(details('a'));
    cache.setUsage('a', { cpuSeconds: 1, memoryUsageBytes: 1, memoryWorkingSetBytes: 1 });
    expect(cache.activeIds()).toEqual(['a']);

    now += 1_000;
    expect(cache.reconcile([summary('a', 'exited')], now)).toEqual(['a']);
    expect(cache.get('a')?.usage).toBeUndefined();
    expect(cache.activeIds()).toEqual([]);
  });
});
