import { describe, expect, it } from 'vitest';
import { usageFromStats } from './usage.js';

// Stats bodies shaped as the engines send them (values shortened).

const dockerCgroupV1 = {
  cpu_stats: { cpu_usage: { total_usage: 2_500_000_000 }, system_cpu_usage: 9e12 },
  memory_stats: {
    usage: 100_000_000,
    limit: 2_000_000_000,
    stats: { total_inactive_file: 30_000_000, cache: 40_000_000 },
  },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, eth1: { rx_bytes: 5, tx_bytes: 7 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { major: 8, minor: 0, op: 'Read', value: 4096 },
      { major: 8, minor: 0, op: 'Write', value: 8192 },
      { major: 8, minor: 16, op: 'Read', value: 1 },
      { major: 8, minor: 0, op: 'Total', value: 12288 },
    ],
  },
  pids_stats: { current: 7 },
};

const dockerCgroupV2 = {
  cpu_stats: { cpu_usage: { total_usage: 1_000_000_000 } },
  memory_stats: { usage: 50_000_000, limit: 8e9, stats: { inactive_file: 10_000_000, anon: 1 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { major: 254, minor: 0, op: 'read', value: 100 },
      { major: 254, minor: 0, op: 'write', value: 300 },
    ],
  },
  pids_stats: { current: 2 },
};

const podman43 = {
  cpu_stats: { cpu_usage: { total_usage: 33_050_516, percpu_usage: [1, 2] }, online_cpus: 2 },
  memory_stats: { usage: 1_826_816, limit: 25_276_071_936 },
  blkio_stats: { io_service_bytes_recursive: [] },
  networks: { network: { rx_bytes: 0, tx_bytes: 0 } },
  pids_stats: { current: 1 },
};

describe('usage from a stats body', () => {
  it('reads Docker on cgroup v1: working set without inactive file, I/O per direction', () => {
    expect(usageFromStats(dockerCgroupV1)).toEqual({
      cpuSeconds: 2.5,
      memoryUsageBytes: 100_000_000,
      memoryWorkingSetBytes: 70_000_000,
      memoryLimitBytes: 2_000_000_000,
      network: { receiveBytes: 1005, transmitBytes: 207 },
      block: { readBytes: 4097, writeBytes: 8192 },
      pids: 7,
    });
  });

  it('reads Docker on cgroup v2, which has no network when the container has none', () => {
    const usage = usageFromStats(dockerCgroupV2);
    expect(usage?.memoryWorkingSetBytes).toBe(40_000_000);
    expect(usage?.block).toEqual({ readBytes: 100, writeBytes: 300 });
    expect(usage?.network).toBeUndefined();
  });

  it('takes Podman memory as the working set, since Podman already subtracts the cache', () => {
    const usage = usageFromStats(podman43);
    expect(usage?.cpuSeconds).toBeCloseTo(0.033050516, 9);
    expect(usage?.memoryWorkingSetBytes).toBe(1_826_816);
    expect(usage?.block).toEqual({ readBytes: 0, writeBytes: 0 });
  });

  it('never reports a working set above usage or below zero', () => {
    const body = structuredClone(dockerCgroupV1);
    body.memory_stats.stats.total_inactive_file = 500_000_000;
    expect(usageFromStats(body)?.memoryWorkingSetBytes).toBe(100_000_000);
  });

  it('gives nothing for a container that is not running', () => {
    expect(usageFromStats({ id: 'abc', name: '/web', os_type: 'linux' })).toBeUndefined();
    expect(usageFromStats(undefined)).toBeUndefined();
  });
});
