import { describe, expect, it } from 'vitest';

import { PayloadError } from '../errors.js';
import { parseNotification } from './payload.js';

const ALERT = {
  status: 'firing',
  labels: { alertname: 'ESP32TemperatureHigh', device: 'esp32-1' },
  annotations: { summary: 'hot' },
  startsAt: '2026-12-03T18:57:35Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus:9090/graph',
  fingerprint: '51f61b249e3e7d57',
};
const BODY = {
  receiver: 'mailer',
  status: 'firing',
  version: '4',
  truncatedAlerts: 0,
  groupKey: '{}:{alertname="ESP32TemperatureHigh", device="esp32-1"}',
  groupLabels: { alertname: 'ESP32TemperatureHigh', device: 'esp32-1' },
  commonLabels: { alertname: 'ESP32TemperatureHigh', device: 'esp32-1' },
  commonAnnotations: { summary: 'hot' },
  externalURL: 'http://alertmanager:9093',
  alerts: [ALERT],
};

function without<T extends object>(value: T, key: keyof T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== key)) as Partial<T>;
}

function problemOf(body: unknown): string {
  try {
    parseNotification(body);
  } catch (error) {
    if (error instanceof PayloadError) return error.message;
    throw error;
  }
  throw new Error('expected a PayloadError');
}

describe('parseNotification', () => {
  it('reads an Alertmanager 0.25 body', () => {
    const notification = parseNotification(BODY);

    expect(notification.groupKey).toBe(BODY.groupKey);
    expect(notification.alerts[0]).toEqual(ALERT);
  });

  it('tolerates unknown fields and fills in what Grafana-style senders leave out', () => {
    const alert = without(ALERT, 'fingerprint');
    const body = {
      ...without(BODY, 'truncatedAlerts'),
      orgId: 1,
      alerts: [{ ...alert, values: {} }],
    };

    const notification = parseNotification(body);

    expect(notification.truncatedAlerts).toBe(0);
    expect(notification.alerts[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps a label named __proto__ as an ordinary label', () => {
    const body = JSON.parse(
      JSON.stringify(BODY).replace('"device":"esp32-1"}', '"__proto__":"x"}'),
    );

    const notification = parseNotification(body);

    expect(Object.getPrototypeOf(notification.groupLabels)).toBe(Object.prototype);
    expect(Object.keys(notification.groupLabels)).toContain('__proto__');
  });

  it.each([
    [[], 'body must be a JSON object'],
    [{ ...BODY, alerts: [] }, 'alerts must be a non-empty array'],
    [{ ...BODY, status: 'ok' }, 'status must be "firing" or "resolved"'],
    [{ ...BODY, groupKey: 7 }, 'groupKey must be a non-empty string'],
    [{ ...BODY, alerts: [{ ...ALERT, labels: { a: 1 } }] }, 'alerts[0].labels.a must be a string'],
    [
      { ...BODY, alerts: [{ ...ALERT, startsAt: 'yesterday' }] },
      'alerts[0].startsAt must be an RFC 3339 timestamp',
    ],
    [{ ...BODY, truncatedAlerts: -1 }, 'truncatedAlerts must be a non-negative integer'],
  ])('rejects a malformed body with the path of the problem (%#)', (body, message) => {
    expect(problemOf(body)).toBe(message);
  });
});
