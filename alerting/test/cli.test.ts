import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { hotAlert, notification } from './helpers/alerts.js';
import { smtpUrl, WEBHOOK_TOKEN } from './helpers/mailer.js';
import { freePort } from './helpers/ports.js';
import { type MailerProcess, spawnMailer } from './helpers/process.js';
import { SmtpPeer } from './helpers/smtp-peer.js';
import { testCertificate } from './helpers/tls.js';

async function baseEnv(smtpPort: number, dataDir: string, listenPort: number) {
  return {
    MAILER_LISTEN_ADDRESS: `127.0.0.1:${listenPort}`,
    MAILER_SMTP_URL: smtpUrl(smtpPort),
    MAILER_SMTP_CA_FILE: (await testCertificate()).caFile,
    MAILER_FROM: 'alerts@example.org',
    MAILER_TO: 'owner@example.org',
    MAILER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    MAILER_DATA_DIR: dataDir,
  };
}

function post(port: number, body: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
    body: JSON.stringify(body),
  });
}

describe('glass-mailer process', () => {
  const processes: MailerProcess[] = [];
  const peers: SmtpPeer[] = [];

  afterEach(async () => {
    for (const running of processes.splice(0)) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    for (const peer of peers.splice(0)) {
      await peer.stop();
    }
  });

  it('stops before listening with one line naming a bad variable and what is accepted', async () => {
    const port = await freePort();
    const env = await baseEnv(await freePort(), mkdtempSync(join(tmpdir(), 'gm-')), port);
    const mailer = spawnMailer({ ...env, MAILER_LISTEN_ADDRESS: '127.0.0.1:99999' });
    processes.push(mailer);

    expect(await mailer.exited).toBe(78);
    expect(mailer.stderr).toEqual([
      'glass-mailer: MAILER_LISTEN_ADDRESS="127.0.0.1:99999" is invalid: port 99999 is out of ' +
        'range 0-65535; accepted: host:port, e.g. 0.0.0.0:9095 or [::1]:9095',
    ]);
    expect(mailer.stdout).toEqual([]);
  });

  it('hides a bad secret in the error line', async () => {
    const env = await baseEnv(1, mkdtempSync(join(tmpdir(), 'gm-')), await freePort());
    const mailer = spawnMailer({ ...env, MAILER_SMTP_URL: 'http://alerts:hunter2@mail.example' });
    processes.push(mailer);

    expect(await mailer.exited).toBe(78);
    expect(mailer.stderr).toHaveLength(1);
    expect(mailer.stderr[0]).toContain('MAILER_SMTP_URL=<hidden> is invalid');
    expect(mailer.stderr[0]).toContain('accepted: smtps://');
    expect(mailer.stderr[0]).not.toContain('hunter2');
  });

  it('stops with the variable named when the data directory is unusable', async () => {
    const notADirectory = join(mkdtempSync(join(tmpdir(), 'gm-')), 'file');
    writeFileSync(notADirectory, 'not a directory');
    const env = await baseEnv(await freePort(), notADirectory, await freePort());
    const mailer = spawnMailer(env);
    processes.push(mailer);

    expect(await mailer.exited).toBe(78);
    expect(mailer.stderr).toHaveLength(1);
    expect(mailer.stderr[0]).toMatch(
      /^glass-mailer: MAILER_DATA_DIR=".*file" is unusable: .*EEXIST.*; accepted: a writable directory/,
    );
  });

  it('sends a mail accepted before a crash once SMTP and the mailer are back', async () => {
    const smtpPort = await freePort();
    const httpPort = await freePort();
    const env = await baseEnv(smtpPort, mkdtempSync(join(tmpdir(), 'gm-')), httpPort);

    const first = spawnMailer(env);
    processes.push(first);
    await first.waitForLog('mailer listening');
    const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
    expect(ready.status).toBe(200);
    expect((await post(httpPort, notification([hotAlert('firing')]))).status).toBe(200);
    await first.waitForLog('mail delivery failed; will retry');
    first.child.kill('SIGKILL');
    await first.exited;

    const peer = await SmtpPeer.start(smtpPort);
    peers.push(peer);
    const second = spawnMailer(env);
    processes.push(second);

    const [mail] = await peer.waitForMails(1, 20_000);
    expect(mail!.parsed.subject).toBe('[FIRING:1] HighTemperature livingroom');
    const opened = await second.waitForLog('outbox opened');
    expect(opened.pendingMails).toBe(1);
    expect(second.stdout.join('\n')).not.toContain('correct horse');
    expect(opened.smtp).toContain(':***@127.0.0.1');
  });

  it('exits 0 on SIGTERM', async () => {
    const env = await baseEnv(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'gm-')),
      await freePort(),
    );
    const mailer = spawnMailer(env);
    processes.push(mailer);
    await mailer.waitForLog('mailer listening');

    mailer.child.kill('SIGTERM');

    expect(await mailer.exited).toBe(0);
  });
});
