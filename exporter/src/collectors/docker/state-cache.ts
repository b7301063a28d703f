import { CONTAINER_STATES, type ContainerState } from './container-state.js';
import type { ContainerDetails, ContainerSummary } from './engine-client.js';
import type { HealthState } from './engine-event.js';
import type { Usage } from './usage.js';

export interface ContainerRecord {
  readonly id: string;
  name: string;
  image: string;
  labels: Readonly<Record<string, string>>;
  state: ContainerState;
  health: HealthState;
  hasHealthcheck: boolean;
  restartCount: number;
  oomKilled: boolean;
  exitCode: number;
  startedAtSeconds?: number;
  /** False until an inspect has filled the fields the list does not carry. */
  detailed: boolean;
  usage?: Usage;
  /** When the record was last changed, in ms; a re-list older than this cannot remove it. */
  touchedAt: number;
}

/** How long a removed container's id is remembered so a late inspect cannot bring it back. */
const REMOVED_MEMORY_MS = 10 * 60_000;

/**
 * What the collector knows about every container, kept current by events, inspects and periodic
 * re-lists. A scrape only reads it.
 */
export class StateCache {
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly removed = new Map<string, number>();
  private readonly eventCounts = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.containers.size;
  }

  get(id: string): ContainerRecord | undefined {
    return this.containers.get(id);
  }

  records(): IterableIterator<ContainerRecord> {
    return this.containers.values();
  }

  events(): ReadonlyMap<string, number> {
    return this.eventCounts;
  }

  countEvent(action: string): void {
    this.eventCounts.set(action, (this.eventCounts.get(action) ?? 0) + 1);
  }

  wasRemoved(id: string): boolean {
    return this.removed.has(id);
  }

  /**
   * Aligns the cache with a full list requested at `listedAt`: adds new containers, drops the
   * ones the engine no longer has, and returns the ids whose details must be (re)read.
   */
  reconcile(list: readonly ContainerSummary[], listedAt: number): string[] {
    const stale: string[] = [];
    const listed = new Set<string>();

    for (const summary of list) {
      listed.add(summary.id);
      if (this.removed.has(summary.id)) continue;

      const record = this.containers.get(summary.id);
      if (!record) {
        this.containers.set(summary.id, this.fromSummary(summary));
        stale.push(summary.id);
        continue;
      }
      if (record.touchedAt > listedAt) continue;
      if (differs(record, summary)) {
        record.state = summary.state;
        record.name = summary.name;
        this.touch(record);
        stale.push(summary.id);
      } else if (!record.detailed) {
        stale.push(summary.id);
      }
    }

    for (const record of this.containers.values()) {
      if (!listed.has(record.id) && record.touchedAt <= listedAt) this.containers.delete(record.id);
    }
    this.forgetOldRemovals();
    return stale;
  }

  /** Stores an inspect result, unless the container was removed while it was being read. */
  applyDetails(details: ContainerDetails): void {
    if (this.removed.has(details.id)) return;

    const previous = this.containers.get(details.id);
    const record: ContainerRecord = {
      ...details,
      detailed: true,
      usage: isActive(details.state) ? previous?.usage : undefined,
      touchedAt: this.now(),
    };
    this.containers.set(details.id, record);
  }

  remove(id: string): void {
    this.containers.delete(id);
    this.removed.set(id, this.now());
  }

  rename(id: string, name: string): void {
    const record = this.containers.get(id);
    if (!record || record.name === name) return;
    record.name = name;
    this.touch(record);
  }

  setHealth(id: string, health: HealthState): void {
    const record = this.containers.get(id);
    if (!record) return;
    record.health = health;
    record.hasHealthcheck = record.hasHealthcheck || health !== 'none';
    this.touch(record);
  }

  setUsage(id: string, usage: Usage | undefined): void {
    const record = this.containers.get(id);
    if (!record) return;
    record.usage = usage && isActive(record.state) ? usage : undefined;
  }

  /** Containers whose usage the sampler reads: running ones, and paused ones that hold memory. */
  activeIds(): string[] {
    return [...this.containers.values()].filter((r) => isActive(r.state)).map((r) => r.id);
  }

  /** Running containers with a health check, whose health can change without an event. */
  healthCheckedIds(): string[] {
    return [...this.containers.values()]
      .filter((record) => record.hasHealthcheck && record.state === 'running')
      .map((record) => record.id);
  }

  stateCounts(): Map<ContainerState, number> {
    const counts = new Map<ContainerState, number>(CONTAINER_STATES.map((state) => [state, 0]));
    for (const record of this.containers.values()) {
      counts.set(record.state, (counts.get(record.state) ?? 0) + 1);
    }
    return counts;
  }

  private fromSummary(summary: ContainerSummary): ContainerRecord {
    return {
      id: summary.id,
      name: summary.name,
      image: summary.image,
      labels: summary.labels,
      state: summary.state,
      health: summary.health ?? 'none',
      hasHealthcheck: summary.health !== undefined && summary.health !== 'none',
      restartCount: 0,
      oomKilled: false,
      exitCode: 0,
      detailed: false,
      touchedAt: this.now(),
    };
  }

  private touch(record: ContainerRecord): void {
    record.touchedAt = this.now();
    if (!isActive(record.state)) record.usage = undefined;
  }

  private forgetOldRemovals(): void {
    const horizon = this.now() - REMOVED_MEMORY_MS;
    for (const [id, removedAt] of this.removed) {
      if (removedAt < horizon) this.removed.delete(id);
    }
  }
}

function isActive(state: ContainerState): boolean {
  return state === 'running' || state === 'paused';
}

function differs(record: ContainerRecord, summary: ContainerSummary): boolean {
  return (
    record.state !== summary.state ||
    record.name !== summary.name ||
    (summary.health !== undefined && summary.health !== record.health)
  );
}
