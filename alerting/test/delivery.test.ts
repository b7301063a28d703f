import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { hotAlert, notification } from './helpers/alerts.js';
import { metricValue, smtpUrl, startTestMailer, type TestMailer } from './helpers/mailer.js';
import { freePort, waitFor } from './helpers/ports.js';
import { SMTP_USER, SmtpPeer } from './helpers/smtp-peer.js';

describe('delivery to an SMTP server with STARTTLS and AUTH', () => {
  let peer: SmtpPeer;
  let mailer: TestMailer;

  beforeEach(async () => {
    peer = await SmtpPeer.start(await freePort());
    mailer = await startTestMailer({ smtpPort: peer.port });
  });

  afterEach(async () => {
    await mailer.close();
    await peer.stop();
  });

  it('mails a firing notification with subject, text and HTML parts', async () => {
    const body = notification([
      hotAlert('firing'),
      hotAlert('firing', { fingerprint: 'aa00bb11cc22dd33', labels: { sensor: 'esp32-2' } }),
    ]);

    const response = await mailer.post(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'accepted' });

    const [mail] = await peer.waitForMails(1);
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('[FIRING:2] HighTemperature livingroom');
    expect(parsed.from?.text).toBe('"Glass Gallery" <alerts@example.org>');
    expect(mail!.envelopeTo).toEqual(['owner@example.org']);
    expect(parsed.text).toContain('Living room is 31 °C');
    expect(parsed.text).toContain('Since:       2026-12-03 18:57:35 UTC');
    expect(parsed.text).toContain('sensor=esp32-2');
    expect(parsed.html).toContain('Temperature above 30 °C for 2 minutes.');
    expect(parsed.html).toContain(
      'href="http://prometheus.example:9090/graph?g0.expr=temperature_celsius+%3E+30"',
    );
    expect(parsed.html).toContain(
      'http://alertmanager.example:9093/#/silences/new?filter=%7Balertname%3D%22HighTemperature%22',
    );
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(peer.authAttempts).toEqual([
      expect.objectContaining({ username: SMTP_USER, accepted: true, secure: true }),
    ]);

    const metrics = await mailer.metricsText();
    expect(metricValue(metrics, 'mailer_emails_sent_total')).toBe(1);
    expect(metricValue(metrics, 'mailer_notifications_received_total{status="firing"}')).toBe(1);
    expect(metricValue(metrics, 'mailer_outbox_pending')).toBe(0);
    expect(metricValue(metrics, 'mailer_smtp_last_success_timestamp_seconds')).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
  });

  it('mails the resolved notification in the same thread as the firing one', async () => {
    await mailer.post(notification([hotAlert('firing')]));
    await peer.waitForMails(1);
    await mailer.post(notification([hotAlert('resolved')]));

    const [firing, resolved] = await peer.waitForMails(2);
    expect(resolved!.parsed.subject).toBe('[RESOLVED] HighTemperature livingroom');
    expect(resolved!.parsed.text).toContain('Resolved:    2026-12-03 19:20:00 UTC');
    expect(resolved!.parsed.html).toContain('resolved 2026-12-03 19:20:00 UTC');
    expect(resolved!.parsed.html).not.toContain('silences/new');
    expect(resolved!.parsed.messageId).not.toBe(firing!.parsed.messageId);
    expect(resolved!.parsed.references).toEqual(firing!.parsed.references);
    expect(resolved!.parsed.inReplyTo).toBe(firing!.parsed.inReplyTo);
  });

  it('sends one mail when the same notification is delivered twice', async () => {
    const body = notification([hotAlert('firing')]);

    const first = await mailer.post(body);
    const second = await mailer.post(body);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ status: 'duplicate' });
    expect(first.status).toBe(200);

    await peer.waitForMails(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peer.received).toHaveLength(1);
    const metrics = await mailer.metricsText();
    expect(metricValue(metrics, 'mailer_notifications_duplicate_total')).toBe(1);
    expect(metricValue(metrics, 'mailer_notifications_received_total{status="firing"}')).toBe(2);
  });

  it('mails again when a resolved alert fires anew', async () => {
    await mailer.post(notification([hotAlert('firing')]));
    await mailer.post(notification([hotAlert('resolved')]));
    await mailer.post(notification([hotAlert('firing', { startsAt: '2026-12-03T21:00:00Z' })]));

    const mails = await peer.waitForMails(3);
    expect(mails.map((mail) => mail.parsed.subject)).toEqual([
      '[FIRING:1] HighTemperature livingroom',
      '[RESOLVED] HighTemperature livingroom',
      '[FIRING:1] HighTemperature livingroom',
    ]);
  });

  it('addresses alerts with an email_to label or annotation to those recipients', async () => {
    const body = notification([
      hotAlert('firing', { labels: { email_to: 'kitchen@example.org' } }),
      hotAlert('firing', {
        fingerprint: '0123456789abcdef',
        labels: { sensor: 'esp32-2' },
        annotations: { summary: 'Hot', email_to: 'Heating <heat@example.org>, ops@example.org' },
      }),
    ]);

    await mailer.post(body);

    const [mail] = await peer.waitForMails(1);
    expect(mail!.envelopeTo.sort()).toEqual([
      'heat@example.org',
      'kitchen@example.org',
      'ops@example.org',
    ]);
  });

  it('falls back to the default recipients when email_to is not an address', async () => {
    await mailer.post(
      notification([hotAlert('firing', { labels: { email_to: 'not an address' } })]),
    );

    const [mail] = await peer.waitForMails(1);
    expect(mail!.envelopeTo).toEqual(['owner@example.org']);
    await waitFor('a warning about email_to', () =>
      mailer.logLines.find((line) => line.includes('email_to is not an address list')),
    );
  });
});

describe('delivery when the server refuses one recipient', () => {
  it('delivers to the others and logs the refused address', async () => {
    const peer = await SmtpPeer.start(await freePort(), undefined, {
      refuseRecipient: 'nobody@example.org',
    });
    const mailer = await startTestMailer({ smtpPort: peer.port });
    try {
      const routed = { labels: { email_to: 'nobody@example.org, ops@example.org' } };
      await mailer.post(notification([hotAlert('firing', routed)]));

      const [mail] = await peer.waitForMails(1);
      expect(mail!.envelopeTo).toEqual(['ops@example.org']);
      await waitFor('a warning naming the refused recipient', () =>
        mailer.logLines.find(
          (line) => line.includes('refused some recipients') && line.includes('nobody@example.org'),
        ),
      );
    } finally {
      await mailer.close();
      await peer.stop();
    }
  });
});

describe('delivery over implicit TLS (smtps://, port 465 style)', () => {
  it('sends through a server that speaks TLS from the first byte', async () => {
    const peer = await SmtpPeer.start(await freePort(), undefined, { implicitTls: true });
    const mailer = await startTestMailer({
      smtpPort: peer.port,
      env: { MAILER_SMTP_URL: smtpUrl(peer.port, undefined, 'smtps') },
    });
    try {
      await mailer.post(notification([hotAlert('firing')]));

      const [mail] = await peer.waitForMails(1);
      expect(mail!.parsed.subject).toBe('[FIRING:1] HighTemperature livingroom');
      expect(peer.authAttempts).toEqual([
        expect.objectContaining({ accepted: true, secure: true }),
      ]);
    } finally {
      await mailer.close();
      await peer.stop();
    }
  });
});

describe('delivery when SMTP fails', () => {
  let peer: SmtpPeer | undefined;
  let mailer: TestMailer | undefined;

  afterEach(async () => {
    await mailer?.close();
    await peer?.stop();
    peer = undefined;
    mailer = undefined;
  });

  it('accepts while the SMTP server is down and sends once it is back', async () => {
    const port = await freePort();
    mailer = await startTestMailer({ smtpPort: port });

    const response = await mailer.post(notification([hotAlert('firing')]));
    expect(response.status).toBe(200);
    await waitFor('a failed connection attempt', async () => {
      const metrics = await mailer!.metricsText();
      const failures = metricValue(metrics, 'mailer_emails_failed_total{reason="connection"}');
      return failures !== undefined && failures >= 1 ? failures : undefined;
    });
    expect(metricValue(await mailer.metricsText(), 'mailer_outbox_pending')).toBe(1);

    peer = await SmtpPeer.start(port);
    const [mail] = await peer.waitForMails(1);
    expect(mail!.parsed.subject).toBe('[FIRING:1] HighTemperature livingroom');
    await waitFor('an empty outbox', async () =>
      metricValue(await mailer!.metricsText(), 'mailer_outbox_pending') === 0 ? true : undefined,
    );
  });

  it('retries after a 4xx reply and sends the mail once', async () => {
    peer = await SmtpPeer.start(await freePort(), undefined, {
      dataReply: (attempt) =>
        attempt <= 2
          ? { code: 450, text: '4.2.1 You are sending too many emails too fast.' }
          : undefined,
    });
    mailer = await startTestMailer({ smtpPort: peer.port });

    await mailer.post(notification([hotAlert('firing')]));

    const [mail] = await peer.waitForMails(1);
    expect(mail!.parsed.subject).toBe('[FIRING:1] HighTemperature livingroom');
    const metrics = await mailer.metricsText();
    expect(metricValue(metrics, 'mailer_emails_failed_total{reason="temporary"}')).toBe(2);
    expect(metricValue(metrics, 'mailer_emails_sent_total')).toBe(1);
  });

  it('dead-letters a mail the server keeps refusing with a 5xx reply', async () => {
    peer = await SmtpPeer.start(await freePort(), undefined, {
      dataReply: () => ({ code: 554, text: '5.7.1 Message rejected as spam' }),
    });
    mailer = await startTestMailer({ smtpPort: peer.port });

    await mailer.post(notification([hotAlert('firing')]));

    await waitFor('a dead-lettered mail', async () =>
      metricValue(await mailer!.metricsText(), 'mailer_outbox_dead') === 1 ? true : undefined,
    );
    const metrics = await mailer.metricsText();
    expect(metricValue(metrics, 'mailer_emails_failed_total{reason="permanent"}')).toBe(3);
    expect(metricValue(metrics, 'mailer_outbox_pending')).toBe(0);
    expect(peer.received).toHaveLength(0);
    const dead = mailer.logLines.find((line) => line.includes('mail dead-lettered'));
    expect(dead).toContain('554 5.7.1 Message rejected as spam');
  });

  it('dead-letters a mail after a few rejected logins without hammering the server', async () => {
    peer = await SmtpPeer.start(await freePort());
    mailer = await startTestMailer({
      smtpPort: peer.port,
      password: 'wrong password',
      retryPolicy: { baseDelayMs: 150, maxDelayMs: 5_000 },
    });

    await mailer.post(notification([hotAlert('firing')]));
    await mailer.post(notification([hotAlert('resolved')]));

    await waitFor(
      'both mails dead-lettered',
      async () =>
        metricValue(await mailer!.metricsText(), 'mailer_outbox_dead') === 2 ? 2 : undefined,
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(peer.received).toHaveLength(0);
    expect(peer.authAttempts).toHaveLength(6);
    expect(peer.authAttempts.every((attempt) => !attempt.accepted && attempt.secure)).toBe(true);
    // One login at a time, each after a pause twice as long as the one before.
    const gaps = peer.authAttempts
      .slice(1)
      .map((attempt, index) => attempt.at - peer!.authAttempts[index]!.at);
    // Base 150 ms doubling, minus 20 % jitter: at least 120, 240, 480, 960, 1920 ms apart.
    for (const [index, gap] of gaps.entries()) {
      expect(gap).toBeGreaterThanOrEqual(115 * 2 ** index);
    }

    const metrics = await mailer.metricsText();
    expect(metricValue(metrics, 'mailer_emails_failed_total{reason="auth"}')).toBe(6);
    expect(metricValue(metrics, 'mailer_outbox_pending')).toBe(0);
    expect(
      mailer.logLines.some((line) => line.includes('mail dead-lettered') && line.includes('EAUTH')),
    ).toBe(true);
    expect(mailer.logLines.join('\n')).not.toContain('wrong password');
  });
});
