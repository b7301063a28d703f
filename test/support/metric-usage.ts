import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { extractMetricNames } from './promql-names.js';
import { repositoryPath } from './repository.js';

/** Where a metric name is used, for messages that point at the file to fix. */
export interface MetricUse {
  name: string;
  file: string;
}

const rulesDir = repositoryPath('provisioning/prometheus/rules');
const dashboardsDir = repositoryPath('provisioning/grafana/dashboard-files');
export const pluginQueriesFile = repositoryPath('grafana-plugin/src/queries.ts');

/**
 * In the plugin's query module only identifiers that start like a metric of the stack are
 * taken: its string literals also hold legends, units and ref ids.
 */
const STACK_PREFIXES = [
  'glass',
  'pihole',
  'docker',
  'sensor',
  'mqtt',
  'mailer',
  'process',
  'nodejs',
  'node',
  'prometheus',
  'alertmanager',
];
const STACK_METRIC = new RegExp(
  `^(${STACK_PREFIXES.join('|')})_[a-z0-9_]+$|^(up|ALERTS|ALERTS_FOR_STATE)$`,
);

export function dashboardFiles(): string[] {
  return readdirSync(dashboardsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .map((file) => join(dashboardsDir, file));
}

export function ruleMetricUses(): MetricUse[] {
  return readdirSync(rulesDir)
    .filter((file) => file.endsWith('.yml'))
    .flatMap((file) => {
      const content = parse(readFileSync(join(rulesDir, file), 'utf8')) as {
        groups: { rules: { expr: string }[] }[];
      };
      const expressions = content.groups.flatMap((group) => group.rules.map((rule) => rule.expr));
      return usesIn(expressions, `provisioning/prometheus/rules/${file}`);
    });
}

export function dashboardMetricUses(): MetricUse[] {
  return dashboardFiles().flatMap((file) => {
    const expressions = collectExpr(JSON.parse(readFileSync(file, 'utf8')));
    return usesIn(expressions, file.slice(repositoryPath().length + 1));
  });
}

export function pluginMetricUses(): MetricUse[] {
  const source = readFileSync(pluginQueriesFile, 'utf8');
  const literals = [
    ...source.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`([^`]*)`/g),
  ].map((match) => (match[1] ?? match[2] ?? match[3] ?? '').replace(/\$\{[^}]*\}/g, ' '));
  return usesIn(literals, 'grafana-plugin/src/queries.ts').filter((use) =>
    STACK_METRIC.test(use.name),
  );
}

function usesIn(expressions: string[], file: string): MetricUse[] {
  return expressions.flatMap((expression) =>
    [...extractMetricNames(expression)].map((name) => ({ name, file })),
  );
}

function collectExpr(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectExpr(item, found));
  if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'expr' && typeof value === 'string') found.push(value);
      else collectExpr(value, found);
    }
  }
  return found;
}
