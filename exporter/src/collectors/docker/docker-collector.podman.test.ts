import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SourceError } from '../../core/errors.js';
import { startCollector, type CollectorUnderTest } from './testing/collector-harness.js';
import {
  eventually,
  podman,
  startPodmanEngine,
  stopPodmanService,
  TestContainers,
  type PodmanEngine,
} from './testing/podman-engine.js';

// Integration tests against a real Podman engine serving the Docker API (scripts/podman).
// Every wait polls with a deadline, so a loaded machine slows the tests down without failing them.

const containers = new TestContainers();
const collectors: CollectorUnderTest[] = [];
let engine: PodmanEngine;

async function collectorOn(host: string, extra: Record<string, string> = {}) {
  const under = await startCollector({
    DOCKER_HOST: host,
    DOCKER_STATS_INTERVAL_SECONDS: '1',
    ...extra,
  });
  collectors.push(under);
  return under;
}

/** Scrapes, then reads one series: what Prometheus would see at that scrape. */
async function scraped(under: CollectorUnderTest, metric: string, labels: Record<string, string>) {
  const failure = await under.scrape();
  if (failure) throw failure;
  return under.value(metric, labels);
}

function until<T>(expected: T) {
  return (value: T | undefined) => (value === expected ? value : undefined);
}

beforeAll(async () => {
  // A service of this run's own (on the shared storage): no daemon outlives the run, and
  // parallel runs never stop each other's engine.
  engine = await startPodmanEngine(`test-${process.pid}`);
}, 120_000);

afterAll(async () => {
  try {
    await Promise.all(collectors.map((under) => under.collector.stop()));
  } finally {
    await containers.cleanup();
    // Unset when the engine failed to start; then there is nothing to stop.
    if (engine !== undefined) await stopPodmanService(engine);
  }
}, 120_000);

describe('docker collector on a real Podman engine', () => {
  it('counts running, exited, created and paused containers as the engine lists them', async () => {
    const compose = ['--label', 'com.docker.compose.project=glass-test'];
    await containers.run(
      'running',
      [...compose, '--label', 'com.docker.compose.service=probe'],
      ['sleep', '600'],
    );
    await containers.run('paused', [], ['sleep', '600']);
    await podman('pause', containers.name('paused'));
    await containers.create('created', ['sleep', '600']);
    await containers.run('exit3', [], ['sh', '-c', 'exit 3']);
    await eventually('the exit-3 container to exit', async () => {
      const state = await podman(
        'inspect',
        '--format',
        '{{.State.Status}}',
        containers.name('exit3'),
      );
      return state === 'exited' ? state : undefined;
    });

    const under = await collectorOn(engine.dockerHost);
    const name = (suffix: string) => ({ name: containers.name(suffix) });

    expect(await scraped(under, 'docker_container_running', name('running'))).toBe(1);
    expect(await scraped(under, 'docker_container_running', name('paused'))).toBe(0);
    expect(await scraped(under, 'docker_container_running', name('created'))).toBe(0);
    expect(await scraped(under, 'docker_container_exit_code', name('exit3'))).toBe(3);
    expect(await under.value('docker_container_started_at_seconds', name('created'))).toBe(
      undefined,
    );
    const startedAt = await under.value('docker_container_started_at_seconds', name('running'));
    expect(Math.abs((startedAt ?? 0) - Date.now() / 1000)).toBeLessThan(300);

    const docker = new Docker({ socketPath: engine.socketPath });
    await eventually('the per-state counts to match the engine list', async () => {
      const listed = await docker.listContainers({ all: true });
      const expected: Record<string, number> = {
        created: 0,
        running: 0,
        paused: 0,
        restarting: 0,
        removing: 0,
        exited: 0,
        dead: 0,
      };
      for (const row of listed) expected[row.State] = (expected[row.State] ?? 0) + 1;

      for (const [state, count] of Object.entries(expected)) {
        if ((await scraped(under, 'docker_containers', { state })) !== count) return undefined;
      }
      return true;
    });
    for (const state of ['running', 'paused', 'created', 'exited']) {
      expect(await under.value('docker_containers', { state })).toBeGreaterThanOrEqual(1);
    }

    const id = await podman('inspect', '--format', '{{.Id}}', containers.name('running'));
    const info = await under.value('docker_container_info', {
      name: containers.name('running'),
      id: id.slice(0, 12),
      image: 'localhost/glass/busybox:latest',
      compose_project: 'glass-test',
      compose_service: 'probe',
    });
    expect(info).toBe(1);
    expect(await under.value('docker_container_info', { name: containers.name('paused') })).toBe(1);
  });

  it('shows a container whose health check fails as unhealthy', async () => {
    await containers.run(
      'unhealthy',
      ['--health-cmd', 'exit 1', '--health-retries', '1', '--health-interval', '1h'],
      ['sleep', '600'],
    );
    const under = await collectorOn(engine.dockerHost);
    const labels = (status: string) => ({ name: containers.name('unhealthy'), status });

    expect(await scraped(under, 'docker_container_health_status', labels('starting'))).toBe(1);

    // No systemd timers here: the check runs when asked, as a timer would ask.
    await podman('healthcheck', 'run', containers.name('unhealthy')).catch(() => undefined);

    await eventually('the container to be shown unhealthy', async () =>
      until(1)(await scraped(under, 'docker_container_health_status', labels('unhealthy'))),
    );
    expect(await under.value('docker_container_health_status', labels('starting'))).toBe(0);
    expect(await under.value('docker_container_health_status', labels('healthy'))).toBe(0);
    expect(await under.value('docker_events_total', { action: 'health_status' })).toBeGreaterThan(
      0,
    );
  });

  it('reflects a stop and a removal within 5 s from events alone', async () => {
    await containers.run('short-lived', [], ['sleep', '600']);
    // An interval far beyond the test: only the events stream can bring the changes.
    const under = await collectorOn(engine.dockerHost, { DOCKER_STATS_INTERVAL_SECONDS: '3600' });
    const name = { name: containers.name('short-lived') };
    expect(await scraped(under, 'docker_container_running', name)).toBe(1);

    await podman('stop', '--time', '0', containers.name('short-lived'));
    const stoppedAt = Date.now();
    await eventually(
      'the stop to show',
      async () => until(0)(await scraped(under, 'docker_container_running', name)),
      5_000,
    );
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);

    await podman('rm', containers.name('short-lived'));
    const removedAt = Date.now();
    await eventually(
      'the removal to show',
      async () => {
        const info = await scraped(under, 'docker_container_info', name);
        const running = await under.value('docker_container_running', name);
        return info === undefined && running === undefined ? true : undefined;
      },
      5_000,
    );
    expect(Date.now() - removedAt).toBeLessThan(5_000);
    // The removal can show before its event arrives: an inspect of the gone container tells too.
    await eventually('the removal to be counted as an event', async () => {
      const removals = await scraped(under, 'docker_events_total', { action: 'destroy' });
      return removals !== undefined && removals > 0 ? removals : undefined;
    });
  });

  it('samples usage that grows while a container keeps a CPU busy', async () => {
    await containers.run('busy', ['--cpus', '0.5'], ['sh', '-c', 'while :; do :; done']);
    const under = await collectorOn(engine.dockerHost);
    const name = { name: containers.name('busy') };

    const first = await eventually('a first CPU sample', () =>
      scraped(under, 'docker_container_cpu_seconds_total', name),
    );
    await eventually('the CPU time to grow', async () => {
      const now = await scraped(under, 'docker_container_cpu_seconds_total', name);
      return now !== undefined && now > first + 0.05 ? now : undefined;
    });
    expect(await under.value('docker_container_memory_usage_bytes', name)).toBeGreaterThan(0);
    expect(await under.value('docker_container_memory_working_set_bytes', name)).toBeGreaterThan(0);
    expect(await under.value('docker_container_memory_limit_bytes', name)).toBeGreaterThan(0);
    expect(await under.value('docker_container_pids', name)).toBeGreaterThanOrEqual(1);

    await podman('rm', '--force', '--time', '0', containers.name('busy'));
    await eventually('the usage series to go with the container', async () => {
      const cpu = await scraped(under, 'docker_container_cpu_seconds_total', name);
      return cpu === undefined ? true : undefined;
    });
  });

  it('keeps a quiet events stream open despite DOCKER_CLIENT_TIMEOUT=300', async () => {
    // docker-modem reads these by itself; the collector must not let them apply.
    vi.stubEnv('DOCKER_HOST', 'tcp://127.0.0.1:9');
    vi.stubEnv('DOCKER_CLIENT_TIMEOUT', '300');
    try {
      await containers.run('quiet', [], ['sleep', '600']);
      const under = await collectorOn(engine.dockerHost, { DOCKER_STATS_INTERVAL_SECONDS: '3600' });
      const name = { name: containers.name('quiet') };
      expect(await scraped(under, 'docker_container_running', name)).toBe(1);

      // A cut stream would show as at least one failed scrape while reconnecting.
      const quietUntil = Date.now() + 2_000;
      while (Date.now() < quietUntil) {
        expect(await under.scrape()).toBeUndefined();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      await podman('stop', '--time', '0', containers.name('quiet'));
      await eventually(
        'the stop to arrive on the same stream',
        async () => until(0)(await scraped(under, 'docker_container_running', name)),
        5_000,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reports the engine down while its service is stopped and recovers by itself', async () => {
    // A second service on the same storage, so the other tests keep theirs.
    const serviceName = `restart-test-${process.pid}`;
    const restartable = await startPodmanEngine(serviceName);
    try {
      await containers.run('survivor', [], ['sleep', '600']);
      const under = await collectorOn(restartable.dockerHost);
      const survivor = { name: containers.name('survivor') };
      expect(await scraped(under, 'docker_container_running', survivor)).toBe(1);

      await stopPodmanService(restartable);
      const failure = await eventually('the collector to report the engine down', async () =>
        under.scrape(),
      );
      expect(failure).toBeInstanceOf(SourceError);
      expect(failure.message).toContain(restartable.socketPath);
      expect(await under.value('docker_container_running', survivor)).toBeUndefined();

      // Changes while the engine is away are healed by the re-list after the reconnect.
      await containers.run('born-offline', [], ['sleep', '600']);
      await startPodmanEngine(serviceName);

      await eventually(
        'the collector to recover',
        async () => {
          const recovered = await under.scrape();
          if (recovered) return undefined;
          return until(1)(
            await under.value('docker_container_running', {
              name: containers.name('born-offline'),
            }),
          );
        },
        30_000,
      );
      expect(await under.value('docker_container_running', survivor)).toBe(1);
    } finally {
      await stopPodmanService(restartable);
    }
  });

  it('reports a missing socket as a source error with a hint, and keeps running', async () => {
    const under = await collectorOn('unix:///tmp/glass-podman/no-such-engine.sock');
    const failure = await under.scrape();
    expect(failure).toBeInstanceOf(SourceError);
    expect(failure?.message).toContain('/tmp/glass-podman/no-such-engine.sock');
    expect((failure as SourceError).hint).toContain('DOCKER_HOST');
    expect(await under.value('docker_containers', { state: 'running' })).toBeUndefined();
  });
});
