import type { Notification } from '../webhook/notification.js';
import { singleLine, sortedPairs } from './format.js';

const MAX_SUBJECT_LENGTH = 200;

/** `[FIRING:2] HighTemperature livingroom` or `[RESOLVED] HighTemperature livingroom`. */
export function subjectOf(notification: Notification): string {
  const firing = notification.alerts.filter((alert) => alert.status === 'firing').length;
  const tag = notification.status === 'firing' ? `[FIRING:${firing}]` : '[RESOLVED]';

  const labels =
    Object.keys(notification.groupLabels).length > 0
      ? notification.groupLabels
      : notification.commonLabels;
  const names = sortedPairs(labels).map(([, value]) => value);

  const subject = singleLine(`${tag} ${names.join(' ')}`);
  return subject.length > MAX_SUBJECT_LENGTH
    ? `${subject.slice(0, MAX_SUBJECT_LENGTH - 1)}…`
    : subject;
}
