import { Counter, Gauge, type Registry } from 'prom-client';
import type { EngineVersion } from './engine-client.js';
import { HEALTH_STATES } from './engine-event.js';
import type { InfoLabel } from './info-labels.js';
import type { StateCache } from './state-cache.js';

const SAMPLED = 'Sampled in the background every DOCKER_STATS_INTERVAL_SECONDS (one-shot stats).';

/**
 * The docker collector's metric families. `render` rewrites them from the cache on every scrape,
 * so a removed container's series vanish with it.
 */
export class DockerMetrics {
  private readonly containers: Gauge<'state'>;
  private readonly info: Gauge;
  private readonly running: Gauge<'name'>;
  private readonly health: Gauge<'name' | 'status'>;
  private readonly restarts: Counter<'name'>;
  private readonly oomKilled: Gauge<'name'>;
  private readonly exitCode: Gauge<'name'>;
  private readonly startedAt: Gauge<'name'>;
  private readonly cpu: Counter<'name'>;
  private readonly memoryUsage: Gauge<'name'>;
  private readonly workingSet: Gauge<'name'>;
  private readonly memoryLimit: Gauge<'name'>;
  private readonly networkReceive: Counter<'name'>;
  private readonly networkTransmit: Counter<'name'>;
  private readonly blockRead: Counter<'name'>;
  private readonly blockWrite: Counter<'name'>;
  private readonly pids: Gauge<'name'>;
  private readonly events: Counter<'action'>;
  private readonly engineInfo: Gauge<'version' | 'api_version'>;

  constructor(
    registry: Registry,
    private readonly infoLabels: readonly InfoLabel[],
  ) {
    const registers = [registry];
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Gauge<L>({ name, help, labelNames, registers });
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Counter<L>({ name, help, labelNames, registers });
    const byName = ['name'] as const;

    this.containers = gauge('docker_containers', 'Containers per state.', ['state']);
    this.info = gauge(
      'docker_container_info',
      'Container metadata (always 1): short id, image and the labels chosen in DOCKER_LABELS.',
      ['name', 'id', 'image', ...infoLabels.map((label) => label.metricLabel)],
    );
    this.running = gauge('docker_container_running', '1 if the container runs, else 0.', byName);
    this.health = gauge(
      'docker_container_health_status',
      'Health check status (one-hot); "none" when the container has no health check.',
      ['name', 'status'],
    );
    this.restarts = counter(
      'docker_container_restarts_total',
      'Restarts by the restart policy since the last manual start (RestartCount).',
      byName,
    );
    this.oomKilled = gauge(
      'docker_container_oom_killed',
      '1 if the last exit was caused by the out-of-memory killer.',
      byName,
    );
    this.exitCode = gauge('docker_container_exit_code', 'Exit code of the last exit.', byName);
    this.startedAt = gauge(
      'docker_container_started_at_seconds',
      'Unix time of the last start.',
      byName,
    );
    this.cpu = counter(
      'docker_container_cpu_seconds_total',
      `CPU time used by the container. ${SAMPLED}`,
      byName,
    );
    this.memoryUsage = gauge(
      'docker_container_memory_usage_bytes',
      `Memory usage including page cache. ${SAMPLED}`,
      byName,
    );
    this.workingSet = gauge(
      'docker_container_memory_working_set_bytes',
      `Memory usage minus inactive file cache, as cAdvisor reports it. ${SAMPLED}`,
      byName,
    );
    this.memoryLimit = gauge(
      'docker_container_memory_limit_bytes',
      `Memory limit; the host memory when the container has none. ${SAMPLED}`,
      byName,
    );
    this.networkReceive = counter(
      'docker_container_network_receive_bytes_total',
      `Bytes received on all interfaces of the container. ${SAMPLED}`,
      byName,
    );
    this.networkTransmit = counter(
      'docker_container_network_transmit_bytes_total',
      `Bytes sent on all interfaces of the container. ${SAMPLED}`,
      byName,
    );
    this.blockRead = counter(
      'docker_container_block_read_bytes_total',
      `Bytes read from block devices. ${SAMPLED}`,
      byName,
    );
    this.blockWrite = counter(
      'docker_container_block_write_bytes_total',
      `Bytes written to block devices. ${SAMPLED}`,
      byName,
    );
    this.pids = gauge('docker_container_pids', `Processes and threads. ${SAMPLED}`, byName);
    this.events = counter(
      'docker_events_total',
      'Container events received from the engine, by action.',
      ['action'],
    );
    this.engineInfo = gauge('docker_engine_info', 'Engine version and API version (always 1).', [
      'version',
      'api_version',
    ]);
  }

  render(cache: StateCache, engine: EngineVersion | undefined): void {
    this.clearContainers();

    for (const [state, count] of cache.stateCounts()) this.containers.set({ state }, count);
    this.events.reset();
    for (const [action, count] of cache.events()) this.events.inc({ action }, count);
    if (engine) {
      this.engineInfo.set({ version: engine.version, api_version: engine.apiVersion }, 1);
    }

    for (const record of cache.records()) {
      const name = { name: record.name };
      const info: Record<string, string> = {
        name: record.name,
        id: record.id.slice(0, 12),
        image: record.image,
      };
      for (const label of this.infoLabels) {
        info[label.metricLabel] = record.labels[label.containerLabel] ?? '';
      }
      this.info.set(info, 1);
      this.running.set(name, record.state === 'running' ? 1 : 0);
      for (const status of HEALTH_STATES) {
        this.health.set({ name: record.name, status }, record.health === status ? 1 : 0);
      }
      if (record.detailed) {
        this.restarts.inc(name, record.restartCount);
        this.oomKilled.set(name, record.oomKilled ? 1 : 0);
        this.exitCode.set(name, record.exitCode);
        if (record.startedAtSeconds !== undefined)
          this.startedAt.set(name, record.startedAtSeconds);
      }

      const usage = record.usage;
      if (!usage) continue;
      this.cpu.inc(name, usage.cpuSeconds);
      this.memoryUsage.set(name, usage.memoryUsageBytes);
      this.workingSet.set(name, usage.memoryWorkingSetBytes);
      if (usage.memoryLimitBytes !== undefined) this.memoryLimit.set(name, usage.memoryLimitBytes);
      if (usage.network) {
        this.networkReceive.inc(name, usage.network.receiveBytes);
        this.networkTransmit.inc(name, usage.network.transmitBytes);
      }
      if (usage.block) {
        this.blockRead.inc(name, usage.block.readBytes);
        this.blockWrite.inc(name, usage.block.writeBytes);
      }
      if (usage.pids !== undefined) this.pids.set(name, usage.pids);
    }
  }

  /**
   * Drops every series that describes the engine's current state. Only the event counts stay,
   * since they remain true while the engine is away.
   */
  clearContainers(): void {
    for (const metric of [
      this.containers,
      this.info,
      this.running,
      this.health,
      this.restarts,
      this.oomKilled,
      this.exitCode,
      this.startedAt,
      this.cpu,
      this.memoryUsage,
      this.workingSet,
      this.memoryLimit,
      this.networkReceive,
      this.networkTransmit,
      this.blockRead,
      this.blockWrite,
      this.pids,
      this.engineInfo,
    ]) {
      metric.reset();
    }
  }
}
