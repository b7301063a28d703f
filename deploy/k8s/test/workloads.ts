import type { KubernetesObject } from './kustomize.js';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export interface Container {
  name: string;
  image: string;
  env?: EnvVar[];
  ports?: Array<{ name?: string; containerPort: number }>;
  volumeMounts?: VolumeMount[];
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  secret?: { secretName: string; items?: Array<{ key: string; path: string }> };
  configMap?: { name: string };
  persistentVolumeClaim?: { claimName: string };
  emptyDir?: Record<string, unknown>;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  securityContext?: Record<string, unknown> & { supplementalGroups?: number[] };
  nodeSelector?: Record<string, string>;
  automountServiceAccountToken?: boolean;
}

export interface Workload {
  kind: string;
  name: string;
  podLabels: Record<string, string>;
  pod: PodSpec;
}

const workloadKinds = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

export function workloadsOf(objects: KubernetesObject[]): Workload[] {
  return objects
    .filter((object) => workloadKinds.has(object.kind))
    .map((object) => {
      const template = (
        object.spec as {
          template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
        }
      ).template;
      return {
        kind: object.kind,
        name: object.metadata.name,
        podLabels: template.metadata?.labels ?? {},
        pod: template.spec,
      };
    });
}

export function allContainers(workload: Workload): Container[] {
  return [...(workload.pod.initContainers ?? []), ...workload.pod.containers];
}

/** Image without tag or digest: registry.home.arpa:5000/glass-gallery/exporter:0.1.0 gives
 * registry.home.arpa:5000/glass-gallery/exporter. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  return lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest;
}

export function imageTag(image: string): string | undefined {
  const repository = imageRepository(image);
  const rest = image.slice(repository.length);
  return rest.startsWith(':') ? rest.slice(1).split('@')[0] : undefined;
}
