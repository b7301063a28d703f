import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFtlDb } from '../../exporter/src/collectors/pihole/testing/ftl-db-generator.js';
import { buildWorkspace } from '../support/build.js';
import { dockerApi } from '../support/docker-api.js';
import { familiesOf, sampleValue } from '../support/exposition.js';
import { Inbox } from '../support/inbox.js';
import {
  dashboardMetricUses,
  pluginMetricUses,
  pluginQueriesFile,
  ruleMetricUses,
  type MetricUse,
} from '../support/metric-usage.js';
import { freePort } from '../support/ports.js';
import { httpText, PeerProcess, waitFor } from '../support/processes.js';
import { histogramBaseName } from '../support/promql-names.js';
import { unexpectedPromtoolFindings } from '../../exporter/test/promtool.js';
import { repositoryPath } from '../support/repository.js';

/**
 * Compares the metric names that rules, dashboards and the Grafana plugin query with what a
 * running exporter and mailer serve. Every source is real: a generated pihole-FTL.db, the
 * project's Podman engine with a running container, the embedded MQTT broker with a published
 * reading, and the mailer after delivering one alert to an SMTP inbox. A family that has no
 * sample in this run (an OOM kill, say) still counts: prom-client prints the HELP and TYPE
 * lines of every metric a collector registers.
 */

/** Series Prometheus itself makes: scrape health and the state of alerting rules. */
const PROMETHEUS_SERIES = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);

const CONTAINER_NAME = `glass-metric-names-${process.pid}`;
const WEBHOOK_TOKEN = 'metric-names-token';

let dir: string;
let dockerSocket: string;
let exporterText = '';
let mailerText = '';
const peers: PeerProcess[] = [];
let inbox: Inbox | undefined;

function startPodman(): string {
  const started = spawnSync('bash', [repositoryPath('scripts/podman/start.sh')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = started.stdout.trim().split('\n').pop() ?? '';
  if (started.status !== 0 || !line.startsWith('DOCKER_HOST=unix://')) {
    throw new Error(`scripts/podman/start.sh failed:\n${started.stdout}${started.stderr}`);
  }
  return line.slice('DOCKER_HOST=unix://'.length);
}

async function startContainer(): Promise<void> {
  await dockerApi(dockerSocket, 'POST', `/containers/create?name=${CONTAINER_NAME}`, {
    Image: 'localhost/glass/busybox:latest',
    Cmd: ['sleep', '600'],
    Labels: { 'com.docker.compose.project': 'glass-test', 'com.docker.compose.service': 'probe' },
    Healthcheck: { Test: ['CMD', 'true'], Interval: 1_000_000_000 },
  });
  await dockerApi(dockerSocket, 'POST', `/containers/${CONTAINER_NAME}/start`);
}

async function scrapeExporter(): Promise<void> {
  const dbPath = join(dir, 'pihole-FTL.db');
  generateFtlDb({ path: dbPath, rows: 2000, schemaVersion: 21, seed: 7 });
  const mqttPort = await freePort();
  const port = await freePort();

  const exporter = new PeerProcess('exporter', 'node', ['exporter/dist/cli.js'], {
    cwd: repositoryPath(),
    env: {
      GLASS_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      GLASS_COLLECTORS: 'pihole,docker,mqtt',
      PIHOLE_FTL_DB: dbPath,
      DOCKER_HOST: `unix://${dockerSocket}`,
      MQTT_EMBEDDED_LISTEN: `127.0.0.1:${mqttPort}`,
      LOG_LEVEL: 'warn',
    },
  });
  peers.push(exporter);

  await waitFor('the exporter', () => httpText(`http://127.0.0.1:${port}/readyz`), {
    timeoutMs: 30_000,
    peers,
  });
  const publisher = await connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  await publisher.publishAsync('home/livingroom/temp', '31.5', { qos: 1 });
  await publisher.endAsync();

  exporterText = await waitFor(
    'a scrape with every collector up and the published reading',
    async () => {
      const text = (await httpText(`http://127.0.0.1:${port}/metrics`)) ?? '';
      const missing = liveSourceProblems(text);
      if (missing.length > 0) throw new Error(missing.join('; '));
      return text;
    },
    { timeoutMs: 30_000, peers },
  );
}

/** What the scrape still lacks to show that every source is live. */
function liveSourceProblems(text: string): string[] {
  const problems = ['pihole', 'docker', 'mqtt']
    .filter((collector) => sampleValue(text, `glass_collector_up{collector="${collector}"}`) !== 1)
    .map((collector) => `collector ${collector} is not up`);

  if (!text.includes(`name="${CONTAINER_NAME}"`)) problems.push(`no series of ${CONTAINER_NAME}`);
  const reading = 'sensor_temperature_celsius{device="home/livingroom",sensor="temp"}';
  if (sampleValue(text, reading) !== 31.5) problems.push(`no ${reading} 31.5`);
  return problems;
}

async function scrapeMailer(): Promise<void> {
  const smtpPort = await freePort();
  const port = await freePort();
  inbox = await Inbox.start({ port: smtpPort, user: 'alerts@example.org', password: 'secret' });
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, inbox.certificatePem);

  const mailer = new PeerProcess('mailer', 'node', ['alerting/dist/cli.js'], {
    cwd: repositoryPath(),
    env: {
      MAILER_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      MAILER_SMTP_URL: `smtp://alerts%40example.org:secret@127.0.0.1:${smtpPort}`,
      MAILER_SMTP_CA_FILE: caFile,
      MAILER_FROM: 'alerts@example.org',
      MAILER_TO: 'owner@example.org',
      MAILER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      MAILER_DATA_DIR: join(dir, 'mailer'),
    },
  });
  peers.push(mailer);
  await waitFor('the mailer', () => httpText(`http://127.0.0.1:${port}/readyz`), {
    timeoutMs: 30_000,
    peers,
  });

  const accepted = await fetch(`http://127.0.0.1:${port}/webhook`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(firingNotification()),
  });
  expect(accepted.status).toBeLessThan(300);

  mailerText = await waitFor(
    'the mailer to count one sent mail',
    async () => {
      const text = await httpText(`http://127.0.0.1:${port}/metrics`);
      return text && sampleValue(text, 'mailer_emails_sent_total') === 1 ? text : undefined;
    },
    { timeoutMs: 30_000, peers },
  );
}

function firingNotification(): unknown {
  const labels = { alertname: 'SensorTemperatureHigh', device: 'home/x', severity: 'warning' };
  return {
    receiver: 'mailer',
    status: 'firing',
    version: '4',
    truncatedAlerts: 0,
    groupKey: '{}:{alertname="SensorTemperatureHigh"}',
    groupLabels: { alertname: 'SensorTemperatureHigh' },
    commonLabels: labels,
    commonAnnotations: { summary: 'hot' },
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: 'hot' },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://127.0.0.1:9090/graph',
        fingerprint: '0123456789abcdef',
      },
    ],
  };
}

/** Uses whose name neither output serves, as `name (file)` for a readable failure. */
function unknownNames(uses: MetricUse[]): string[] {
  const served = new Set([...familiesOf(exporterText).keys(), ...familiesOf(mailerText).keys()]);
  const known = (name: string) =>
    PROMETHEUS_SERIES.has(name) || served.has(name) || served.has(histogramBaseName(name) ?? '');

  return [...new Set(uses.filter((use) => !known(use.name)).map((u) => `${u.name} (${u.file})`))];
}

beforeAll(async () => {
  buildWorkspace('exporter');
  buildWorkspace('alerting');
  dir = mkdtempSync(join(tmpdir(), 'glass-metric-names-'));
  dockerSocket = startPodman();
  await startContainer();

  await scrapeExporter();
  await scrapeMailer();
});

afterAll(async () => {
  await Promise.all(peers.map((peer) => peer.stop()));
  await inbox?.close();
  if (dockerSocket) {
    await dockerApi(dockerSocket, 'DELETE', `/containers/${CONTAINER_NAME}?force=true`).catch(
      () => undefined,
    );
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Families without samples count by their registered HELP and TYPE lines.
describe('metric names used by rules, dashboards and the plugin exist in the live outputs', () => {
  it('serves metrics of all three live sources and of the mailer', () => {
    const families = familiesOf(exporterText);

    for (const family of ['pihole_queries_total', 'docker_container_running', 'mqtt_connected']) {
      expect(families.has(family), family).toBe(true);
    }
    expect(familiesOf(mailerText).has('mailer_outbox_pending')).toBe(true);
  });

  it('passes promtool check metrics with live samples, but for the known prom-client findings', () => {
    expect(unexpectedPromtoolFindings(exporterText)).toEqual([]);
    expect(unexpectedPromtoolFindings(mailerText)).toEqual([]);
  });

  it('alert rules query only served metrics', () => {
    const uses = ruleMetricUses();

    expect(uses.length).toBeGreaterThan(10);
    expect(unknownNames(uses)).toEqual([]);
  });

  it('provisioned dashboards query only served metrics', () => {
    const uses = dashboardMetricUses();

    expect(uses.length).toBeGreaterThan(5);
    expect(unknownNames(uses)).toEqual([]);
  });

  it("the Grafana plugin's queries use only served metrics", () => {
    expect(existsSync(pluginQueriesFile), pluginQueriesFile).toBe(true);
    const uses = pluginMetricUses();

    expect(uses.length).toBeGreaterThan(5);
    expect(unknownNames(uses)).toEqual([]);
  });
});
