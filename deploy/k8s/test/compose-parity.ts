import type { KubernetesObject } from './kustomize.js';
import {
  allContainers,
  imageRepository,
  workloadsOf,
  type Container,
  type Workload,
} from './workloads.js';

export interface ComposeService {
  image?: string;
  environment?: Record<string, unknown> | string[];
  ports?: Array<string | { target: number }>;
  expose?: Array<string | number>;
  volumes?: Array<string | { target: string; read_only?: boolean }>;
  secrets?: Array<string | { source: string; target?: string }>;
  group_add?: Array<string | number>;
  healthcheck?: { test?: string | string[] };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** Compose services that the cluster gets from kube-prometheus-stack or the Grafana chart. */
export const servicesDeployedElsewhere: Record<string, string> = {
  prometheus: 'kube-prometheus-stack',
  alertmanager: 'kube-prometheus-stack',
  'node-exporter': 'kube-prometheus-stack',
  grafana: 'the Grafana Helm chart with deploy/k8s/helm/grafana-values.yaml',
};

/** Environment values that differ on purpose, and why. */
export const deliberateEnvDifferences: Record<string, Record<string, string>> = {
  exporter: {
    GLASS_COLLECTORS: 'one collector per workload: Docker and Pi-hole per node, MQTT once',
    DOCKER_HOST: 'the socket proxy runs in the same pod and is reached on loopback',
  },
};

/**
 * `base`: images and defaults exactly as compose has them. `overlay`: images may come from
 * another registry, and values that compose reads from the user's .env (group ids) may differ.
 */
export type Strictness = 'base' | 'overlay';

interface Resolved {
  value: string;
  needsUserValue: boolean;
}

/** `${NAME:-default}` becomes its default; a bare `${NAME}` is left for the user to supply. */
export function resolveComposeValue(raw: unknown): Resolved {
  let needsUserValue = false;
  const value = String(raw ?? '').replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g,
    (_whole, _name: string, fallback: string | undefined) => {
      if (fallback === undefined) needsUserValue = true;
      return fallback ?? '';
    },
  );
  return { value, needsUserValue };
}

function composeEnvironment(service: ComposeService): Map<string, Resolved> {
  const environment = new Map<string, Resolved>();
  if (Array.isArray(service.environment)) {
    for (const entry of service.environment) {
      const [name, ...rest] = entry.split('=');
      environment.set(name ?? '', resolveComposeValue(rest.join('=')));
    }
  } else {
    for (const [name, value] of Object.entries(service.environment ?? {})) {
      environment.set(name, resolveComposeValue(value));
    }
  }
  return environment;
}

function portOf(text: string): number | undefined {
  const match = /:(\d+)(?:\/\w+)?$/.exec(text) ?? /^(\d+)(?:\/\w+)?$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Every port the compose service listens on: published, exposed, listen addresses, checks. */
export function composePorts(service: ComposeService): Set<number> {
  const ports = new Set<number>();
  const add = (port: number | undefined): void => {
    if (port !== undefined) ports.add(port);
  };

  for (const entry of service.ports ?? []) {
    add(typeof entry === 'string' ? portOf(resolveComposeValue(entry).value) : entry.target);
  }
  for (const entry of service.expose ?? []) add(portOf(String(entry)));
  for (const [name, resolved] of composeEnvironment(service)) {
    if (name.endsWith('_LISTEN_ADDRESS')) add(portOf(resolved.value));
  }
  const check = [service.healthcheck?.test ?? []].flat().join(' ');
  for (const match of check.matchAll(/http:\/\/(?:127\.0\.0\.1|localhost):(\d+)/g)) {
    add(Number(match[1]));
  }
  return ports;
}

function composeMounts(service: ComposeService): Array<{ target: string; readOnly: boolean }> {
  return (service.volumes ?? []).map((entry) => {
    if (typeof entry !== 'string') {
      return { target: entry.target, readOnly: entry.read_only === true };
    }
    const [, target = '', mode = ''] = resolveComposeValue(entry).value.split(':');
    return { target, readOnly: mode.split(',').includes('ro') };
  });
}

function composeSecretNames(service: ComposeService): string[] {
  return (service.secrets ?? []).map((entry) =>
    typeof entry === 'string' ? entry : (entry.target ?? entry.source),
  );
}

function imageBelongsTo(k8sImage: string, composeImage: string): boolean {
  const k8sRepository = imageRepository(k8sImage);
  const composeRepository = imageRepository(composeImage);
  return k8sRepository === composeRepository || k8sRepository.endsWith(`/${composeRepository}`);
}

interface Placement {
  workload: Workload;
  container: Container;
}

function placementsOf(workloads: Workload[], composeImage: string): Placement[] {
  return workloads.flatMap((workload) =>
    allContainers(workload)
      .filter((container) => imageBelongsTo(container.image, composeImage))
      .map((container) => ({ workload, container })),
  );
}

function mountCovers(mountPath: string, target: string): boolean {
  return target === mountPath || target.startsWith(`${mountPath}/`);
}

function secretFileMounted(placement: Placement, path: string): boolean {
  const volumes = placement.workload.pod.volumes ?? [];
  return (placement.container.volumeMounts ?? []).some((mount) => {
    const secret = volumes.find((volume) => volume.name === mount.name)?.secret;
    if (!secret || !path.startsWith(`${mount.mountPath}/`)) return false;

    const file = path.slice(mount.mountPath.length + 1);
    return secret.items ? secret.items.some((item) => item.path === file) : true;
  });
}

function compareService(
  serviceName: string,
  service: ComposeService,
  workloads: Workload[],
  strictness: Strictness,
): string[] {
  const problems: string[] = [];
  const composeImage = service.image ?? '';
  const placements = placementsOf(workloads, composeImage);
  if (placements.length === 0) {
    return [`${serviceName}: no container runs an image of ${imageRepository(composeImage)}`];
  }

  // Images: the same reference, or in an overlay the same repository in another registry.
  for (const { workload, container } of placements) {
    const sameImage =
      strictness === 'base'
        ? container.image === composeImage
        : imageBelongsTo(container.image, composeImage);
    if (!sameImage) {
      problems.push(
        `${serviceName}: ${workload.name}/${container.name} runs ${container.image}, ` +
          `compose runs ${composeImage}`,
      );
    }
  }

  // Ports: what the containers declare is what the compose service listens on.
  const expectedPorts = [...composePorts(service)].sort();
  const declaredPorts = [
    ...new Set(
      placements.flatMap(({ container }) =>
        (container.ports ?? []).map((port) => port.containerPort),
      ),
    ),
  ].sort();
  if (JSON.stringify(expectedPorts) !== JSON.stringify(declaredPorts)) {
    problems.push(
      `${serviceName}: ports ${JSON.stringify(declaredPorts)}, ` +
        `compose ${JSON.stringify(expectedPorts)}`,
    );
  }

  // Environment: the same names across the service's containers, the same values unless the
  // difference is deliberate, and the user's own values from a Secret or ConfigMap.
  const composeEnv = composeEnvironment(service);
  const differences = deliberateEnvDifferences[serviceName] ?? {};
  const seen = new Set<string>();
  for (const { workload, container } of placements) {
    for (const variable of container.env ?? []) {
      seen.add(variable.name);
      const where = `${serviceName}: ${workload.name}/${container.name} ${variable.name}`;
      const expected = composeEnv.get(variable.name);
      if (!expected) {
        problems.push(`${where} is not set in the compose service`);
        continue;
      }
      if (expected.needsUserValue) {
        if (variable.valueFrom === undefined)
          problems.push(`${where} must come from a Secret or ConfigMap`);
        continue;
      }
      if (variable.value !== expected.value && !(variable.name in differences)) {
        problems.push(
          `${where}=${JSON.stringify(variable.value)}, compose ${JSON.stringify(expected.value)}`,
        );
      }
      if (
        variable.name.endsWith('_FILE') &&
        !secretFileMounted({ workload, container }, variable.value ?? '')
      ) {
        problems.push(`${where} names ${variable.value}, which no Secret mount provides`);
      }
    }
  }
  for (const name of composeEnv.keys()) {
    if (!seen.has(name))
      problems.push(`${serviceName}: ${name} is set in compose, not in the cluster`);
  }

  // Mounts: every compose mount target has a counterpart, read-only where compose says so.
  for (const mount of composeMounts(service)) {
    const counterpart = placements
      .flatMap(({ container }) => container.volumeMounts ?? [])
      .find((candidate) => mountCovers(candidate.mountPath, mount.target));
    if (!counterpart) {
      problems.push(`${serviceName}: nothing is mounted at ${mount.target}`);
    } else if (mount.readOnly && counterpart.readOnly !== true) {
      problems.push(
        `${serviceName}: ${mount.target} is read-only in compose, writable in the cluster`,
      );
    }
  }

  // Secrets: compose files in /run/secrets come from Kubernetes Secrets at the same path.
  for (const secretName of composeSecretNames(service)) {
    const path = `/run/secrets/${secretName}`;
    if (!placements.some((placement) => secretFileMounted(placement, path))) {
      problems.push(`${serviceName}: no Secret is mounted at ${path}`);
    }
  }

  // Extra groups: the pod that needs them has compose's default ids.
  const groups = (service.group_add ?? []).map((group) => Number(resolveComposeValue(group).value));
  if (strictness === 'base' && groups.length > 0) {
    const hasGroups = placements.some(({ workload }) =>
      groups.every((group) => workload.pod.securityContext?.supplementalGroups?.includes(group)),
    );
    if (!hasGroups)
      problems.push(`${serviceName}: no pod runs with the groups ${groups.join(', ')}`);
  }

  return problems;
}

/** Differences between the compose stack and the rendered manifests; none = []. */
export function differencesFromCompose(
  compose: ComposeFile,
  objects: KubernetesObject[],
  strictness: Strictness,
): string[] {
  const workloads = workloadsOf(objects);
  return Object.entries(compose.services).flatMap(([serviceName, service]) => {
    if (serviceName in servicesDeployedElsewhere) return [];
    return compareService(serviceName, service, workloads, strictness);
  });
}
