import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { toDashboardConfigMaps } from './grafana-dashboards.js';
import {
  alertNames,
  loadRuleFiles,
  renderDocuments,
  toAlertmanagerConfig,
  toPrometheusRules,
} from './operator-objects.js';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const rulesDir = join(repositoryRoot, 'provisioning/prometheus/rules');
export const alertmanagerFile = join(repositoryRoot, 'provisioning/alertmanager/alertmanager.yml');
export const dashboardsDir = join(repositoryRoot, 'provisioning/grafana/dashboard-files');
export const monitoringDir = join(repositoryRoot, 'deploy/k8s/base/monitoring');

/** The mailer as Alertmanager (in the monitoring namespace) reaches it. */
export const mailerWebhook = {
  url: 'http://glass-mailer.glass-gallery.svc:9095/webhook',
  tokenSecret: { name: 'glass-mailer', key: 'webhook-token' },
};

const regenerate = 'Run `npx tsx deploy/k8s/scripts/generate-from-provisioning.ts` after a change.';

export interface GeneratedFile {
  path: string;
  content: string;
}

export async function generatedFiles(): Promise<GeneratedFile[]> {
  const ruleFiles = loadRuleFiles(rulesDir);
  const rulesPath = join(monitoringDir, 'prometheus-rules.yaml');
  const routingPath = join(monitoringDir, 'alertmanager-config.yaml');

  const rules = await renderDocuments(
    'Generated from provisioning/prometheus/rules/*.yml: edit those files, not this one.\n' +
      regenerate,
    toPrometheusRules(ruleFiles),
    rulesPath,
  );
  const routing = await renderDocuments(
    `Generated from provisioning/alertmanager/alertmanager.yml and the alert names of\n` +
      `provisioning/prometheus/rules/*.yml: edit those files, not this one.\n${regenerate}`,
    [
      toAlertmanagerConfig(
        readFileSync(alertmanagerFile, 'utf8'),
        alertNames(ruleFiles),
        mailerWebhook,
        'provisioning/alertmanager/alertmanager.yml',
      ),
    ],
    routingPath,
  );

  const dashboardsPath = join(monitoringDir, 'grafana-dashboards.yaml');
  const dashboards = await renderDocuments(
    `Generated from provisioning/grafana/dashboard-files: edit those files, not this one.\n` +
      `The Grafana chart's dashboard sidecar loads ConfigMaps with this label.\n${regenerate}`,
    toDashboardConfigMaps(dashboardsDir),
    dashboardsPath,
  );

  return [
    { path: rulesPath, content: rules },
    { path: routingPath, content: routing },
    { path: dashboardsPath, content: dashboards },
  ];
}
