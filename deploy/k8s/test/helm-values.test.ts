import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { resolveComposeValue, type ComposeFile } from './compose-parity.js';
import { buildObjects, type KubernetesObject } from './kustomize.js';
import { baseDir, composeFile, helmDir, repositoryRoot } from './paths.js';
import { schemaProblems } from './validate.js';
import { imageTag } from './workloads.js';

interface Datasource {
  name: string;
  uid: string;
  url: string;
  [field: string]: unknown;
}

interface GrafanaValues {
  image: { tag: string };
  sidecar: {
    dashboards: {
      enabled: boolean;
      label: string;
      labelValue: string;
      searchNamespace: string;
      folderAnnotation: string;
      provider: { foldersFromFilesStructure: boolean };
    };
  };
  admin: { existingSecret: string };
  ingress: { hosts: string[] };
  'grafana.ini': { server: { root_url: string } };
  env: Record<string, string>;
  datasources: { 'datasources.yaml': { datasources: Datasource[] } };
  extraConfigmapMounts: Array<{ mountPath: string; configMap: string }>;
  extraObjects: KubernetesObject[];
}

interface StackValues {
  grafana: { enabled: boolean };
  prometheus: { prometheusSpec: Record<string, unknown> };
  alertmanager: {
    alertmanagerSpec: {
      alertmanagerConfigSelector: { matchLabels: Record<string, string> };
      alertmanagerConfigNamespaceSelector: { matchLabels: Record<string, string> };
      alertmanagerConfigMatcherStrategy: { type: string };
    };
  };
}

/** Compose settings that the Grafana chart carries under its own keys, and where. */
const grafanaEnvHandledByChart: Record<string, string> = {
  GF_SECURITY_ADMIN_USER: 'admin.existingSecret',
  GF_SECURITY_ADMIN_PASSWORD__FILE: 'admin.existingSecret',
  GF_SERVER_ROOT_URL: 'grafana.ini server.root_url, the address of the Ingress',
};

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

describe('Grafana Helm values', () => {
  let values: GrafanaValues;
  let compose: ComposeFile;

  beforeAll(() => {
    values = readYaml<GrafanaValues>(join(helmDir, 'grafana-values.yaml'));
    compose = readYaml<ComposeFile>(composeFile);
  });

  it('run the Grafana version and settings of the compose stack', () => {
    const grafana = compose.services.grafana as {
      image: string;
      environment: Record<string, string>;
    };
    expect(values.image.tag).toBe(imageTag(grafana.image));

    for (const [name, value] of Object.entries(grafana.environment)) {
      if (name in grafanaEnvHandledByChart) continue;
      expect(values.env[name], `${name} differs from compose`).toBe(value);
    }
    expect(values.admin.existingSecret).toBe('grafana-admin');
    const host = values.ingress.hosts[0];
    expect(values['grafana.ini'].server.root_url).toBe(`http://${host}/`);
  });

  it('install the app plugin of this repository, by its id and version, from its zip', () => {
    const pluginJson = readYaml<{ id: string }>(
      join(repositoryRoot, 'grafana-plugin/src/plugin.json'),
    );
    const { version } = readYaml<{ version: string }>(
      join(repositoryRoot, 'grafana-plugin/package.json'),
    );

    const [id, pinned, url] = (values.env.GF_PLUGINS_PREINSTALL_SYNC ?? '').split('@');
    expect(id).toBe(pluginJson.id);
    expect(pinned).toBe(version);
    expect(url).toMatch(new RegExp(`^https?://.+/${pluginJson.id}-${version}\\.zip$`));
    expect(values.env.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(pluginJson.id);
  });

  it('provision the data sources of provisioning/grafana, pointed at kube-prometheus-stack', () => {
    const provisioned = readYaml<{ datasources: Datasource[] }>(
      join(repositoryRoot, 'provisioning/grafana/datasources/glass-gallery.yaml'),
    ).datasources;
    const rendered = values.datasources['datasources.yaml'].datasources;

    const withoutUrl = (list: Datasource[]) => list.map(({ url: _url, ...rest }) => rest);
    expect(withoutUrl(rendered)).toEqual(withoutUrl(provisioned));

    const portOf = (url: string) => new URL(url).port;
    for (const datasource of rendered) {
      const original = provisioned.find((candidate) => candidate.uid === datasource.uid);
      expect(datasource.url).toMatch(/^http:\/\/kube-prometheus-stack-\w+\.monitoring\.svc:\d+$/);
      expect(portOf(datasource.url)).toBe(portOf(original?.url ?? ''));
    }
  });

  it('enable the app with the settings of provisioning/grafana/plugins', () => {
    const provisioned = readYaml<unknown>(
      join(repositoryRoot, 'provisioning/grafana/plugins/glass-gallery.yaml'),
    );
    const mount = values.extraConfigmapMounts.find(
      (candidate) => candidate.mountPath === '/etc/grafana/provisioning/plugins',
    );
    const configMap = values.extraObjects.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name === mount?.configMap,
    );

    expect(configMap, 'no ConfigMap is mounted at /etc/grafana/provisioning/plugins').toBeDefined();
    expect(schemaProblems(configMap as KubernetesObject)).toEqual([]);
    const files = Object.values((configMap?.data ?? {}) as Record<string, string>);
    expect(files.map((file) => parse(file))).toEqual([provisioned]);
  });
});

function dashboardFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

describe('Grafana dashboards', () => {
  it("reach the chart's dashboard sidecar unchanged, each in its compose folder", () => {
    const values = readYaml<GrafanaValues>(join(helmDir, 'grafana-values.yaml'));
    const sidecar = values.sidecar.dashboards;
    const objects = buildObjects(baseDir);
    const namespace = objects.find((object) => object.kind === 'Namespace')?.metadata.name;
    const configMaps = objects.filter(
      (object) =>
        object.kind === 'ConfigMap' &&
        object.metadata.labels?.[sidecar.label] === sidecar.labelValue,
    );

    expect(sidecar).toMatchObject({ enabled: true, searchNamespace: namespace });
    expect(sidecar.provider.foldersFromFilesStructure).toBe(true);

    const provisionedDir = join(repositoryRoot, 'provisioning/grafana/dashboard-files');
    const files = dashboardFiles(provisionedDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const parts = relative(provisionedDir, file).split('/');
      const name = parts.pop() ?? '';
      const folder = parts.join('/');
      const holder = configMaps.find(
        (configMap) =>
          (configMap.data as Record<string, string> | undefined)?.[name] !== undefined &&
          ((configMap.metadata as { annotations?: Record<string, string> }).annotations?.[
            sidecar.folderAnnotation
          ] ?? '') === folder,
      );
      expect(holder, `${file} is in no dashboard ConfigMap: run the generator`).toBeDefined();
      expect((holder?.data as Record<string, string>)[name]).toBe(readFileSync(file, 'utf8'));
    }
  });
});

describe('kube-prometheus-stack values', () => {
  let values: StackValues;
  let objects: KubernetesObject[] = [];

  beforeAll(() => {
    values = readYaml<StackValues>(join(helmDir, 'kube-prometheus-stack-values.yaml'));
    objects = buildObjects(baseDir);
  });

  it('select the Glass Gallery AlertmanagerConfig and let it route alerts of any namespace', () => {
    const routing = objects.find((object) => object.kind === 'AlertmanagerConfig');
    const namespace = objects.find((object) => object.kind === 'Namespace');
    const spec = values.alertmanager.alertmanagerSpec;

    expect(routing?.metadata.labels).toMatchObject(spec.alertmanagerConfigSelector.matchLabels);
    expect({ 'kubernetes.io/metadata.name': namespace?.metadata.name }).toEqual(
      spec.alertmanagerConfigNamespaceSelector.matchLabels,
    );
    expect(spec.alertmanagerConfigMatcherStrategy.type).toBe('None');
  });

  it('keep metrics as long as the compose stack does', () => {
    const compose = readYaml<ComposeFile>(composeFile);
    const command = (compose.services.prometheus as { command: string[] }).command;
    const flag = command.find((argument) => argument.startsWith('--storage.tsdb.retention.time='));
    const retention = resolveComposeValue(flag?.split('=')[1]).value;
    expect(values.prometheus.prometheusSpec.retention).toBe(retention);
  });

  it('take ServiceMonitors and rules from outside the release, at the compose rhythm', () => {
    const provisioned = readYaml<{
      global: { scrape_interval: string; evaluation_interval: string };
    }>(join(repositoryRoot, 'provisioning/prometheus/prometheus.yml'));
    expect(values.prometheus.prometheusSpec).toMatchObject({
      serviceMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
      scrapeInterval: provisioned.global.scrape_interval,
      evaluationInterval: provisioned.global.evaluation_interval,
    });
    expect(values.grafana.enabled).toBe(false);
  });

  it('live in the namespace that the network policies admit', () => {
    const admitted = new Set(
      objects
        .filter((object) => object.kind === 'NetworkPolicy')
        .flatMap(
          (policy) =>
            JSON.stringify(policy.spec).match(/"kubernetes\.io\/metadata\.name":"[^"]+"/g) ?? [],
        ),
    );
    expect([...admitted]).toEqual(['"kubernetes.io/metadata.name":"monitoring"']);
  });
});
