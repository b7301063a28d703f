import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';

/**
 * A small home lab in a private Podman engine (the project's scripts/podman), serving the Docker
 * API: a few healthy services, one failing its health check and one that is stopped.
 */
const IMAGE = 'localhost/glass/busybox:latest';
const PROJECT = 'homelab';

interface LabContainer {
  name: string;
  healthy?: boolean;
  started?: boolean;
}

const LAB: LabContainer[] = [
  { name: 'pihole', healthy: true },
  { name: 'mosquitto' },
  { name: 'grafana', healthy: true },
  { name: 'prometheus' },
  { name: 'mailu-front', healthy: false },
  { name: 'backup', started: false },
];

export interface ContainerLab {
  dockerHost: string;
  stop: () => Promise<void>;
}

export async function startContainerLab(repoDir: string, podmanDir: string): Promise<ContainerLab> {
  const env = { ...process.env, GLASS_PODMAN_DIR: podmanDir };
  const started = spawnSync('bash', [join(repoDir, 'scripts/podman/start.sh')], {
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const line = started.stdout.trim().split('\n').pop() ?? '';
  if (started.status !== 0 || !line.startsWith('DOCKER_HOST=unix://')) {
    throw new Error(`scripts/podman/start.sh failed:\n${started.stdout}${started.stderr}`);
  }
  const socket = line.slice('DOCKER_HOST=unix://'.length);

  for (const container of LAB) {
    await dockerApi(socket, 'DELETE', `/containers/${container.name}?force=true`).catch(() => {});
    await dockerApi(socket, 'POST', `/containers/create?name=${container.name}`, {
      Image: IMAGE,
      Cmd: ['sleep', '3600'],
      Labels: {
        'com.docker.compose.project': PROJECT,
        'com.docker.compose.service': container.name,
      },
      ...(container.healthy === undefined
        ? {}
        : {
            Healthcheck: {
              Test: ['CMD', container.healthy ? 'true' : 'false'],
              Interval: 3_600_000_000_000,
              Retries: 1,
            },
          }),
    });
    if (container.started !== false) {
      await dockerApi(socket, 'POST', `/containers/${container.name}/start`);
    }
  }

  // Podman runs health checks from systemd timers, which this machine lacks: run them once.
  for (const container of LAB.filter((item) => item.healthy !== undefined)) {
    spawnSync(
      'bash',
      [join(repoDir, 'scripts/podman/podman.sh'), 'healthcheck', 'run', container.name],
      {
        env,
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
  }

  return {
    dockerHost: `unix://${socket}`,
    stop: async () => {
      spawnSync('bash', [join(repoDir, 'scripts/podman/stop.sh'), '--remove-containers'], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
    },
  };
}

function dockerApi(socket: string, method: string, path: string, body?: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath: socket,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300) {
            reject(new Error(`Docker API ${method} ${path}: ${res.statusCode} ${text}`));
          } else {
            resolve(text);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
