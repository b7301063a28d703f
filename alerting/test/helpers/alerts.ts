import type { AlertStatus } from '../../src/webhook/notification.js';

export interface TestAlert {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  fingerprint: string;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** An Alertmanager 0.25 webhook body (version 4) for one group. */
export function notification(
  alerts: TestAlert[],
  groupLabels: Record<string, string> = { alertname: 'HighTemperature', room: 'livingroom' },
) {
  const status = alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved';
  const groupKey = `{}:{${Object.entries(groupLabels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ')}}`;

  return {
    receiver: 'mailer',
    status,
    version: '4',
    truncatedAlerts: 0,
    groupKey,
    groupLabels,
    commonLabels: groupLabels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: alerts.map((alert) => ({
      status: alert.status,
      labels: { ...groupLabels, ...alert.labels },
      annotations: alert.annotations ?? {},
      startsAt: alert.startsAt ?? '2026-12-03T18:57:35Z',
      endsAt: alert.endsAt ?? (alert.status === 'resolved' ? '2026-12-03T19:20:00Z' : ZERO_TIME),
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=temperature_celsius+%3E+30',
      fingerprint: alert.fingerprint,
    })),
  };
}

export function hotAlert(status: AlertStatus, overrides: Partial<TestAlert> = {}): TestAlert {
  return {
    status,
    labels: { severity: 'warning', sensor: 'esp32-1' },
    annotations: {
      summary: 'Living room is 31 °C',
      description: 'Temperature above 30 °C for 2 minutes.',
    },
    fingerprint: '51f61b249e3e7d57',
    ...overrides,
  };
}
