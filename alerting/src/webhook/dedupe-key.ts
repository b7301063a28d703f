import { createHash } from 'node:crypto';

import type { Notification } from './notification.js';

/**
 * Identifies a notification's content: group key, overall status, and each alert's fingerprint
 * with its status. The alert's start time is part of it too, so an alert that resolves and
 * fires again is a new incident rather than a duplicate of the first one.
 */
export function dedupeKeyOf(notification: Notification): string {
  const alerts = notification.alerts
    .map((alert) => `${alert.fingerprint}|${alert.status}|${Date.parse(alert.startsAt)}`)
    .sort();

  return createHash('sha256')
    .update(JSON.stringify([notification.groupKey, notification.status, alerts]))
    .digest('hex');
}

/** Alertmanager threads its own mails on this digest; the mailer uses it for References. */
export function threadKeyOf(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex').slice(0, 16);
}
