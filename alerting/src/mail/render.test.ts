import { describe, expect, it } from 'vitest';

import type { Alert, Notification } from '../webhook/notification.js';
import { composeMail } from './compose.js';
import { formatTime, safeLink, silenceLink } from './format.js';
import { escapeHtml, renderHtml } from './render-html.js';
import { renderText } from './render-text.js';
import { subjectOf } from './subject.js';

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    status: 'firing',
    labels: { alertname: 'HighTemperature', room: 'livingroom' },
    annotations: { summary: 'Hot', description: 'Line one\nLine two', runbook: 'Open a window' },
    startsAt: '2026-12-03T18:57:35.123Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
    fingerprint: '51f61b249e3e7d57',
    ...overrides,
  };
}

function group(alerts: Alert[], overrides: Partial<Notification> = {}): Notification {
  return {
    receiver: 'mailer',
    status: alerts.some((entry) => entry.status === 'firing') ? 'firing' : 'resolved',
    groupKey: '{}:{alertname="HighTemperature", room="livingroom"}',
    groupLabels: { room: 'livingroom', alertname: 'HighTemperature' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093/',
    truncatedAlerts: 0,
    alerts,
    ...overrides,
  };
}

describe('subjectOf', () => {
  it('counts firing alerts and puts alertname first', () => {
    const mixed = group([alert(), alert({ status: 'resolved', fingerprint: 'b' })]);

    expect(subjectOf(mixed)).toBe('[FIRING:1] HighTemperature livingroom');
    expect(subjectOf(group([alert({ status: 'resolved' })]))).toBe(
      '[RESOLVED] HighTemperature livingroom',
    );
  });

  it('strips CR, LF and other control characters and caps the length', () => {
    const notification = group([alert()], {
      groupLabels: { alertname: 'A\r\nBcc: x@y.z\u0000', room: 'r'.repeat(300) },
    });

    const subject = subjectOf(notification);

    expect(subject).toMatch(/^\[FIRING:1\] A Bcc: x@y\.z r+…$/);
    expect(subject).toHaveLength(200);
  });
});

describe('renderText and renderHtml', () => {
  it('show mixed firing and resolved alerts, firing first, with their times', () => {
    const notification = group([
      alert({ status: 'resolved', fingerprint: 'b', endsAt: '2026-12-03T19:30:00Z' }),
      alert(),
    ]);

    const text = renderText(notification, 'S');

    expect(text).toContain('1 firing, 1 resolved.');
    expect(text.indexOf('FIRING: HighTemperature')).toBeLessThan(text.indexOf('RESOLVED:'));
    expect(text).toContain('Resolved:    2026-12-03 19:30:00 UTC');
    expect(text).toContain('  Description: Line one\n               Line two');
    expect(text).toContain('  runbook:     Open a window');
  });

  it('shows the receiver name without the regex escaping Alertmanager adds', () => {
    const notification = group([alert()], { receiver: 'team\\.mail' });

    expect(renderText(notification, 'S')).toContain('for receiver "team.mail".');
    expect(renderHtml(notification, 'S')).toContain('for receiver "team.mail".');
  });

  it('mentions alerts that Alertmanager truncated', () => {
    const notification = group([alert()], { truncatedAlerts: 3 });

    expect(renderText(notification, 'S')).toContain('3 more alerts were left out');
    expect(renderHtml(notification, 'S')).toContain('3 more alerts were left out');
  });

  it('escapes every label and annotation and keeps only http(s) links', () => {
    const notification = group([
      alert({
        labels: { alertname: '<b>x</b>', 'a"b': `'q'` },
        annotations: { summary: '<img src=x onerror=alert(1)>' },
        generatorURL: 'javascript:alert(1)',
      }),
    ]);

    const html = renderHtml(notification, '<subject>');

    expect(html).not.toMatch(/<(b|img)[ >]/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('a&quot;b');
    expect(html).toContain('&#39;q&#39;');
    expect(html).toContain('<title>&lt;subject&gt;</title>');
    expect(html).not.toContain('javascript:');
  });

  it('uses no external assets or stylesheets', () => {
    const html = renderHtml(group([alert()]), 'S');

    expect(html).not.toMatch(/<link|<style|<script|<img|url\(/i);
  });
});

describe('format helpers', () => {
  it('formats times in UTC and hides the year-1 placeholder', () => {
    expect(formatTime('2026-12-03T19:57:35+01:00')).toBe('2026-12-03 18:57:35 UTC');
    expect(formatTime('0001-01-01T00:00:00Z')).toBeUndefined();
  });

  it('builds a silence link with every label as a matcher', () => {
    const link = silenceLink(
      'http://am:9093/',
      alert({ labels: { alertname: 'A', q: 'say "hi"' } }),
    );

    expect(decodeURIComponent(link!.split('filter=')[1]!)).toBe('{alertname="A",q="say \\"hi\\""}');
    expect(link).toMatch(/^http:\/\/am:9093\/#\/silences\/new\?filter=/);
    expect(safeLink('ftp://x')).toBeUndefined();
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});

describe('composeMail', () => {
  it('gives each stored notification its own Message-ID and the group a shared thread', () => {
    const settings = {
      from: { address: 'alerts@example.org' },
      defaultTo: [{ address: 'o@x.org' }],
    };
    const firing = composeMail(group([alert()]), 1, settings).mail;
    const resolved = composeMail(group([alert({ status: 'resolved' })]), 2, settings).mail;

    expect(firing.messageId).toMatch(/^<[0-9a-f]{20}\.1@example\.org>$/);
    expect(resolved.messageId).not.toBe(firing.messageId);
    expect(resolved.references).toEqual(firing.references);
    expect(firing.inReplyTo).toMatch(/^<[0-9a-f]{16}@example\.org>$/);
  });
});
