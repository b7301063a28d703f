/**
 * Runs inside the private network namespace of the pods test: waits for the pods' probes,
 * talks to the broker, the exporter and the mailer over that namespace's loopback, and prints
 * one JSON line with what it saw.
 */
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface ProbeInput {
  broker: { port: number; username: string; password: string };
  exporter: { port: number; readinessPath: string; livenessPath: string };
  mailer: { port: number; readinessPath: string; livenessPath: string; token: string };
  reading: { topic: string; value: string };
}

const input = JSON.parse(process.argv[2] ?? '{}') as ProbeInput;

async function status(url: string, init?: RequestInit): Promise<number> {
  try {
    return (await fetch(url, { ...init, signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
}

async function until<T>(what: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let value = await what();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await what();
  }
  return value;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function publish(credentials: boolean): Promise<boolean> {
  const auth = credentials ? ['-u', input.broker.username, '-P', input.broker.password] : [];
  const args = ['-h', '127.0.0.1', '-p', String(input.broker.port), ...auth];
  try {
    await run('mosquitto_pub', [...args, '-t', input.reading.topic, '-m', input.reading.value]);
    return true;
  } catch {
    return false;
  }
}

async function temperatureLine(): Promise<string> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${input.exporter.port}/metrics`)).text();
    return text.split('\n').find((line) => line.startsWith('sensor_temperature_celsius{')) ?? '';
  } catch {
    return '';
  }
}

const exporter = `http://127.0.0.1:${input.exporter.port}`;
const mailer = `http://127.0.0.1:${input.mailer.port}`;
const alert = {
  receiver: 'mailer',
  status: 'firing',
  version: '4',
  groupKey: '{}:{alertname="SensorTemperatureHigh"}',
  truncatedAlerts: 0,
  groupLabels: { alertname: 'SensorTemperatureHigh' },
  commonLabels: { alertname: 'SensorTemperatureHigh', severity: 'warning' },
  commonAnnotations: { summary: 'Temperature above 30 °C' },
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'SensorTemperatureHigh', severity: 'warning' },
      annotations: { summary: 'Temperature above 30 °C' },
      startsAt: new Date().toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: '51f61b249e3e7d57',
    },
  ],
};
const post = (token?: string): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  },
  body: JSON.stringify(alert),
});

const brokerUp = await until(() => portOpen(input.broker.port), Boolean);
const exporterReady = await until(
  () => status(exporter + input.exporter.readinessPath),
  (s) => s === 200,
);
const mailerReady = await until(
  () => status(mailer + input.mailer.readinessPath),
  (s) => s === 200,
);
const anonymousAccepted = await publish(false);
const publishedWithPassword = await publish(true);
const temperature = await until(temperatureLine, (line) =>
  line.endsWith(` ${input.reading.value}`),
);

const result = {
  brokerUp,
  anonymousAccepted,
  publishedWithPassword,
  exporterReady,
  exporterLive: await status(exporter + input.exporter.livenessPath),
  temperature,
  mailerReady,
  mailerLive: await status(mailer + input.mailer.livenessPath),
  webhookWithoutToken: await status(`${mailer}/webhook`, post()),
  webhookWithToken: await status(`${mailer}/webhook`, post(input.mailer.token)),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
