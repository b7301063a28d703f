import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dashboardFiles } from '../support/metric-usage.js';
import { readText, readYaml } from '../support/repository.js';

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
}

const datasources = readYaml<{ datasources: Datasource[] }>(
  'provisioning/grafana/datasources/glass-gallery.yaml',
).datasources;
const apps = readYaml<{
  apps: { type: string; disabled: boolean; jsonData: Record<string, string> }[];
}>('provisioning/grafana/plugins/glass-gallery.yaml').apps;
const pluginId = (JSON.parse(readText('grafana-plugin/src/plugin.json')) as { id: string }).id;
function datasourceUids(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => datasourceUids(item, found));
  if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const datasource = record.datasource as { uid?: string } | undefined;
    if (datasource?.uid !== undefined) found.push(datasource.uid);
    Object.values(record).forEach((value) => datasourceUids(value, found));
  }
  return found;
}

describe('Grafana provisioning', () => {
  it('provides Prometheus and Alertmanager with fixed uids at their compose addresses', () => {
    expect(datasources.map(({ uid, type, url }) => ({ uid, type, url }))).toEqual([
      { uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090' },
      { uid: 'alertmanager', type: 'alertmanager', url: 'http://alertmanager:9093' },
    ]);
  });

  it('enables the Glass Gallery app and points it at those data sources', () => {
    const uids = datasources.map((datasource) => datasource.uid);

    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ type: pluginId, disabled: false });
    expect(uids).toContain(apps[0]!.jsonData.prometheusUid);
    expect(uids).toContain(apps[0]!.jsonData.alertmanagerUid);
  });

  it('ships dashboards with unique uids that query only provisioned data sources', () => {
    const uids = datasources.map((datasource) => datasource.uid);
    const dashboards = dashboardFiles().map(
      (file) => JSON.parse(readFileSync(file, 'utf8')) as { uid: string },
    );

    expect(dashboards.length).toBeGreaterThan(0);
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
    for (const dashboard of dashboards) {
      for (const uid of datasourceUids(dashboard)) expect(uids, dashboard.uid).toContain(uid);
    }
  });

  it('loads dashboards from the folder compose mounts them into', () => {
    const provider = readYaml<{ providers: { options: { path: string } }[] }>(
      'provisioning/grafana/dashboards/glass-gallery.yaml',
    ).providers[0];

    expect(readText('compose/docker-compose.yml')).toContain(
      `../provisioning/grafana/dashboard-files:${provider?.options.path}:ro`,
    );
  });
});
