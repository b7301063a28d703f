import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestMailer, type TestMailer, WEBHOOK_TOKEN } from './helpers/mailer.js';
import { freePort, waitFor } from './helpers/ports.js';
import { SmtpPeer } from './helpers/smtp-peer.js';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

function alertmanagerConfig(webhookUrl: string, tokenFile: string): string {
  return `route:
  receiver: mailer
  group_by: [alertname, room]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: mailer
    webhook_configs:
      - url: ${webhookUrl}
        send_resolved: true
        max_alerts: 20
        http_config:
          authorization:
            type: Bearer
            credentials_file: ${tokenFile}
`;
}

describe('driven by a real Alertmanager 0.25', () => {
  let peer: SmtpPeer;
  let mailer: TestMailer;
  let alertmanager: ChildProcess;
  let alertmanagerUrl: string;
  const alertmanagerLog: string[] = [];

  beforeAll(async () => {
    peer = await SmtpPeer.start(await freePort());
    mailer = await startTestMailer({ smtpPort: peer.port });

    const dir = mkdtempSync(join(tmpdir(), 'glass-alertmanager-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${WEBHOOK_TOKEN}\n`);
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      alertmanagerConfig(`${mailer.url}/webhook`, tokenFile),
    );

    const port = await freePort();
    alertmanagerUrl = `http://127.0.0.1:${port}`;
    alertmanager = spawn(
      ALERTMANAGER,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=${alertmanagerUrl}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    alertmanager.stderr!.on('data', (chunk: Buffer) => alertmanagerLog.push(chunk.toString()));
    const exited = new Promise<never>((_resolve, reject) =>
      alertmanager.once('exit', (code) =>
        reject(new Error(`alertmanager exited (${code}): ${alertmanagerLog.join('')}`)),
      ),
    );

    await Promise.race([
      exited,
      waitFor('alertmanager to be ready', async () => {
        const response = await fetch(`${alertmanagerUrl}/-/ready`).catch(() => undefined);
        return response?.ok ? true : undefined;
      }),
    ]);
  });

  afterAll(async () => {
    alertmanager?.kill('SIGTERM');
    await mailer?.close();
    await peer?.stop();
  });

  const startedAt = new Date(Date.now() - 60_000).toISOString();

  async function postAlert(endsAt?: string): Promise<void> {
    const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: 'ESP32TemperatureHigh', room: 'livingroom', severity: 'warning' },
          annotations: { summary: 'Living room at 31 °C', description: 'Above 30 °C for 2m.' },
          startsAt: startedAt,
          ...(endsAt ? { endsAt } : {}),
          generatorURL: 'http://prometheus.example:9090/graph?g0.expr=esp32_temperature_celsius',
        },
      ]),
    });
    expect(response.status).toBe(200);
  }

  it('mails a firing alert posted to Alertmanager, then its resolution', async () => {
    await postAlert();

    const [firing] = await peer.waitForMails(1, 20_000);
    expect(firing!.parsed.subject).toBe('[FIRING:1] ESP32TemperatureHigh livingroom');
    expect(firing!.parsed.text).toContain('Living room at 31 °C');
    expect(firing!.parsed.html).toContain(`${alertmanagerUrl}/#/silences/new?filter=`);

    await postAlert(new Date().toISOString());

    const mails = await peer.waitForMails(2, 20_000);
    expect(mails[1]!.parsed.subject).toBe('[RESOLVED] ESP32TemperatureHigh livingroom');
    expect(mails[1]!.parsed.references).toEqual(firing!.parsed.references);
    expect(mailer.logLines.some((line) => line.includes('not authorised'))).toBe(false);
  });
});
