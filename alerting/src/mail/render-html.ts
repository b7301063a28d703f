import type { Alert, Notification } from '../webhook/notification.js';
import {
  alertTitle,
  formatTime,
  orderedAlerts,
  otherAnnotations,
  receiverName,
  safeLink,
  silenceLink,
  sortedPairs,
} from './format.js';

// Pastel-glass palette; mail clients ignore stylesheets and gradients, so colours are flat.
const PAGE = '#eef0fb';
const CARD = '#ffffff';
const PANE = '#f8f9ff';
const BORDER = '#dfe3f6';
const INK = '#2e3350';
const MUTED = '#6b7191';
const LINK = '#3b4aa8';
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

type Style = Record<string, string>;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** The HTML part: table layout with inline styles and no external assets. */
export function renderHtml(notification: Notification, subject: string): string {
  const firing = notification.alerts.filter((alert) => alert.status === 'firing').length;
  const resolved = notification.alerts.length - firing;
  const tone = TONES[notification.status];

  const header = cell(
    {
      padding: '22px 26px 14px 26px',
      'background-color': tone.background,
      'border-bottom': `1px solid ${tone.edge}`,
      'border-radius': '18px 18px 0 0',
    },
    [
      div(captionStyle(tone.ink), notification.status),
      div(
        { 'font-size': '20px', 'font-weight': 'bold', 'line-height': '28px', 'padding-top': '4px' },
        escapeHtml(subject),
      ),
      div(SMALL_STYLE, `${firing} firing, ${resolved} resolved`),
    ],
  );

  const cards = orderedAlerts(notification.alerts).map((alert) =>
    alertCard(alert, notification.externalURL),
  );
  if (notification.truncatedAlerts > 0) {
    const note = `${notification.truncatedAlerts} more alerts were left out by Alertmanager`;
    cards.push(div(SMALL_STYLE, escapeHtml(`${note} (max_alerts).`)));
  }

  const footer = cell({ padding: '8px 26px 22px 26px', 'font-size': '12px', color: MUTED }, [
    `Sent by the Glass Gallery mailer for receiver "${escapeHtml(receiverName(notification.receiver))}".`,
  ]);

  const card = table(
    {
      width: '100%',
      'max-width': '600px',
      'background-color': CARD,
      border: `1px solid ${BORDER}`,
      'border-radius': '18px',
      'font-family': FONT,
      color: INK,
    },
    [header, cell({ padding: '18px 20px 4px 20px' }, cards), footer],
    '600',
  );
  const page = table({ 'background-color': PAGE }, [
    cell({ padding: '24px 12px' }, [card], 'align="center"'),
  ]);

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background-color:${PAGE};">`,
    page,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function alertCard(alert: Alert, externalURL: string | undefined): string {
  const tone = TONES[alert.status];
  const summary = alert.annotations.summary;
  const description = alert.annotations.description;
  const chip = span(
    {
      display: 'inline-block',
      'font-size': '11px',
      'font-weight': 'bold',
      'text-transform': 'uppercase',
      color: tone.ink,
      'background-color': tone.background,
      border: `1px solid ${tone.edge}`,
      'border-radius': '10px',
      padding: '1px 8px',
    },
    alert.status,
  );

  const rows = [
    div({ 'font-size': '16px', 'font-weight': 'bold' }, `${escapeHtml(alertTitle(alert))} ${chip}`),
    summary
      ? div(
          { 'font-size': '14px', 'font-weight': 'bold', 'padding-top': '8px' },
          multiline(summary),
        )
      : '',
    description
      ? div(
          { 'font-size': '14px', 'line-height': '20px', 'padding-top': '4px' },
          multiline(description),
        )
      : '',
    div({ ...SMALL_STYLE, 'padding-top': '8px' }, timeLine(alert)),
    pairTable('Labels', sortedPairs(alert.labels)),
    pairTable('Annotations', otherAnnotations(alert)),
    links(alert, externalURL),
  ].filter((row) => row !== '');

  return table(
    {
      margin: '0 0 14px 0',
      'background-color': PANE,
      border: `1px solid ${BORDER}`,
      'border-left': `4px solid ${tone.edge}`,
      'border-radius': '12px',
    },
    [cell({ padding: '14px 16px' }, rows)],
  );
}

function timeLine(alert: Alert): string {
  const since = formatTime(alert.startsAt);
  const ended = alert.status === 'resolved' ? formatTime(alert.endsAt) : undefined;
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

  const nameStyle = { padding: '3px 12px 3px 0', 'font-size': '12px', color: MUTED };
  const valueStyle = { padding: '3px 0', 'font-size': '12px', 'word-break': 'break-word' };
  const rows = pairs.map(([name, value]) =>
    [
      '<tr>',
      `<td valign="top" style="${css(nameStyle)}">${escapeHtml(name)}</td>`,
      `<td style="${css(valueStyle)}">${multiline(value)}</td>`,
      '</tr>',
    ].join(''),
  );

  return [
    div({ ...captionStyle(MUTED), 'padding-top': '12px' }, title),
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" ` +
      `style="margin-top:4px;">${rows.join('')}</table>`,
  ].join('\n');
}

function links(alert: Alert, externalURL: string | undefined): string {
  const buttonStyle = {
    display: 'inline-block',
    margin: '12px 8px 0 0',
    padding: '6px 14px',
    'font-size': '13px',
    color: LINK,
    'background-color': '#e6e9fc',
    border: '1px solid #c9cff5',
    'border-radius': '14px',
    'text-decoration': 'none',
  };
  const targets: [string, string | undefined][] = [
    ['View source', safeLink(alert.generatorURL)],
    ['Silence', silenceLink(externalURL, alert)],
  ];

  const buttons = targets
    .filter((target): target is [string, string] => target[1] !== undefined)
    .map(
      ([label, href]) => `<a href="${escapeHtml(href)}" style="${css(buttonStyle)}">${label}</a>`,
    );
  return buttons.length === 0 ? '' : `<div>${buttons.join('')}</div>`;
}

const SMALL_STYLE: Style = { 'font-size': '13px', color: MUTED, 'padding-top': '4px' };

function captionStyle(color: string): Style {
  return {
    'font-size': '11px',
    'font-weight': 'bold',
    'letter-spacing': '1px',
    'text-transform': 'uppercase',
    color,
  };
}

function css(style: Style): string {
  return Object.entries(style)
    .map(([property, value]) => `${property}:${value};`)
    .join('');
}

function div(style: Style, html: string): string {
  return `<div style="${css(style)}">${html}</div>`;
}

function span(style: Style, html: string): string {
  return `<span style="${css(style)}">${html}</span>`;
}

function cell(style: Style, children: string[], attributes = ''): string {
  const extra = attributes === '' ? '' : ` ${attributes}`;
  return `<tr><td${extra} style="${css(style)}">\n${children.join('\n')}\n</td></tr>`;
}

function table(style: Style, rows: string[], width = '100%'): string {
  return [
    `<table role="presentation" width="${width}" cellpadding="0" cellspacing="0" border="0" ` +
      `style="${css(style)}">`,
    ...rows,
    '</table>',
  ].join('\n');
}

function multiline(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>');
}
