import { createHash } from 'node:crypto';

import { PayloadError } from '../errors.js';
import type { Alert, AlertStatus, Notification } from './notification.js';

type Json = Record<string, unknown>;

/**
 * Checks a decoded webhook body and returns the notification with defaults filled in.
 * Unknown fields are ignored so that newer Alertmanager and Grafana payloads still pass.
 */
export function parseNotification(body: unknown): Notification {
  const root = object(body, '');
  const alertsValue = root.alerts;
  if (!Array.isArray(alertsValue) || alertsValue.length === 0) {
    throw new PayloadError('alerts', 'must be a non-empty array');
  }

  const alerts = alertsValue.map((value, index) => parseAlert(value, `alerts[${index}]`));

  return {
    receiver: optionalString(root.receiver, 'receiver') ?? '',
    status: status(root.status, 'status'),
    groupKey: requiredString(root.groupKey, 'groupKey'),
    groupLabels: stringMap(root.groupLabels, 'groupLabels'),
    commonLabels: stringMap(root.commonLabels, 'commonLabels'),
    commonAnnotations: stringMap(root.commonAnnotations, 'commonAnnotations'),
    externalURL: optionalString(root.externalURL, 'externalURL'),
    truncatedAlerts: count(root.truncatedAlerts, 'truncatedAlerts'),
    alerts,
  };
}

function parseAlert(value: unknown, path: string): Alert {
  const alert = object(value, path);
  const labels = stringMap(alert.labels, `${path}.labels`);
  const startsAt = timestamp(alert.startsAt, `${path}.startsAt`);

  return {
    status: status(alert.status, `${path}.status`),
    labels,
    annotations: stringMap(alert.annotations, `${path}.annotations`),
    startsAt,
    endsAt: alert.endsAt === undefined ? undefined : timestamp(alert.endsAt, `${path}.endsAt`),
    generatorURL: optionalString(alert.generatorURL, `${path}.generatorURL`),
    fingerprint: optionalString(alert.fingerprint, `${path}.fingerprint`) ?? fingerprintOf(labels),
  };
}

/** Stands in for Alertmanager's fingerprint when a sender leaves it out. */
function fingerprintOf(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16);
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadError(path, path === '' ? 'body must be a JSON object' : 'must be an object');
  }
  return value as Json;
}

function status(value: unknown, path: string): AlertStatus {
  if (value !== 'firing' && value !== 'resolved') {
    throw new PayloadError(path, 'must be "firing" or "resolved"');
  }
  return value;
}

function requiredString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new PayloadError(path, 'must be a non-empty string');
  }
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new PayloadError(path, 'must be a string');
  }
  return value;
}

function stringMap(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) {
    return {};
  }

  const entries = Object.entries(object(value, path));
  for (const [key, entry] of entries) {
    if (typeof entry !== 'string') {
      throw new PayloadError(`${path}.${key}`, 'must be a string');
    }
  }
  // fromEntries defines own properties, so a label named __proto__ stays an ordinary key.
  return Object.fromEntries(entries) as Record<string, string>;
}

function timestamp(value: unknown, path: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new PayloadError(path, 'must be an RFC 3339 timestamp');
  }
  return value;
}

function count(value: unknown, path: string): number {
  if (value === undefined || value === null) {
    return 0;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new PayloadError(path, 'must be a non-negative integer');
  }
  return value;
}
