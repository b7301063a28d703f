import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { scaleDuration } from './durations.js';
import { repositoryPath } from './repository.js';

/**
 * Test copies of the provisioned files, derived from them by transformation: compose host
 * names become loopback ports and every waiting time runs `SPEED_UP` times faster, so that
 * "for 5 minutes" takes 5 seconds.
 */
export const SPEED_UP = 60;

export interface StackPorts {
  prometheus: number;
  alertmanager: number;
  exporter: number;
  mailer: number;
}

interface PrometheusConfig {
  global: Record<string, string>;
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

interface Route {
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
}

interface AlertmanagerConfig {
  route: Route;
  receivers: {
    name: string;
    webhook_configs?: {
      url: string;
      http_config?: { authorization?: { credentials_file?: string } };
    }[];
  }[];
}

/** Jobs whose peer the test runs, by provisioned job name. */
function jobPorts(ports: StackPorts): Map<string, number> {
  return new Map([
    ['prometheus', ports.prometheus],
    ['alertmanager', ports.alertmanager],
    ['glass-exporter', ports.exporter],
    ['glass-mailer', ports.mailer],
  ]);
}

/** Writes prometheus.yml and rules/ into `dir`; returns the config path and dropped jobs. */
export function writePrometheusConfig(
  dir: string,
  ports: StackPorts,
): { configFile: string; droppedJobs: string[] } {
  const config = parse(
    readFileSync(repositoryPath('provisioning/prometheus/prometheus.yml'), 'utf8'),
  ) as PrometheusConfig;
  const local = jobPorts(ports);

  config.global = { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  config.alerting.alertmanagers = [
    { static_configs: [{ targets: [`127.0.0.1:${ports.alertmanager}`] }] },
  ];
  const droppedJobs = config.scrape_configs
    .map((job) => job.job_name)
    .filter((job) => !local.has(job));
  config.scrape_configs = config.scrape_configs
    .filter((job) => local.has(job.job_name))
    .map((job) => ({
      ...job,
      static_configs: [{ targets: [`127.0.0.1:${local.get(job.job_name)}`] }],
    }));

  writeRules(join(dir, 'rules'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, stringify(config));
  return { configFile, droppedJobs };
}

function writeRules(dir: string): void {
  const source = repositoryPath('provisioning/prometheus/rules');
  mkdirSync(dir, { recursive: true });

  for (const file of readdirSync(source).filter((name) => name.endsWith('.yml'))) {
    const content = parse(readFileSync(join(source, file), 'utf8')) as {
      groups: { rules: { for?: string }[] }[];
    };
    for (const rule of content.groups.flatMap((group) => group.rules)) {
      if (rule.for !== undefined) rule.for = scaleDuration(rule.for, SPEED_UP);
    }
    writeFileSync(join(dir, file), stringify(content));
  }
}

/** Writes alertmanager.yml into `dir`, delivering to the local mailer with `tokenFile`. */
export function writeAlertmanagerConfig(dir: string, ports: StackPorts, tokenFile: string): string {
  const config = parse(
    readFileSync(repositoryPath('provisioning/alertmanager/alertmanager.yml'), 'utf8'),
  ) as AlertmanagerConfig;

  speedUpRoute(config.route);
  for (const webhook of config.receivers.flatMap((receiver) => receiver.webhook_configs ?? [])) {
    const url = new URL(webhook.url);
    webhook.url = `http://127.0.0.1:${ports.mailer}${url.pathname}`;
    if (webhook.http_config?.authorization?.credentials_file !== undefined) {
      webhook.http_config.authorization.credentials_file = tokenFile;
    }
  }

  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, stringify(config));
  return configFile;
}

function speedUpRoute(route: Route): void {
  route.group_wait = scaleDuration(route.group_wait ?? '30s', SPEED_UP);
  route.group_interval = scaleDuration(route.group_interval ?? '5m', SPEED_UP);
  route.repeat_interval = scaleDuration(route.repeat_interval ?? '4h', SPEED_UP);
  route.routes?.forEach(speedUpRoute);
}

/**
 * The compose broker's mosquitto.conf for a local mosquitto: loopback listener, and the
 * password file and persistence in `dir`.
 */
export function writeMosquittoConfig(dir: string, port: number, passwordFile: string): string {
  const source = readFileSync(repositoryPath('compose/mosquitto/mosquitto.conf'), 'utf8');
  const config = source
    .replace(/^listener \d+$/m, `listener ${port} 127.0.0.1`)
    .replace(/^password_file .*$/m, `password_file ${passwordFile}`)
    .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`);

  const configFile = join(dir, 'mosquitto.conf');
  writeFileSync(configFile, config);
  return configFile;
}
