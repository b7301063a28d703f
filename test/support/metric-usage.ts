import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as pluginQueries from '../../grafana-plugin/src/queries.js';
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

/**
 * Every exported string of the plugin's query module is a whole PromQL expression, or Grafana's
 * `label_values(metric, label)`, which reads the metric.
 */
export function pluginMetricUses(): MetricUse[] {
  const expressions = Object.values(pluginQueries)
    .filter((value): value is string => typeof value === 'string')
    .map((query) => query.replace(/^label_values\(([^,]+),[^)]*\)$/, '$1'));
  return usesIn(expressions, 'grafana-plugin/src/queries.ts');
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
