import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { loadConfig } from './env.js';

const VALID = {
  MAILER_SMTP_URL: 'smtp://alerts%40example.org:p%40ss@mail.example.org:587',
  MAILER_FROM: 'Alerts <alerts@example.org>',
  MAILER_TO: 'a@example.org, B <b@example.org>',
};

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function tempFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'glass-config-')), 'value');
  writeFileSync(path, content);
  return path;
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(VALID, '/srv');

    expect(config.listen).toEqual({ host: '0.0.0.0', port: 9095 });
    expect(config.dataDir).toBe('/srv/data');
    expect(config.webhookToken).toBeUndefined();
    expect(config.to).toEqual([
      { address: 'a@example.org' },
      { name: 'B', address: 'b@example.org' },
    ]);
  });

  it('reads a STARTTLS URL with encoded credentials and requires TLS', () => {
    const { smtp } = loadConfig(VALID, '/srv');

    expect(smtp.options).toMatchObject({
      host: 'mail.example.org',
      port: 587,
      secure: false,
      requireTLS: true,
      auth: { user: 'alerts@example.org', pass: 'p@ss' },
    });
    expect(smtp.redactedUrl).toBe('smtp://alerts%40example.org:***@mail.example.org:587');
  });

  it('reads smtps:// as implicit TLS on 465 and keeps nodemailer query options', () => {
    const env = {
      ...VALID,
      MAILER_SMTP_URL: 'smtps://u:p@10.0.0.5?tls.servername=mail.example.org',
    };

    const { smtp } = loadConfig(env, '/srv');

    expect(smtp.options).toMatchObject({
      host: '10.0.0.5',
      secure: true,
      requireTLS: false,
      tls: { servername: 'mail.example.org' },
    });
  });

  it('reads secrets from _FILE variables without the trailing newline', () => {
    const env = {
      MAILER_FROM: VALID.MAILER_FROM,
      MAILER_TO: VALID.MAILER_TO,
      MAILER_SMTP_URL_FILE: tempFile('smtps://u:secret@mail.example.org\n'),
      MAILER_WEBHOOK_TOKEN_FILE: tempFile('tok3n\n'),
    };

    const config = loadConfig(env, '/srv');

    expect(config.smtp.options.auth).toEqual({ user: 'u', pass: 'secret' });
    expect(config.webhookToken).toBe('tok3n');
  });

  it('serves /metrics beside the webhook unless MAILER_METRICS_LISTEN_ADDRESS is set', () => {
    const shared = loadConfig(VALID, '/srv');
    const apart = loadConfig({ ...VALID, MAILER_METRICS_LISTEN_ADDRESS: '0.0.0.0:9096' }, '/srv');

    expect(shared.metricsListen).toBeUndefined();
    expect(apart.metricsListen).toEqual({ host: '0.0.0.0', port: 9096 });
  });

  it('parses IPv6 listen addresses', () => {
    const config = loadConfig({ ...VALID, MAILER_LISTEN_ADDRESS: '[::1]:9195' }, '/srv');

    expect(config.listen).toEqual({ host: '::1', port: 9195 });
  });

  it.each([
    [
      { MAILER_LISTEN_ADDRESS: '9095' },
      'MAILER_LISTEN_ADDRESS="9095" is invalid: not in host:port form',
    ],
    [{ MAILER_LISTEN_ADDRESS: '[foo]:1' }, '"foo" in brackets is not an IPv6 address'],
    [
      { MAILER_METRICS_LISTEN_ADDRESS: ':9096' },
      'MAILER_METRICS_LISTEN_ADDRESS=":9096" is invalid: not in host:port form',
    ],
    [{ MAILER_FROM: 'a@example.org, b@example.org' }, 'only one sender address is allowed'],
    [{ MAILER_TO: 'owner' }, 'MAILER_TO="owner" is invalid: "owner" is not an e-mail address'],
    [{ MAILER_TO: ' , ' }, 'the list is empty'],
    [{ MAILER_SMTP_CA_FILE: '/nonexistent/ca.pem' }, 'the file cannot be read (ENOENT)'],
    [{ MAILER_WEBHOOK_TOKEN: '' }, 'the token is empty'],
    [{ MAILER_WEBHOOK_TOKEN: 'two words' }, 'MAILER_WEBHOOK_TOKEN=<hidden> is invalid'],
  ])('rejects %j naming the variable, value and what is accepted', (override, expected) => {
    const error = errorOf({ ...VALID, ...override });

    expect(error.message).toContain(expected);
    expect(error.message).toContain('accepted: ');
    expect(error.variable).toBe(Object.keys(override)[0]);
  });

  it('never shows a bad SMTP URL, which holds the password', () => {
    const error = errorOf({ ...VALID, MAILER_SMTP_URL: 'imap://u:hunter2@mail.example.org' });

    expect(error.message).toBe(
      'MAILER_SMTP_URL=<hidden> is invalid: scheme "imap" is neither smtp nor smtps; accepted: ' +
        'smtps://user:pass@mail.example.org:465 or smtp://user:pass@mail.example.org:587 (STARTTLS)',
    );
  });

  it('names missing required variables and their _FILE alternative', () => {
    expect(errorOf({ MAILER_FROM: 'a@example.org', MAILER_TO: 'b@example.org' }).message).toBe(
      'MAILER_SMTP_URL or MAILER_SMTP_URL_FILE is not set; it is required',
    );
    expect(errorOf({ ...VALID, MAILER_FROM: '' }).message).toBe(
      'MAILER_FROM is not set; it is required',
    );
  });

  it('refuses a secret given both directly and as a file', () => {
    const error = errorOf({ ...VALID, MAILER_SMTP_URL_FILE: tempFile(VALID.MAILER_SMTP_URL) });

    expect(error.message).toContain('MAILER_SMTP_URL and MAILER_SMTP_URL_FILE are both set');
  });

  it('names the _FILE variable when the secret file is missing', () => {
    const env = { MAILER_FROM: 'a@example.org', MAILER_TO: 'b@example.org' };
    const error = errorOf({ ...env, MAILER_SMTP_URL_FILE: '/run/secrets/missing' });

    expect(error.variable).toBe('MAILER_SMTP_URL_FILE');
    expect(error.message).toContain('"/run/secrets/missing" cannot be read (ENOENT)');
  });
});
