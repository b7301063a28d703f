import type { Alert, Notification } from '../webhook/notification.js';
import {
  alertTitle,
  formatTime,
  orderedAlerts,
  otherAnnotations,
  receiverName,
  safeLink,
  silenceLink,
  singleLine,
  sortedPairs,
} from './format.js';

/** The plain-text part: every fact of the HTML part, readable in any client. */
export function renderText(notification: Notification, subject: string): string {
  const firing = notification.alerts.filter((alert) => alert.status === 'firing').length;
  const resolved = notification.alerts.length - firing;

  const lines = [subject, '', `${firing} firing, ${resolved} resolved.`, ''];
  for (const alert of orderedAlerts(notification.alerts)) {
    lines.push(...alertLines(alert, notification.externalURL), '');
  }

  if (notification.truncatedAlerts > 0) {
    lines.push(
      `${notification.truncatedAlerts} more alerts were left out by Alertmanager (max_alerts).`,
      '',
    );
  }

  lines.push(
    '-- ',
    `Sent by the Glass Gallery mailer for receiver "${receiverName(notification.receiver)}".`,
  );
  return `${lines.join('\n')}\n`;
}

function alertLines(alert: Alert, externalURL: string | undefined): string[] {
  const lines = [`${alert.status.toUpperCase()}: ${singleLine(alertTitle(alert))}`];
  const field = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') {
      lines.push(`  ${`${name}:`.padEnd(13)}${indentContinuation(value)}`);
    }
  };

  field('Summary', alert.annotations.summary);
  field('Description', alert.annotations.description);
  field('Since', formatTime(alert.startsAt));
  if (alert.status === 'resolved') {
    field('Resolved', formatTime(alert.endsAt));
  }
  field('Labels', pairsText(sortedPairs(alert.labels)));
  for (const [name, value] of otherAnnotations(alert)) {
    field(name, value);
  }
  field('Source', safeLink(alert.generatorURL));
  field('Silence', silenceLink(externalURL, alert));

  return lines;
}

function pairsText(pairs: [string, string][]): string {
  return pairs.map(([name, value]) => `${name}=${singleLine(value)}`).join(', ');
}

function indentContinuation(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .join(`\n${' '.repeat(15)}`);
}
