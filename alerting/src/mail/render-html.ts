import type { Alert, Notification } from '../webhook/notification.js';
import {
  alertTitle,
  formatTime,
  orderedAlerts,
  otherAnnotations,
  safeLink,
  silenceLink,
  sortedPairs,
} from './format.js';

// Pastel-glass palette; mail clients ignore stylesheets and gradients, so colours are flat.
const PAGE = '#eef0fb';
const CARD = '#ffffff';
const BORDER = '#dfe3f6';
const INK = '#2e3350';
const MUTED = '#6b7191';
const FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const TONES = {
  firing: { background: '#fde4ea', ink: '#9b2d46', edge: '#f6b8c7' },
  resolved: { background: '#dcf5ea', ink: '#1f6b4a', edge: '#a9e2c8' },
};

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** The HTML part: table layout with inline styles and no external assets. */
export function renderHtml(notification: Notification, subject: string): string {
  const firing = notification.alerts.filter((alert) => alert.status === 'firing').length;
  const resolved = notification.alerts.length - firing;
  const tone = TONES[notification.status];

  const cards = orderedAlerts(notification.alerts)
    .map((alert) => alertCard(alert, notification.externalURL))
    .join('\n');
  const truncated =
    notification.truncatedAlerts > 0
      ? paragraph(
          `${notification.truncatedAlerts} more alerts were left out by Alertmanager (max_alerts).`,
        )
      : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${PAGE};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:${CARD};border:1px solid ${BORDER};border-radius:18px;font-family:${FONT};color:${INK};">
<tr><td style="padding:22px 26px 14px 26px;background-color:${tone.background};border-bottom:1px solid ${tone.edge};border-radius:18px 18px 0 0;">
<div style="font-size:12px;font-weight:bold;letter-spacing:1px;text-transform:uppercase;color:${tone.ink};">${notification.status}</div>
<div style="font-size:20px;font-weight:bold;line-height:28px;color:${INK};padding-top:4px;">${escapeHtml(subject)}</div>
<div style="font-size:13px;color:${MUTED};padding-top:4px;">${firing} firing, ${resolved} resolved</div>
</td></tr>
<tr><td style="padding:18px 20px 4px 20px;">
${cards}
${truncated}
</td></tr>
<tr><td style="padding:8px 26px 22px 26px;font-size:12px;color:${MUTED};">Sent by the Glass Gallery mailer for receiver &quot;${escapeHtml(notification.receiver)}&quot;.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function alertCard(alert: Alert, externalURL: string | undefined): string {
  const tone = TONES[alert.status];
  const summary = alert.annotations.summary;
  const description = alert.annotations.description;
  const since = formatTime(alert.startsAt);
  const ended = alert.status === 'resolved' ? formatTime(alert.endsAt) : undefined;

  const rows = [
    `<div style="font-size:16px;font-weight:bold;color:${INK};">${escapeHtml(alertTitle(alert))} <span style="display:inline-block;font-size:11px;font-weight:bold;text-transform:uppercase;color:${tone.ink};background-color:${tone.background};border:1px solid ${tone.edge};border-radius:10px;padding:1px 8px;">${alert.status}</span></div>`,
    summary
      ? `<div style="font-size:14px;font-weight:bold;padding-top:8px;">${multiline(summary)}</div>`
      : '',
    description
      ? `<div style="font-size:14px;line-height:20px;padding-top:4px;">${multiline(description)}</div>`
      : '',
    `<div style="font-size:13px;color:${MUTED};padding-top:8px;">${timeLine(since, ended)}</div>`,
    pairTable('Labels', sortedPairs(alert.labels)),
    pairTable('Annotations', otherAnnotations(alert)),
    links(alert, externalURL),
  ];

  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 14px 0;background-color:#f8f9ff;border:1px solid ${BORDER};border-left:4px solid ${tone.edge};border-radius:12px;">
<tr><td style="padding:14px 16px;">
${rows.filter((row) => row !== '').join('\n')}
</td></tr>
</table>`;
}

function timeLine(since: string | undefined, ended: string | undefined): string {
  const parts = [since ? `Since ${since}` : 'Start time unknown'];
  if (ended) {
    parts.push(`resolved ${ended}`);
  }
  return escapeHtml(parts.join(', '));
}

function pairTable(title: string, pairs: [string, string][]): string {
  if (pairs.length === 0) {
    return '';
  }

  const rows = pairs
    .map(
      ([name, value]) =>
        `<tr><td valign="top" style="padding:3px 12px 3px 0;font-size:12px;color:${MUTED};white-space:nowrap;">${escapeHtml(name)}</td><td style="padding:3px 0;font-size:12px;color:${INK};word-break:break-word;">${multiline(value)}</td></tr>`,
    )
    .join('');
  return `<div style="font-size:11px;font-weight:bold;letter-spacing:1px;text-transform:uppercase;color:${MUTED};padding-top:12px;">${title}</div>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin-top:4px;">${rows}</table>`;
}

function links(alert: Alert, externalURL: string | undefined): string {
  const targets: [string, string | undefined][] = [
    ['View source', safeLink(alert.generatorURL)],
    ['Silence', silenceLink(externalURL, alert)],
  ];
  const buttons = targets
    .filter((target): target is [string, string] => target[1] !== undefined)
    .map(
      ([label, href]) =>
        `<a href="${escapeHtml(href)}" style="display:inline-block;margin:12px 8px 0 0;padding:6px 14px;font-size:13px;color:#3b4aa8;background-color:#e6e9fc;border:1px solid #c9cff5;border-radius:14px;text-decoration:none;">${label}</a>`,
    );
  return buttons.length === 0 ? '' : `<div>${buttons.join('')}</div>`;
}

function paragraph(text: string): string {
  return `<p style="font-size:13px;color:${MUTED};margin:4px 0 12px 0;">${escapeHtml(text)}</p>`;
}

function multiline(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>');
}
