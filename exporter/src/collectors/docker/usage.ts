/** Resource usage of one container, from one one-shot stats sample. */
export interface Usage {
  readonly cpuSeconds: number;
  readonly memoryUsageBytes: number;
  readonly memoryWorkingSetBytes: number;
  readonly memoryLimitBytes?: number;
  /** Absent when the container has no network of its own (host or none networking). */
  readonly network?: { readonly receiveBytes: number; readonly transmitBytes: number };
  /** Absent when the engine reports no block I/O accounting. */
  readonly block?: { readonly readBytes: number; readonly writeBytes: number };
  readonly pids?: number;
}

interface StatsBody {
  cpu_stats?: { cpu_usage?: { total_usage?: unknown } };
  memory_stats?: { usage?: unknown; limit?: unknown; stats?: Record<string, unknown> };
  networks?: Record<string, { rx_bytes?: unknown; tx_bytes?: unknown } | null>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: unknown; value?: unknown }[] | null };
  pids_stats?: { current?: unknown };
}

/**
 * Turns a stats body into usage. Returns undefined when the body carries no CPU figures, which is
 * what engines answer for a container that is not running.
 */
export function usageFromStats(body: unknown): Usage | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const stats = body as StatsBody;

  const cpuNanos = finite(stats.cpu_stats?.cpu_usage?.total_usage);
  if (cpuNanos === undefined) return undefined;

  const memoryUsage = finite(stats.memory_stats?.usage) ?? 0;
  return {
    cpuSeconds: cpuNanos / 1e9,
    memoryUsageBytes: memoryUsage,
    memoryWorkingSetBytes: workingSet(memoryUsage, stats.memory_stats?.stats),
    memoryLimitBytes: positive(stats.memory_stats?.limit),
    network: networkTotals(stats.networks),
    block: blockTotals(stats.blkio_stats?.io_service_bytes_recursive),
    pids: finite(stats.pids_stats?.current),
  };
}

/**
 * Usage minus inactive file cache, like cAdvisor and `docker stats`: cgroup v1 names the field
 * `total_inactive_file`, v2 `inactive_file`. Podman already subtracts it and sends no breakdown.
 */
function workingSet(usage: number, breakdown: Record<string, unknown> | undefined): number {
  const inactive = finite(breakdown?.total_inactive_file) ?? finite(breakdown?.inactive_file);
  if (inactive === undefined || inactive >= usage) return usage;
  return usage - inactive;
}

function networkTotals(networks: StatsBody['networks']): Usage['network'] {
  if (!networks || typeof networks !== 'object') return undefined;
  const interfaces = Object.values(networks).filter((entry) => entry && typeof entry === 'object');
  if (interfaces.length === 0) return undefined;

  let receiveBytes = 0;
  let transmitBytes = 0;
  for (const entry of interfaces) {
    receiveBytes += finite(entry?.rx_bytes) ?? 0;
    transmitBytes += finite(entry?.tx_bytes) ?? 0;
  }
  return { receiveBytes, transmitBytes };
}

/** cgroup v1 spells the operations `Read`/`Write`, v2 `read`/`write`. */
function blockTotals(entries: { op?: unknown; value?: unknown }[] | null | undefined) {
  if (!Array.isArray(entries)) return undefined;

  let readBytes = 0;
  let writeBytes = 0;
  for (const entry of entries) {
    const op = typeof entry?.op === 'string' ? entry.op.toLowerCase() : '';
    const value = finite(entry?.value) ?? 0;
    if (op === 'read') readBytes += value;
    if (op === 'write') writeBytes += value;
  }
  return { readBytes, writeBytes };
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function positive(value: unknown): number | undefined {
  const number = finite(value);
  return number !== undefined && number > 0 ? number : undefined;
}
