import { readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { buildObjects, type KubernetesObject } from './kustomize.js';
import { baseDir, docsFile, overlayDir } from './paths.js';
import { typeProblems } from './typed-models.js';
import { schemaProblems } from './validate.js';
import { allContainers, workloadsOf, type Workload } from './workloads.js';

function byKind(objects: KubernetesObject[], kind: string): KubernetesObject[] {
  return objects.filter((object) => object.kind === kind);
}

function workload(objects: KubernetesObject[], name: string): Workload {
  const found = workloadsOf(objects).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`workload ${name} is missing`);
  return found;
}

/** The shell command that contains `needle`, with its backslash-continued lines. */
function shellCommand(text: string, needle: string): string {
  const start = text.indexOf(needle);
  if (start < 0) return '';

  const lines: string[] = [];
  for (const line of text.slice(start).split('\n')) {
    lines.push(line);
    if (!line.trimEnd().endsWith('\\')) break;
  }
  return lines.join('\n');
}

function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe.each([
  ['base', baseDir],
  ['k3s-longhorn overlay', overlayDir],
])('%s', (_label, directory) => {
  let objects: KubernetesObject[] = [];

  beforeAll(() => {
    objects = buildObjects(directory);
  });

  it('renders with kustomize, and every object passes its Kubernetes or operator schema', () => {
    const kinds = new Set(objects.map((object) => object.kind));
    expect([...kinds].sort()).toEqual([
      'AlertmanagerConfig',
      'ConfigMap',
      'DaemonSet',
      'Deployment',
      'Namespace',
      'NetworkPolicy',
      'PersistentVolumeClaim',
      'PrometheusRule',
      'Service',
      'ServiceMonitor',
    ]);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('uses only field names that the typed Kubernetes and operator models know', () => {
    expect(typeProblems(objects)).toEqual([]);
  });

  it('puts everything but the namespace itself into glass-gallery', () => {
    const outside = objects.filter(
      (object) => object.kind !== 'Namespace' && object.metadata.namespace !== 'glass-gallery',
    );
    expect(outside.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([]);
  });

  it('runs every container unprivileged, without escalation, on a read-only root', () => {
    const problems: string[] = [];
    for (const item of workloadsOf(objects)) {
      const pod = item.pod.securityContext ?? {};
      if (pod.runAsNonRoot !== true) problems.push(`${item.name}: runAsNonRoot is not set`);
      if ((pod.seccompProfile as { type?: string } | undefined)?.type !== 'RuntimeDefault') {
        problems.push(`${item.name}: no RuntimeDefault seccomp profile`);
      }
      if (item.pod.automountServiceAccountToken !== false) {
        problems.push(`${item.name}: mounts a service account token it never uses`);
      }

      for (const container of allContainers(item)) {
        const where = `${item.name}/${container.name}`;
        const context = container.securityContext ?? {};
        const user = (context.runAsUser ?? pod.runAsUser) as number | undefined;
        if (user === undefined || user === 0) problems.push(`${where}: runs as root`);
        if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: may escalate`);
        if (context.readOnlyRootFilesystem !== true) problems.push(`${where}: writable root`);
        const dropped = (context.capabilities as { drop?: string[] } | undefined)?.drop ?? [];
        if (!dropped.includes('ALL')) problems.push(`${where}: keeps capabilities`);
        if (context.privileged === true) problems.push(`${where}: privileged`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every container memory requests and limits, the exporter and mailer their own', () => {
    const missing = workloadsOf(objects).flatMap((item) =>
      allContainers(item)
        .filter(
          (container) =>
            !container.resources?.requests?.memory || !container.resources?.limits?.memory,
        )
        .map((container) => `${item.name}/${container.name}`),
    );
    expect(missing).toEqual([]);

    const exporters = workloadsOf(objects).flatMap((item) =>
      item.pod.containers.filter((container) => container.name === 'exporter'),
    );
    expect(exporters).toHaveLength(3);
    for (const exporter of exporters) {
      expect(exporter.resources).toMatchObject({
        requests: { memory: '96Mi' },
        limits: { memory: '192Mi' },
      });
    }
    const mailer = workload(objects, 'glass-mailer').pod.containers[0];
    expect(mailer?.resources).toMatchObject({
      requests: { memory: '96Mi' },
      limits: { memory: '192Mi' },
    });
  });

  it('touches the host only at the Docker socket and /etc/pihole, read-only, on labelled nodes', () => {
    const hostPaths = workloadsOf(objects).flatMap((item) =>
      (item.pod.volumes ?? [])
        .filter((volume) => volume.hostPath)
        .map((volume) => ({ item, volume })),
    );
    expect(
      hostPaths.map(({ item, volume }) => `${item.name}:${volume.hostPath?.path}`).sort(),
    ).toEqual(['glass-exporter-docker:/var/run/docker.sock', 'glass-exporter-pihole:/etc/pihole']);

    for (const { item, volume } of hostPaths) {
      const mounts = allContainers(item).flatMap((container) =>
        (container.volumeMounts ?? []).filter((mount) => mount.name === volume.name),
      );
      expect(mounts.length).toBeGreaterThan(0);
      expect(mounts.every((mount) => mount.readOnly === true)).toBe(true);
    }
    expect(workload(objects, 'glass-exporter-docker').pod.nodeSelector).toEqual({
      'glass-gallery.io/docker': 'true',
    });
    expect(workload(objects, 'glass-exporter-pihole').pod.nodeSelector).toEqual({
      'glass-gallery.io/pihole': 'true',
    });
  });

  it('keeps the exporter off the Docker socket: only the GET-only proxy beside it holds it', () => {
    const docker = workload(objects, 'glass-exporter-docker');
    const exporter = docker.pod.containers.find((container) => container.name === 'exporter');
    const proxy = docker.pod.containers.find(
      (container) => container.name === 'docker-socket-proxy',
    );

    const exporterVolumes = (exporter?.volumeMounts ?? []).map((mount) => mount.name);
    expect(exporterVolumes).not.toContain('docker-socket');
    expect(exporterVolumes).toEqual(['tmp']);
    expect(exporter?.env).toContainEqual({ name: 'DOCKER_HOST', value: 'tcp://127.0.0.1:2375' });
    expect(proxy?.volumeMounts?.map((mount) => mount.mountPath)).toContain('/var/run/docker.sock');
    expect(proxy?.env).toContainEqual({ name: 'POST', value: '0' });
  });

  it('lets only Prometheus reach metrics and only Alertmanager the mailer webhook', () => {
    const policies = byKind(objects, 'NetworkPolicy');
    const spec = (name: string) =>
      policies.find((policy) => policy.metadata.name === name)?.spec as {
        podSelector: { matchLabels?: Record<string, string> };
        ingress?: Array<{
          from?: Array<{ podSelector?: { matchLabels?: Record<string, string> } }>;
          ports?: Array<{ port: string | number }>;
        }>;
      };
    const clients = (name: string) =>
      (spec(name).ingress ?? [])
        .flatMap((rule) => rule.from ?? [])
        .map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'])
        .sort();

    expect(spec('default-deny-ingress')).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(clients('glass-exporter')).toEqual(['prometheus']);
    expect(clients('glass-mailer')).toEqual(['alertmanager', 'prometheus']);
    // Each client reaches only its own port of the mailer: the webhook, or the metrics.
    const mailerPorts = (spec('glass-mailer').ingress ?? []).map((rule) => [
      rule.from?.map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name']),
      rule.ports?.map((port) => port.port),
    ]);
    expect(mailerPorts).toEqual([
      [['alertmanager'], ['http']],
      [['prometheus'], ['metrics']],
    ]);

    const uncovered = workloadsOf(objects).filter(
      (item) =>
        !policies.some(
          (policy) =>
            policy.metadata.name !== 'default-deny-ingress' &&
            labelsMatch(
              (policy.spec as { podSelector: { matchLabels: Record<string, string> } }).podSelector
                .matchLabels,
              item.podLabels,
            ),
        ),
    );
    expect(uncovered.map((item) => item.name)).toEqual([]);
  });

  it('wires every Service and ServiceMonitor to pods and ports that exist', () => {
    const workloads = workloadsOf(objects);
    const services = byKind(objects, 'Service');
    for (const service of services) {
      const spec = service.spec as {
        selector: Record<string, string>;
        ports: Array<{ name: string; targetPort: string }>;
      };
      const pods = workloads.filter((item) => labelsMatch(spec.selector, item.podLabels));
      expect(pods.length, `Service ${service.metadata.name} selects no pod`).toBeGreaterThan(0);
      for (const port of spec.ports) {
        for (const pod of pods) {
          const names = pod.pod.containers.flatMap((container) =>
            (container.ports ?? []).map((p) => p.name),
          );
          expect(names, `${pod.name} has no port ${port.targetPort}`).toContain(port.targetPort);
        }
      }
    }

    for (const monitor of byKind(objects, 'ServiceMonitor')) {
      const spec = monitor.spec as {
        selector: { matchLabels: Record<string, string> };
        endpoints: Array<{ port: string }>;
      };
      const selected = services.filter((service) =>
        labelsMatch(spec.selector.matchLabels, service.metadata.labels ?? {}),
      );
      expect(selected.map((service) => service.metadata.name)).toEqual([monitor.metadata.name]);
      const portNames = (selected[0]?.spec as { ports: Array<{ name: string }> }).ports.map(
        (p) => p.name,
      );
      for (const endpoint of spec.endpoints) expect(portNames).toContain(endpoint.port);
    }
  });

  it('reads secrets from glass-mailer and glass-mqtt, with the keys the guide creates', () => {
    const references = new Map<string, Set<string>>();
    const note = (secret: string, key: string) => {
      references.set(secret, (references.get(secret) ?? new Set()).add(key));
    };
    for (const item of workloadsOf(objects)) {
      for (const volume of item.pod.volumes ?? []) {
        for (const entry of volume.secret?.items ?? [])
          note(volume.secret?.secretName ?? '', entry.key);
      }
      for (const container of allContainers(item)) {
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef as { name: string; key: string } | undefined;
          if (ref) note(ref.name, ref.key);
        }
      }
    }
    const routing = byKind(objects, 'AlertmanagerConfig')[0]?.spec as {
      receivers: Array<{
        webhookConfigs: Array<{
          httpConfig: { authorization: { credentials: { name: string; key: string } } };
        }>;
      }>;
    };
    for (const receiver of routing.receivers) {
      for (const webhook of receiver.webhookConfigs) {
        const { name, key } = webhook.httpConfig.authorization.credentials;
        note(name, key);
      }
    }

    expect([...references.keys()].sort()).toEqual(['glass-mailer', 'glass-mqtt']);
    const guide = readFileSync(docsFile, 'utf8');
    for (const [secret, keys] of references) {
      const command = shellCommand(guide, `create secret generic ${secret} `);
      expect(command, `the README never creates the Secret ${secret}`).not.toBe('');
      for (const key of keys) {
        expect(command, `the guide's ${secret} Secret lacks the key ${key}`).toMatch(
          new RegExp(`--from-(literal|file)=${key}=`),
        );
      }
    }
  });
});

describe('the k3s-longhorn overlay', () => {
  let objects: KubernetesObject[] = [];

  beforeAll(() => {
    objects = buildObjects(overlayDir);
  });

  it('keeps the outbox and the broker data on Longhorn and exposes the broker to the sensors', () => {
    const claims = byKind(objects, 'PersistentVolumeClaim');
    expect(
      claims.map((claim) => (claim.spec as { storageClassName?: string }).storageClassName),
    ).toEqual(['longhorn', 'longhorn']);
    const broker = byKind(objects, 'Service').find(
      (service) => service.metadata.name === 'mosquitto',
    );
    expect((broker?.spec as { type?: string }).type).toBe('LoadBalancer');
  });

  it('pulls the Glass Gallery images from the registry it names', () => {
    const images = workloadsOf(objects).flatMap((item) =>
      allContainers(item).map((container) => container.image),
    );
    const own = images.filter((image) => image.includes('glass-gallery/'));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((image) => image.startsWith('registry.home.arpa:5000/glass-gallery/'))).toBe(
      true,
    );
  });
});

describe('the schema check', () => {
  it('rejects a manifest that Kubernetes would reject', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'broken' },
      spec: {
        selector: {},
        template: {
          spec: { containers: [{ name: 'a', image: 'b', ports: [{ containerPort: 'metrics' }] }] },
        },
      },
    };
    expect(schemaProblems(broken)).toEqual([
      'DaemonSet/broken: data/spec/template/spec/containers/0/ports/0/containerPort must be integer',
    ]);
  });

  it('reports a misspelt field that the JSON schema lets through', () => {
    const misspelt = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'misspelt' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'a' } },
        template: {
          metadata: { labels: { app: 'a' } },
          spec: {
            containers: [{ name: 'a', image: 'b', imagePullPolicy: 'Always', readinesProbe: {} }],
          },
        },
      },
    };
    expect(schemaProblems(misspelt)).toEqual([]);
    const problems = typeProblems([misspelt]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^Deployment\/misspelt: .*'"?readinesProbe"?' does not exist in type/,
    );
  });

  it('rejects an object it has no schema for instead of passing it', () => {
    const unknown = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(schemaProblems(unknown)).toEqual([
      'Widget/w: no schema known for example.org/v1 Widget',
    ]);
  });
});
