import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { format, resolveConfig } from 'prettier';
import { parse, stringify } from 'yaml';

/** A rule file as Prometheus reads it: `groups` with their rules, untouched. */
export interface RuleFile {
  fileName: string;
  groups: RuleGroup[];
}

export interface RuleGroup {
  name: string;
  rules: Array<Record<string, unknown>>;
}

export interface Matcher {
  name: string;
  value: string;
  matchType: '=' | '!=' | '=~' | '!~';
}

export interface MailerWebhook {
  /** The mailer's webhook as Alertmanager reaches it inside the cluster. */
  url: string;
  /** Secret in the mailer's namespace holding the bearer token. */
  tokenSecret: { name: string; key: string };
}

export class ProvisioningTranslationError extends Error {
  constructor(where: string, problem: string) {
    super(
      `${where}: ${problem}. The Kubernetes objects are generated from this file; ` +
        'teach deploy/k8s/scripts/operator-objects.ts the new setting or remove it.',
    );
    this.name = 'ProvisioningTranslationError';
  }
}

type KubernetesObject = Record<string, unknown>;

const rulesLabel = { 'app.kubernetes.io/name': 'glass-gallery-rules' };

export function loadRuleFiles(rulesDir: string): RuleFile[] {
  const fileNames = readdirSync(rulesDir)
    .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
    .sort();

  return fileNames.map((fileName) => {
    const document: unknown = parse(readFileSync(join(rulesDir, fileName), 'utf8'));
    const groups = (document as { groups?: unknown } | null)?.groups;
    if (!Array.isArray(groups)) {
      throw new ProvisioningTranslationError(join(rulesDir, fileName), 'has no `groups` list');
    }
    return { fileName, groups: groups as RuleGroup[] };
  });
}

/** One PrometheusRule per rule file, so that group names only need to be unique per file. */
export function toPrometheusRules(files: RuleFile[]): KubernetesObject[] {
  return files.map((file) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: `glass-gallery-${basename(basename(file.fileName, '.yml'), '.yaml')}`,
      labels: rulesLabel,
    },
    spec: { groups: file.groups },
  }));
}

export function alertNames(files: RuleFile[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    for (const group of file.groups) {
      for (const rule of group.rules) {
        if (typeof rule.alert === 'string') names.add(rule.alert);
      }
    }
  }
  return [...names].sort();
}

const matcherPattern = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

export function parseMatcher(text: string, where: string): Matcher {
  const match = matcherPattern.exec(text);
  if (!match) {
    throw new ProvisioningTranslationError(
      where,
      `matcher ${JSON.stringify(text)} is not name="value"`,
    );
  }

  const [, name, matchType, quoted] = match;
  const value = (quoted ?? '').replace(/\\(.)/g, '$1');
  return { name: name ?? '', matchType: matchType as Matcher['matchType'], value };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches exactly the alerts that the provisioned rule files define. */
export function glassAlertsMatcher(names: string[]): Matcher {
  return { name: 'alertname', matchType: '=~', value: names.map(escapeRegex).join('|') };
}

function takeKnownKeys(
  source: Record<string, unknown>,
  known: readonly string[],
  where: string,
): Record<string, unknown> {
  const unknown = Object.keys(source).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new ProvisioningTranslationError(where, `unsupported setting(s) ${unknown.join(', ')}`);
  }
  return source;
}

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

function parseMatchers(list: unknown, where: string): Matcher[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ProvisioningTranslationError(where, 'matchers is not a list');
  return list.map((text) => parseMatcher(String(text), where));
}

const routeKeys = [
  'receiver',
  'group_by',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'matchers',
  'continue',
  'routes',
] as const;

function translateRoute(
  route: Record<string, unknown>,
  where: string,
  extraMatchers: Matcher[],
): Record<string, unknown> {
  takeKnownKeys(route, routeKeys, where);
  const matchers = [...extraMatchers, ...parseMatchers(route.matchers, where)];
  const routes = Array.isArray(route.routes)
    ? route.routes.map((child, index) =>
        translateRoute(child as Record<string, unknown>, `${where}.routes[${index}]`, []),
      )
    : undefined;

  return withoutUndefined({
    receiver: route.receiver,
    groupBy: route.group_by,
    groupWait: route.group_wait,
    groupInterval: route.group_interval,
    repeatInterval: route.repeat_interval,
    continue: route.continue,
    matchers: matchers.length > 0 ? matchers : undefined,
    routes,
  });
}

function translateWebhook(
  config: Record<string, unknown>,
  where: string,
  webhook: MailerWebhook,
): Record<string, unknown> {
  takeKnownKeys(config, ['url', 'send_resolved', 'max_alerts', 'http_config'], where);
  const httpConfig = takeKnownKeys(
    (config.http_config ?? {}) as Record<string, unknown>,
    ['authorization'],
    `${where}.http_config`,
  );
  const authorization = takeKnownKeys(
    (httpConfig.authorization ?? {}) as Record<string, unknown>,
    ['type', 'credentials_file'],
    `${where}.http_config.authorization`,
  );
  if (authorization.credentials_file === undefined) {
    throw new ProvisioningTranslationError(where, 'the webhook has no bearer token file');
  }

  return withoutUndefined({
    url: webhook.url,
    sendResolved: config.send_resolved,
    maxAlerts: config.max_alerts,
    httpConfig: {
      authorization: {
        type: authorization.type ?? 'Bearer',
        credentials: webhook.tokenSecret,
      },
    },
  });
}

function translateReceiver(
  receiver: Record<string, unknown>,
  where: string,
  webhook: MailerWebhook,
): Record<string, unknown> {
  takeKnownKeys(receiver, ['name', 'webhook_configs'], where);
  const configs = Array.isArray(receiver.webhook_configs) ? receiver.webhook_configs : [];
  return {
    name: receiver.name,
    webhookConfigs: configs.map((config, index) =>
      translateWebhook(
        config as Record<string, unknown>,
        `${where}.webhook_configs[${index}]`,
        webhook,
      ),
    ),
  };
}

function scopeToGlassAlerts(matchers: Matcher[], glassAlerts: Matcher): Matcher[] {
  return matchers.some((matcher) => matcher.name === 'alertname')
    ? matchers
    : [glassAlerts, ...matchers];
}

function translateInhibitRule(
  rule: Record<string, unknown>,
  where: string,
  glassAlerts: Matcher,
): Record<string, unknown> {
  takeKnownKeys(rule, ['source_matchers', 'target_matchers', 'equal'], where);
  return withoutUndefined({
    sourceMatch: scopeToGlassAlerts(parseMatchers(rule.source_matchers, where), glassAlerts),
    targetMatch: scopeToGlassAlerts(parseMatchers(rule.target_matchers, where), glassAlerts),
    equal: rule.equal,
  });
}

/**
 * The provisioned Alertmanager routing as an AlertmanagerConfig. The Alertmanager of the
 * cluster serves other alerts too, so the route and the inhibitions only take the alerts
 * that the Glass Gallery rule files define.
 */
export function toAlertmanagerConfig(
  alertmanagerYaml: string,
  names: string[],
  webhook: MailerWebhook,
  where = 'alertmanager.yml',
): KubernetesObject {
  const config = parse(alertmanagerYaml) as Record<string, unknown>;
  takeKnownKeys(config, ['route', 'receivers', 'inhibit_rules'], where);
  const glassAlerts = glassAlertsMatcher(names);

  const route = translateRoute((config.route ?? {}) as Record<string, unknown>, `${where}: route`, [
    glassAlerts,
  ]);
  const receivers = ((config.receivers ?? []) as Array<Record<string, unknown>>).map(
    (receiver, index) => translateReceiver(receiver, `${where}: receivers[${index}]`, webhook),
  );
  const inhibitRules = ((config.inhibit_rules ?? []) as Array<Record<string, unknown>>).map(
    (rule, index) => translateInhibitRule(rule, `${where}: inhibit_rules[${index}]`, glassAlerts),
  );

  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: {
      name: 'glass-gallery',
      labels: { 'app.kubernetes.io/name': 'glass-gallery-alerts' },
    },
    spec: { route, receivers, inhibitRules },
  };
}

/** YAML as the repository's Prettier settings would write it, so formatting never drifts. */
export async function renderDocuments(
  header: string,
  objects: KubernetesObject[],
  filePath: string,
): Promise<string> {
  const comment = header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n');
  const documents = objects.map((object) =>
    stringify(object, {
      lineWidth: 96,
      minContentWidth: 40,
      blockQuote: 'literal',
      aliasDuplicateObjects: false,
    }),
  );

  const options = (await resolveConfig(filePath)) ?? {};
  return format(`${comment}\n${documents.join('---\n')}`, { ...options, filepath: filePath });
}
