import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hotAlert, notification } from './helpers/alerts.js';
import { startTestMailer, type TestMailer } from './helpers/mailer.js';
import { freePort } from './helpers/ports.js';
import { SmtpPeer } from './helpers/smtp-peer.js';

describe('hostile label and annotation values', () => {
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

  it('neither injects a header nor reaches the HTML unescaped', async () => {
    const hostile =
      'kitchen\r\nBcc: victim@evil.example\r\nX-Injected: yes<script>alert(1)</script>';
    const body = notification([hotAlert('firing', { annotations: { summary: hostile } })], {
      alertname: 'HighTemperature',
      room: hostile,
    });
    body.alerts[0]!.generatorURL = 'javascript:alert(document.cookie)';

    expect((await mailer.post(body)).status).toBe(200);

    const [mail] = await peer.waitForMails(1);
    const { parsed, raw, envelopeTo } = mail!;
    expect(envelopeTo).toEqual(['owner@example.org']);
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).toBe(
      '[FIRING:1] HighTemperature kitchen Bcc: victim@evil.example X-Injected: yes<script>alert(1)</script>',
    );
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(headerBlock).not.toMatch(/^(Bcc|X-Injected):/im);

    const html = String(parsed.html);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('javascript:');
  });
});
