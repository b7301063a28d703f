import type { KubernetesObject } from './kustomize.js';
import type { Container, PodSpec, Workload } from './workloads.js';

/** A file a pod sees: a Secret or ConfigMap item at its mount path. */
export interface PodFile {
  path: string;
  content: string;
  mode: string;
  group: number;
}

export interface PodProcess {
  argv: string[];
  env: Record<string, string>;
}

/** How to run a workload's containers as local processes with the pod's identities. */
export interface PodPlan {
  name: string;
  uid: number;
  gid: number;
  groups: number[];
  files: PodFile[];
  writableDirs: Array<{ path: string; group: number }>;
  /** Existing folders hidden behind an empty tmpfs, so the pod's volumes leave no trace. */
  tmpfsMounts: string[];
  /** Init containers, run to completion in order, then the main container. */
  processes: PodProcess[];
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Environment of a container, with Secret and ConfigMap references looked up. */
export function containerEnv(
  container: Container,
  secrets: Record<string, Record<string, string>>,
  objects: KubernetesObject[],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef as { name: string; key: string } | undefined;
    const configRef = variable.valueFrom?.configMapKeyRef as
      { name: string; key: string } | undefined;

    if (secretRef) {
      env[variable.name] = required(secrets[secretRef.name]?.[secretRef.key], secretRef);
    } else if (configRef) {
      const configMap = objects.find(
        (object) => object.kind === 'ConfigMap' && object.metadata.name === configRef.name,
      );
      const data = (configMap?.data ?? {}) as Record<string, string>;
      env[variable.name] = required(data[configRef.key], configRef);
    } else {
      env[variable.name] = variable.value ?? '';
    }
  }
  return env;
}

function required(value: string | undefined, ref: { name: string; key: string }): string {
  if (value === undefined) throw new Error(`no value for ${ref.name}/${ref.key}`);
  return value;
}

/** The Secret and ConfigMap files that a container's volume mounts show it. */
export function containerFiles(
  container: Container,
  pod: PodSpec,
  secrets: Record<string, Record<string, string>>,
  objects: KubernetesObject[],
  group: number,
): PodFile[] {
  return (container.volumeMounts ?? []).flatMap((mount) => {
    const volume = (pod.volumes ?? []).find((candidate) => candidate.name === mount.name);
    if (volume?.secret) {
      const secret = secrets[volume.secret.secretName] ?? {};
      const items = volume.secret.items ?? Object.keys(secret).map((key) => ({ key, path: key }));
      return items.map((item) => ({
        path: `${mount.mountPath}/${item.path}`,
        content: required(secret[item.key], {
          name: volume.secret?.secretName ?? '',
          key: item.key,
        }),
        mode: '0440',
        group,
      }));
    }
    if (volume?.configMap) {
      const configMap = objects.find(
        (object) => object.kind === 'ConfigMap' && object.metadata.name === volume.configMap?.name,
      );
      return Object.entries((configMap?.data ?? {}) as Record<string, string>).map(
        ([key, content]) => ({ path: `${mount.mountPath}/${key}`, content, mode: '0444', group }),
      );
    }
    return [];
  });
}

export function podIdentity(workload: Workload): { uid: number; gid: number; groups: number[] } {
  const context = workload.pod.securityContext ?? {};
  const uid = Number(context.runAsUser);
  const gid = Number(context.runAsGroup);
  const fsGroup = context.fsGroup === undefined ? [] : [Number(context.fsGroup)];
  const groups = [...new Set([gid, ...fsGroup, ...(context.supplementalGroups ?? [])])];
  return { uid, gid, groups };
}

/**
 * A shell script that runs the pod in a private mount namespace: /run is a fresh tmpfs that
 * holds the pod's secret files, /etc/hosts names the in-cluster Services, and each process
 * runs with the pod's user and groups, as the kubelet would start it.
 */
export function podScript(plan: PodPlan, hostsFile: string, workdir: string): string {
  const lines = [
    'set -eu',
    'mount --make-rprivate /',
    'mount -t tmpfs -o mode=0755 tmpfs /run',
    `mount --bind ${shellQuote(hostsFile)} /etc/hosts`,
    ...plan.tmpfsMounts.map((path) => `mount -t tmpfs -o mode=0755 tmpfs ${shellQuote(path)}`),
  ];

  for (const dir of plan.writableDirs) {
    lines.push(`mkdir -p ${shellQuote(dir.path)}`);
    lines.push(
      `chown 0:${dir.group} ${shellQuote(dir.path)} && chmod 2775 ${shellQuote(dir.path)}`,
    );
  }
  for (const file of plan.files) {
    const path = shellQuote(file.path);
    const encoded = Buffer.from(file.content).toString('base64');
    lines.push(`mkdir -p "$(dirname ${path})"`);
    lines.push(`echo ${encoded} | base64 -d > ${path}`);
    lines.push(`chown 0:${file.group} ${path} && chmod ${file.mode} ${path}`);
  }

  const groups = plan.groups.join(',');
  const identity = `setpriv --reuid=${plan.uid} --regid=${plan.gid} --groups=${groups}`;
  // The pod's users may not be able to traverse the folders above the repository (a clone
  // under /root, say): they reach it at /mnt/repository instead.
  lines.push('mount -t tmpfs -o mode=0755 tmpfs /mnt', 'mkdir /mnt/repository');
  lines.push(`mount --bind ${shellQuote(workdir)} /mnt/repository`, 'cd /mnt/repository');
  plan.processes.forEach((process, index) => {
    const env = Object.entries({
      PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
      ...process.env,
    })
      .map(([name, value]) => shellQuote(`${name}=${value}`))
      .join(' ');
    const command = `${identity} env -i ${env} ${process.argv.map(shellQuote).join(' ')}`;
    lines.push(index === plan.processes.length - 1 ? `exec ${command}` : command);
  });
  return `${lines.join('\n')}\n`;
}
