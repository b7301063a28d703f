import type { Alert } from '../webhook/notification.js';

/** Annotations shown in their own place in the mail rather than in the generic list. */
export const FEATURED_ANNOTATIONS = new Set(['summary', 'description', 'email_to']);

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** Collapses CR, LF and other control characters so a value stays on one line. */
export function singleLine(text: string): string {
  return text.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** `2026-12-03 18:57:35 UTC`; undefined for Alertmanager's year-1 "no time" value. */
export function formatTime(timestamp: string | undefined): string | undefined {
  if (timestamp === undefined) {
    return undefined;
  }

  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms) || ms <= 0) {
    return undefined;
  }
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Returns the URL only when it is http(s), so a label can never smuggle in `javascript:`. */
export function safeLink(url: string | undefined): string | undefined {
  if (url === undefined) {
    return undefined;
  }

  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Alertmanager UI link that opens a new silence pre-filled with the alert's labels. */
export function silenceLink(externalURL: string | undefined, alert: Alert): string | undefined {
  const base = safeLink(externalURL);
  if (base === undefined || alert.status !== 'firing') {
    return undefined;
  }

  const matchers = sortedPairs(alert.labels)
    .map(([name, value]) => `${name}="${value.replace(/[\\"]/g, '\\$&')}"`)
    .join(',');
  return `${base.replace(/\/+$/, '')}/#/silences/new?filter=${encodeURIComponent(`{${matchers}}`)}`;
}

/** Label pairs with alertname first and the rest by name, the order Alertmanager uses. */
export function sortedPairs(labels: Record<string, string>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => {
    if (a === b) return 0;
    if (a === 'alertname') return -1;
    if (b === 'alertname') return 1;
    return a < b ? -1 : 1;
  });
}

/** Firing alerts first, then resolved ones, each by start time. */
export function orderedAlerts(alerts: Alert[]): Alert[] {
  return [...alerts].sort((a, b) => {
    if (a.status !== b.status) {
      return a.status === 'firing' ? -1 : 1;
    }
    return Date.parse(a.startsAt) - Date.parse(b.startsAt);
  });
}

export function alertTitle(alert: Alert): string {
  return alert.labels.alertname ?? alert.annotations.summary ?? alert.fingerprint;
}

export function otherAnnotations(alert: Alert): [string, string][] {
  return sortedPairs(alert.annotations).filter(([name]) => !FEATURED_ANNOTATIONS.has(name));
}

/** Alertmanager regex-escapes the receiver name (`web\\.hook`); this undoes it for display. */
export function receiverName(escaped: string): string {
  return singleLine(escaped.replace(/\\(.)/g, '$1'));
}
