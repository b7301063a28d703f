import { spawnSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hotAlert, notification } from './helpers/alerts.js';
import { metricValue, startTestMailer, type TestMailer, WEBHOOK_TOKEN } from './helpers/mailer.js';
import { freePort } from './helpers/ports.js';
import { SmtpPeer } from './helpers/smtp-peer.js';

// prom-client names these gauges with _total, so promtool flags them as badly named counters.
const KNOWN_PROM_CLIENT_LINT = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

describe('webhook HTTP answers', () => {
  let peer: SmtpPeer;
  let mailer: TestMailer;

  beforeAll(async () => {
    peer = await SmtpPeer.start(await freePort());
    mailer = await startTestMailer({ smtpPort: peer.port });
  });

  afterAll(async () => {
    await mailer.close();
    await peer.stop();
  });

  it('answers 400 with a JSON error for a body that is not JSON', async () => {
    const response = await mailer.post('{"status": "firing",');

    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('invalid_json');
    expect(body.message).toMatch(/^request body is not valid JSON/);
  });

  it('answers 400 naming the field when the JSON is not a notification', async () => {
    const body = notification([hotAlert('firing')]);
    const broken = { ...body, alerts: [{ ...body.alerts[0], status: 'burning' }] };

    const response = await mailer.post(broken);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_payload',
      message: 'not an Alertmanager notification: alerts[0].status must be "firing" or "resolved"',
    });
  });

  it('answers 401 without a token and with a wrong one', async () => {
    const missing = await mailer.post(notification([hotAlert('firing')]), { authorization: '' });
    const wrong = await mailer.post(notification([hotAlert('firing')]), {
      authorization: 'Bearer not-the-token',
    });

    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(await missing.json()).toMatchObject({ error: 'unauthorized' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ message: expect.stringContaining('wrong') });
    const metrics = await mailer.metricsText();
    expect(metricValue(metrics, 'mailer_notifications_rejected_total{reason="unauthorized"}')).toBe(
      2,
    );
  });

  it('accepts the token as a Basic auth password, as http_config basic_auth sends it', async () => {
    const credentials = Buffer.from(`alertmanager:${WEBHOOK_TOKEN}`).toString('base64');
    const body = notification([hotAlert('firing', { fingerprint: 'b0b0b0b0b0b0b0b0' })]);

    const response = await mailer.post(body, { authorization: `Basic ${credentials}` });

    expect(response.status).toBe(200);
  });

  it('answers 413 for a body above 1 MiB', async () => {
    const huge = notification([
      hotAlert('firing', { annotations: { description: 'x'.repeat(1_100_000) } }),
    ]);

    const response = await mailer.post(huge);

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('reports health, readiness and a landing page', async () => {
    const health = await fetch(`${mailer.url}/healthz`);
    const ready = await fetch(`${mailer.url}/readyz`);
    const landing = await fetch(`${mailer.url}/`);

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect(await landing.text()).toContain('href="/metrics"');
  });

  it('exposes every mailer metric and the process metrics', async () => {
    const metrics = await mailer.metricsText();

    for (const name of [
      'mailer_notifications_received_total',
      'mailer_notifications_duplicate_total',
      'mailer_notifications_rejected_total',
      'mailer_emails_sent_total',
      'mailer_emails_failed_total',
      'mailer_outbox_pending',
      'mailer_outbox_dead',
      'mailer_outbox_oldest_pending_age_seconds',
      'mailer_smtp_last_success_timestamp_seconds',
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(metrics).toContain(`# TYPE ${name} `);
    }
  });

  it('passes promtool check metrics except for prom-client known gauge names', async () => {
    const metrics = await mailer.metricsText();

    const lint = spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });

    const problems = `${lint.stdout}${lint.stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => !KNOWN_PROM_CLIENT_LINT.some((name) => line.startsWith(`${name} `)));
    expect(lint.error).toBeUndefined();
    expect(problems).toEqual([]);
  });
});

describe('metrics on a listener of their own', () => {
  let peer: SmtpPeer;
  let mailer: TestMailer;

  beforeAll(async () => {
    peer = await SmtpPeer.start(await freePort());
    const metricsPort = await freePort();
    mailer = await startTestMailer({
      smtpPort: peer.port,
      env: { MAILER_METRICS_LISTEN_ADDRESS: `127.0.0.1:${metricsPort}` },
    });
  });

  afterAll(async () => {
    await mailer.close();
    await peer.stop();
  });

  it('serves /metrics only there, and the webhook only on the main port', async () => {
    const metricsPort = new URL(mailer.metricsUrl).port;
    expect(metricsPort).not.toBe(new URL(mailer.url).port);

    const metrics = await fetch(`${mailer.metricsUrl}/metrics`);
    const metricsOnMain = await fetch(`${mailer.url}/metrics`);
    const webhookOnMetrics = await fetch(`${mailer.metricsUrl}/webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body: JSON.stringify(notification([hotAlert('firing')])),
    });
    const accepted = await mailer.post(notification([hotAlert('firing')]));

    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE mailer_outbox_pending gauge');
    expect(metricsOnMain.status).toBe(404);
    expect(webhookOnMetrics.status).toBe(404);
    expect(accepted.status).toBe(200);
  });
});

describe('webhook when the outbox cannot store', () => {
  it('answers 503 when the database is full, so Alertmanager retries', async () => {
    const mailer = await startTestMailer({ smtpPort: await freePort() });
    try {
      // A page limit at the current size makes SQLite fail writes as on a full disk.
      const pages = mailer.store.pragma('page_count') as [{ page_count: number }];
      mailer.store.pragma(`max_page_count = ${pages[0].page_count}`);
      const body = notification([
        hotAlert('firing', { annotations: { description: 'y'.repeat(50_000) } }),
      ]);

      const response = await mailer.post(body);

      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        error: 'storage_failed',
        message: expect.stringContaining('full'),
      });
      const metrics = await mailer.metricsText();
      expect(metricValue(metrics, 'mailer_notifications_rejected_total{reason="storage"}')).toBe(1);
      expect(metricValue(metrics, 'mailer_outbox_pending')).toBe(0);
    } finally {
      await mailer.close();
    }
  });
});
