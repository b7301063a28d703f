import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import {
  differencesFromCompose,
  resolveComposeValue,
  servicesDeployedElsewhere,
  type ComposeFile,
} from './compose-parity.js';
import { buildObjects, type KubernetesObject } from './kustomize.js';
import { baseDir, composeFile, overlayDir, repositoryRoot } from './paths.js';
import { allContainers, workloadsOf } from './workloads.js';

function loadCompose(): ComposeFile {
  let text: string;
  try {
    text = readFileSync(composeFile, 'utf8');
  } catch (error) {
    throw new Error(
      'compose/docker-compose.yml is missing: the Kubernetes manifests are compared with the ' +
        'compose stack and cannot be checked without it.',
      { cause: error },
    );
  }
  return parse(text) as ComposeFile;
}

function envValue(
  objects: KubernetesObject[],
  workloadName: string,
  variable: string,
): string | undefined {
  const found = workloadsOf(objects).find((item) => item.name === workloadName);
  return found?.pod.containers
    .flatMap((container) => container.env ?? [])
    .find((entry) => entry.name === variable)?.value;
}

describe('the cluster and the compose stack', () => {
  let compose: ComposeFile;
  let base: KubernetesObject[] = [];
  let overlay: KubernetesObject[] = [];

  beforeAll(() => {
    compose = loadCompose();
    base = buildObjects(baseDir);
    overlay = buildObjects(overlayDir);
  });

  it('run the same images, ports, environment, mounts and secret files (base)', () => {
    expect(differencesFromCompose(compose, base, 'base')).toEqual([]);
  });

  it('differ in the worked overlay only by registry and host-specific group ids', () => {
    expect(differencesFromCompose(compose, overlay, 'overlay')).toEqual([]);
  });

  it('leave exactly the services the base lacks to kube-prometheus-stack and Grafana', () => {
    const images = workloadsOf(base).flatMap((item) =>
      allContainers(item).map((container) => container.image),
    );
    const missing = Object.entries(compose.services)
      .filter(([, service]) => !images.includes(service.image ?? ''))
      .map(([name]) => name)
      .sort();
    expect(missing).toEqual(Object.keys(servicesDeployedElsewhere).sort());
  });

  it('enable each of the compose collectors in exactly one exporter workload', () => {
    const composeCollectors = resolveComposeValue(
      compose.services.exporter?.environment &&
        (compose.services.exporter.environment as Record<string, unknown>).GLASS_COLLECTORS,
    ).value.split(',');
    const enabled = [
      'glass-exporter-docker',
      'glass-exporter-pihole',
      'glass-exporter-sensors',
    ].flatMap((name) => (envValue(base, name, 'GLASS_COLLECTORS') ?? '').split(','));
    expect(enabled.sort()).toEqual(composeCollectors.sort());
  });

  it('reach the socket proxy on the port compose gives it, inside the pod', () => {
    const composeHost = String(
      (compose.services.exporter?.environment as Record<string, unknown>).DOCKER_HOST,
    );
    const composePort = new URL(composeHost).port;
    expect(envValue(base, 'glass-exporter-docker', 'DOCKER_HOST')).toBe(
      `tcp://127.0.0.1:${composePort}`,
    );
  });

  it('scrape under the job names of provisioning/prometheus/prometheus.yml', () => {
    const scrapeConfig = parse(
      readFileSync(join(repositoryRoot, 'provisioning/prometheus/prometheus.yml'), 'utf8'),
    ) as {
      scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const services = base.filter((object) => object.kind === 'Service');

    for (const monitor of base.filter((object) => object.kind === 'ServiceMonitor')) {
      const spec = monitor.spec as {
        jobLabel: string;
        selector: { matchLabels: Record<string, string> };
      };
      const service = services.find((candidate) =>
        Object.entries(spec.selector.matchLabels).every(
          ([key, value]) => candidate.metadata.labels?.[key] === value,
        ),
      );
      const job = service?.metadata.labels?.[spec.jobLabel];
      const composeJob = scrapeConfig.scrape_configs.find((config) => config.job_name === job);
      expect(
        composeJob,
        `ServiceMonitor ${monitor.metadata.name} scrapes as job ${job}`,
      ).toBeDefined();

      const composePort = Number(composeJob?.static_configs[0]?.targets[0]?.split(':')[1]);
      const ports = (service?.spec as { ports: Array<{ port: number }> }).ports.map(
        (port) => port.port,
      );
      expect(ports).toContain(composePort);
    }
  });

  it('configure the broker with the same mosquitto.conf', () => {
    const composeConfig = readFileSync(
      join(repositoryRoot, 'compose/mosquitto/mosquitto.conf'),
      'utf8',
    );
    const configMap = base.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('mosquitto-'),
    );
    expect((configMap?.data as Record<string, string>)['mosquitto.conf']).toBe(composeConfig);
  });
});

describe('the compose comparison', () => {
  let compose: ComposeFile;
  let base: KubernetesObject[] = [];

  beforeAll(() => {
    compose = loadCompose();
    base = buildObjects(baseDir);
  });

  function tampered(change: (objects: KubernetesObject[]) => void): KubernetesObject[] {
    const copy = structuredClone(base);
    change(copy);
    return copy;
  }

  it('notices a changed value, a missing variable, another port and another image', () => {
    const changed = tampered((objects) => {
      const mailer = workloadsOf(objects).find((item) => item.name === 'glass-mailer');
      const container = mailer?.pod.containers[0];
      if (!container?.env || !container.ports?.[0]) throw new Error('mailer container not found');

      container.env = container.env
        .filter((variable) => variable.name !== 'MAILER_LISTEN_ADDRESS')
        .map((variable) =>
          variable.name === 'MAILER_DATA_DIR' ? { ...variable, value: '/data' } : variable,
        );
      container.ports[0].containerPort = 9097;
      container.image = 'glass-gallery/mailer:other';
    });

    const differences = differencesFromCompose(compose, changed, 'base').join('\n');
    expect(differences).toContain('MAILER_DATA_DIR="/data", compose "/var/lib/glass-mailer"');
    expect(differences).toContain(
      'mailer: MAILER_LISTEN_ADDRESS is set in compose, not in the cluster',
    );
    expect(differences).toContain('mailer: ports [9096,9097], compose [9095,9096]');
    expect(differences).toContain(
      'runs glass-gallery/mailer:other, compose runs glass-gallery/mailer:local',
    );
  });

  it('notices a secret written as a literal and a read-only mount made writable', () => {
    const changed = tampered((objects) => {
      const sensors = workloadsOf(objects).find((item) => item.name === 'glass-exporter-sensors');
      const pihole = workloadsOf(objects).find((item) => item.name === 'glass-exporter-pihole');
      const sensorsEnv = sensors?.pod.containers[0]?.env ?? [];
      const username = sensorsEnv.find((variable) => variable.name === 'MQTT_USERNAME');
      const mount = pihole?.pod.containers[0]?.volumeMounts?.[0];
      if (!username || !mount) throw new Error('exporter containers not found');

      delete username.valueFrom;
      username.value = 'glass';
      mount.readOnly = false;
    });

    const differences = differencesFromCompose(compose, changed, 'base').join('\n');
    expect(differences).toContain('MQTT_USERNAME must come from a Secret or ConfigMap');
    expect(differences).toContain('/etc/pihole is read-only in compose, writable in the cluster');
  });
});
