import { describe, expect, it } from 'vitest';

import { dedupeKeyOf } from './dedupe-key.js';
import type { Alert, Notification } from './notification.js';

function alert(
  fingerprint: string,
  status: Alert['status'],
  startsAt = '2026-12-03T18:00:00Z',
): Alert {
  return { status, labels: {}, annotations: {}, startsAt, fingerprint };
}

function group(alerts: Alert[], overrides: Partial<Notification> = {}): Notification {
  return {
    receiver: 'mailer',
    status: alerts.some((entry) => entry.status === 'firing') ? 'firing' : 'resolved',
    groupKey: '{}:{alertname="X"}',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    truncatedAlerts: 0,
    alerts,
    ...overrides,
  };
}

describe('dedupeKeyOf', () => {
  it('ignores the order of alerts and fields outside the key', () => {
    const a = group([alert('aaaa', 'firing'), alert('bbbb', 'firing')]);
    const b = group([alert('bbbb', 'firing'), alert('aaaa', 'firing')], {
      receiver: 'other',
      externalURL: 'http://elsewhere',
    });

    expect(dedupeKeyOf(a)).toBe(dedupeKeyOf(b));
  });

  it('changes with the group key, an alert status, a new alert or a new start', () => {
    const base = group([alert('aaaa', 'firing'), alert('bbbb', 'firing')]);
    const variants = [
      group(base.alerts, { groupKey: '{}:{alertname="Y"}' }),
      group([alert('aaaa', 'firing'), alert('bbbb', 'resolved')]),
      group([...base.alerts, alert('cccc', 'firing')]),
      group([alert('aaaa', 'firing', '2026-12-03T19:00:00Z'), alert('bbbb', 'firing')]),
    ];

    const keys = new Set([base, ...variants].map(dedupeKeyOf));

    expect(keys.size).toBe(5);
  });
});
