import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildObjects, type KubernetesObject } from './kustomize.js';
import { baseDir, repositoryRoot } from './paths.js';
import {
  containerEnv,
  containerFiles,
  podIdentity,
  podScript,
  shellQuote,
  type PodPlan,
} from './pod-scripts.js';
import { allContainers, workloadsOf, type Container, type Workload } from './workloads.js';

const run = promisify(execFile);

/** Stand-ins for the Secrets the deployment guide has the user create. */
const secrets = {
  'glass-mqtt': { username: 'glass', password: 'mqtt password from the Secret' },
  'glass-mailer': {
    'webhook-token': 'webhook-token-from-the-secret',
    'smtp-url': 'smtp://alerts:unused@127.0.0.1:2525',
  },
};

function workload(objects: KubernetesObject[], name: string): Workload {
  const found = workloadsOf(objects).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`workload ${name} is missing`);
  return found;
}

function probe(container: Container, kind: 'readinessProbe' | 'livenessProbe') {
  const probeSpec = (container as unknown as Record<string, { httpGet?: { path: string } }>)[kind];
  const port = container.ports?.[0]?.containerPort;
  if (!probeSpec?.httpGet || port === undefined)
    throw new Error(`${container.name} has no ${kind}`);
  return { path: probeSpec.httpGet.path, port };
}

const nodeWithTsx = [process.execPath, '--import', 'tsx'];

/** The broker pod; its /mosquitto folders move under `root`, which exists here. */
function brokerPlan(objects: KubernetesObject[], root: string): PodPlan {
  const move = (text: string) => text.replaceAll('/mosquitto/', `${root}/mosquitto/`);
  const broker = workload(objects, 'mosquitto');
  const identity = podIdentity(broker);

  const files = allContainers(broker)
    .flatMap((container) => containerFiles(container, broker.pod, secrets, objects, identity.gid))
    .map((file) => ({ ...file, path: move(file.path), content: move(file.content) }));
  const processes = allContainers(broker).map((container) => ({
    argv: ((container as unknown as { command?: string[] }).command ?? []).map(move),
    env: containerEnv(container, secrets, objects),
  }));

  return {
    name: 'broker',
    ...identity,
    tmpfsMounts: [],
    writableDirs: [{ path: `${root}/mosquitto/data`, group: identity.gid }],
    files,
    processes,
  };
}

/** A pod whose one container runs a workspace's CLI from source, as its image would. */
function nodePlan(
  objects: KubernetesObject[],
  name: string,
  workloadName: string,
  cli: string,
  volumes: { tmpfsMounts: string[]; dataDirVariable?: string },
): { plan: PodPlan; container: Container } {
  const pod = workload(objects, workloadName);
  const container = pod.pod.containers[0] as Container;
  const identity = podIdentity(pod);
  const env = containerEnv(container, secrets, objects);
  const dataDir = volumes.dataDirVariable ? env[volumes.dataDirVariable] : undefined;

  const plan: PodPlan = {
    name,
    ...identity,
    tmpfsMounts: volumes.tmpfsMounts,
    writableDirs: dataDir ? [{ path: dataDir, group: identity.gid }] : [],
    files: containerFiles(container, pod.pod, secrets, objects, identity.gid),
    processes: [{ argv: [...nodeWithTsx, cli], env }],
  };
  return { plan, container };
}

function httpProbes(container: Container) {
  const readiness = probe(container, 'readinessProbe');
  return {
    port: readiness.port,
    readinessPath: readiness.path,
    livenessPath: probe(container, 'livenessProbe').path,
  };
}

/**
 * Runs the pods in a private network and PID namespace: main.sh starts each pod in its own
 * mount namespace, then becomes the probe. When the probe exits, or is killed on a timeout,
 * the kernel ends every pod process with it.
 */
async function runPods(scratch: string, pods: PodPlan[], probeInput: unknown): Promise<string> {
  const hosts = join(scratch, 'hosts');
  writeFileSync(hosts, '127.0.0.1 localhost mosquitto glass-mailer\n');
  for (const plan of pods) {
    writeFileSync(join(scratch, `${plan.name}.sh`), podScript(plan, hosts, repositoryRoot));
  }

  const main = [
    'set -u',
    'ip link set lo up',
    ...pods.map(
      (plan) =>
        `unshare --mount --fork sh ${shellQuote(join(scratch, `${plan.name}.sh`))}` +
        ` > ${shellQuote(join(scratch, `${plan.name}.log`))} 2>&1 &`,
    ),
    `exec ${[...nodeWithTsx, 'deploy/k8s/test/in-namespace-probe.ts'].map(shellQuote).join(' ')} ` +
      shellQuote(JSON.stringify(probeInput)),
  ].join('\n');
  writeFileSync(join(scratch, 'main.sh'), main);

  const { stdout } = await run(
    'unshare',
    ['--net', '--pid', '--fork', '--kill-child', 'sh', join(scratch, 'main.sh')],
    { cwd: repositoryRoot, timeout: 90_000, killSignal: 'SIGKILL' },
  );
  return stdout.trim().split('\n').pop() ?? '{}';
}

describe('the rendered broker, sensors and mailer pods, run as processes on a private network', () => {
  let scratch = '';
  let result: Record<string, unknown> = {};
  let logs = '';

  beforeAll(async () => {
    const objects = buildObjects(baseDir);
    scratch = mkdtempSync(join(tmpdir(), 'glass-pods-'));
    // The pods' users (1000, 1883) must reach their files below it.
    chmodSync(scratch, 0o755);

    const broker = brokerPlan(objects, join(scratch, 'broker'));
    const sensors = nodePlan(objects, 'sensors', 'glass-exporter-sensors', 'exporter/src/cli.ts', {
      tmpfsMounts: [],
    });
    // An empty /var/lib, so that the outbox volume's folder leaves no trace on this machine.
    const mailer = nodePlan(objects, 'mailer', 'glass-mailer', 'alerting/src/cli.ts', {
      tmpfsMounts: ['/var/lib'],
      dataDirVariable: 'MAILER_DATA_DIR',
    });
    const pods = [broker, sensors.plan, mailer.plan];

    const brokerContainer = workload(objects, 'mosquitto').pod.containers[0] as Container;
    const probeInput = {
      broker: { port: brokerContainer.ports?.[0]?.containerPort, ...secrets['glass-mqtt'] },
      exporter: httpProbes(sensors.container),
      mailer: { ...httpProbes(mailer.container), token: secrets['glass-mailer']['webhook-token'] },
      reading: { topic: 'home/livingroom/temp', value: '31.5' },
    };

    try {
      result = JSON.parse(await runPods(scratch, pods, probeInput)) as Record<string, unknown>;
    } finally {
      logs = pods
        .map((plan) => {
          const log = readFileSync(join(scratch, `${plan.name}.log`), 'utf8');
          return `--- ${plan.name} ---\n${log.slice(-2000)}`;
        })
        .join('\n');
    }
  }, 120_000);

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it("the broker, with the init container's password file, takes the Secret's user only", () => {
    expect(result.brokerUp, logs).toBe(true);
    expect(result.anonymousAccepted, logs).toBe(false);
    expect(result.publishedWithPassword, logs).toBe(true);
  });

  it('the exporter, with the sensors environment, passes its probes and exports the reading', () => {
    expect(result.exporterReady, logs).toBe(200);
    expect(result.exporterLive, logs).toBe(200);
    expect(result.temperature, logs).toMatch(/^sensor_temperature_celsius\{.*\} 31\.5$/);
  });

  it('the mailer passes its probes and takes webhooks only with the token from the Secret', () => {
    expect(result.mailerReady, logs).toBe(200);
    expect(result.mailerLive, logs).toBe(200);
    expect(result.webhookWithoutToken, logs).toBe(401);
    expect(result.webhookWithToken, logs).toBeGreaterThanOrEqual(200);
    expect(result.webhookWithToken, logs).toBeLessThan(300);
  });
});
