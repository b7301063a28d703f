import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkspace } from '../support/build.js';
import { Inbox } from '../support/inbox.js';
import type { ReceivedMail } from '../support/mime.js';
import { freePort } from '../support/ports.js';
import { httpText, PeerProcess, waitFor } from '../support/processes.js';
import { repositoryPath } from '../support/repository.js';
import {
  SPEED_UP,
  writeAlertmanagerConfig,
  writeMosquittoConfig,
  writePrometheusConfig,
  type StackPorts,
} from '../support/test-stack-config.js';

/**
 * The path a user relies on, on real processes only: a reading published to Mosquitto, the
 * exporter, Prometheus with the provisioned rules, Alertmanager with the provisioned routing,
 * the mailer and an SMTP inbox with STARTTLS and AUTH. Waiting times of the provisioned files
 * run 60 times faster.
 */

const TOPIC = 'home/livingroom/temp';
const ALERT = 'SensorTemperatureHigh';
const MAIL_TIMEOUT_MS = 60_000;

const credentials = {
  mqttUser: 'glass',
  mqttPassword: 'mqtt-secret',
  smtpUser: 'alerts@example.org',
  smtpPassword: 'smtp-secret',
  webhookToken: 'e2e-webhook-token',
};

let dir: string;
let ports: StackPorts & { mqtt: number; smtp: number };
let inbox: Inbox;
let publisher: MqttClient;
const peers: PeerProcess[] = [];

function startPeer(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const peer = new PeerProcess(name, command, args, { env, cwd: repositoryPath() });
  peers.push(peer);
  return peer;
}

async function waitUntilServing(url: string, what: string): Promise<void> {
  await waitFor(what, () => httpText(url), { timeoutMs: 30_000, peers });
}

function startMosquitto(): void {
  const passwordFile = join(dir, 'mosquitto.passwd');
  const made = spawnSync('mosquitto_passwd', [
    '-c',
    '-b',
    passwordFile,
    credentials.mqttUser,
    credentials.mqttPassword,
  ]);
  if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);

  // Started as root, mosquitto drops to its own user, which must still read these files.
  chmodSync(dir, 0o755);
  chmodSync(passwordFile, 0o644);
  const configFile = writeMosquittoConfig(dir, ports.mqtt, passwordFile);
  startPeer('mosquitto', 'mosquitto', ['-c', configFile]);
}

function startExporter(): void {
  const passwordFile = join(dir, 'mqtt-password');
  writeFileSync(passwordFile, `${credentials.mqttPassword}\n`, { mode: 0o600 });

  startPeer('exporter', 'node', ['exporter/dist/cli.js'], {
    GLASS_LISTEN_ADDRESS: `127.0.0.1:${ports.exporter}`,
    GLASS_COLLECTORS: 'mqtt',
    MQTT_URL: `mqtt://127.0.0.1:${ports.mqtt}`,
    MQTT_USERNAME: credentials.mqttUser,
    MQTT_PASSWORD_FILE: passwordFile,
    LOG_LEVEL: 'warn',
  });
}

function startMailer(tokenFile: string): void {
  const caFile = join(dir, 'smtp-ca.pem');
  writeFileSync(caFile, inbox.certificatePem);
  const user = encodeURIComponent(credentials.smtpUser);

  startPeer('mailer', 'node', ['alerting/dist/cli.js'], {
    MAILER_LISTEN_ADDRESS: `127.0.0.1:${ports.mailer}`,
    MAILER_SMTP_URL: `smtp://${user}:${credentials.smtpPassword}@127.0.0.1:${ports.smtp}`,
    MAILER_SMTP_CA_FILE: caFile,
    MAILER_FROM: `Glass Gallery <${credentials.smtpUser}>`,
    MAILER_TO: 'owner@example.org',
    MAILER_WEBHOOK_TOKEN_FILE: tokenFile,
    MAILER_DATA_DIR: join(dir, 'mailer'),
  });
}

function startAlertmanager(tokenFile: string): void {
  const configFile = writeAlertmanagerConfig(dir, ports, tokenFile);
  startPeer('alertmanager', '/usr/bin/prometheus-alertmanager', [
    `--config.file=${configFile}`,
    `--storage.path=${join(dir, 'alertmanager')}`,
    `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
}

function startPrometheus(): void {
  const { configFile, droppedJobs } = writePrometheusConfig(join(dir, 'prometheus'), ports);
  // Every provisioned job is scraped here except node-exporter, which does not run in tests.
  expect(droppedJobs).toEqual(['node']);
  startPeer('prometheus', '/usr/bin/prometheus', [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'prometheus', 'data')}`,
    `--web.listen-address=127.0.0.1:${ports.prometheus}`,
    '--log.level=warn',
  ]);
}

/** Publishes a reading, then waits for the next mail about the alert and reports the delay. */
async function publishAndAwaitMail(
  value: string,
  tag: 'FIRING' | 'RESOLVED',
): Promise<ReceivedMail> {
  const seen = inbox.messages.length;
  const start = Date.now();
  await publisher.publishAsync(TOPIC, value, { qos: 1 });

  const mail = await waitFor(
    `a ${tag} mail about ${ALERT}`,
    async () =>
      inbox.messages
        .slice(seen)
        .find(
          (message) => message.subject.startsWith(`[${tag}`) && message.subject.includes(ALERT),
        ),
    { timeoutMs: MAIL_TIMEOUT_MS, peers, intervalMs: 100 },
  );

  const seconds = (Date.now() - start) / 1000;
  console.log(`${tag} mail arrived ${seconds.toFixed(1)} s after publishing ${value} to ${TOPIC}`);
  return mail;
}

beforeAll(async () => {
  buildWorkspace('exporter');
  buildWorkspace('alerting');

  dir = mkdtempSync(join(tmpdir(), 'glass-e2e-'));
  mkdirSync(join(dir, 'prometheus'));
  ports = {
    prometheus: await freePort(),
    alertmanager: await freePort(),
    exporter: await freePort(),
    mailer: await freePort(),
    mqtt: await freePort(),
    smtp: await freePort(),
  };
  const tokenFile = join(dir, 'webhook-token');
  writeFileSync(tokenFile, `${credentials.webhookToken}\n`, { mode: 0o644 });

  inbox = await Inbox.start({
    port: ports.smtp,
    user: credentials.smtpUser,
    password: credentials.smtpPassword,
  });
  startMosquitto();
  startExporter();
  startMailer(tokenFile);
  startAlertmanager(tokenFile);
  startPrometheus();

  await waitUntilServing(`http://127.0.0.1:${ports.mailer}/readyz`, 'the mailer');
  await waitUntilServing(`http://127.0.0.1:${ports.alertmanager}/-/ready`, 'Alertmanager');
  await waitUntilServing(`http://127.0.0.1:${ports.prometheus}/-/ready`, 'Prometheus');
  await waitFor(
    'the exporter subscribed to Mosquitto',
    async () => {
      const text = await httpText(`http://127.0.0.1:${ports.exporter}/metrics`);
      return text?.includes('\nmqtt_connected 1') ? true : undefined;
    },
    { timeoutMs: 30_000, peers },
  );

  publisher = await connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`, {
    username: credentials.mqttUser,
    password: credentials.mqttPassword,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
});

afterAll(async () => {
  await publisher?.endAsync();
  await Promise.all(peers.map((peer) => peer.stop()));
  await inbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`an ESP32 reading travels to the owner's inbox (waits ${SPEED_UP}x shorter)`, () => {
  it('mails FIRING when the living room reaches 31.5 °C, and RESOLVED when it cools to 24 °C', async () => {
    const firing = await publishAndAwaitMail('31.5', 'FIRING');

    expect(firing.subject).toContain('home/livingroom');
    expect(firing.text).toContain('Temperature above 30 °C at home/livingroom');
    expect(firing.text).toContain('31.5');
    expect(firing.headers.get('to')).toContain('owner@example.org');

    const resolved = await publishAndAwaitMail('24', 'RESOLVED');

    expect(resolved.subject).toContain('home/livingroom');
    expect(resolved.text).toContain('Temperature above 30 °C at home/livingroom');
    expect(inbox.errors).toEqual([]);
  });
});
