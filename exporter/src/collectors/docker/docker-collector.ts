import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Readable } from 'node:stream';
import type { Collector } from '../../core/collector.js';
import { SourceError } from '../../core/errors.js';
import { Backoff } from './backoff.js';
import type { DockerHost } from './docker-host.js';
import type { CallDeadlines, EngineClient, EngineVersion } from './engine-client.js';
import { describeEngineFailure } from './engine-errors.js';
import { parseContainerEvent, type ContainerEvent } from './engine-event.js';
import type { InfoLabel } from './info-labels.js';
import { InspectQueue } from './inspect-queue.js';
import { DockerMetrics } from './metrics.js';
import { NdjsonLines } from './ndjson-lines.js';
import { StateCache } from './state-cache.js';
import { StatsSampler } from './stats-sampler.js';

export interface DockerSettings {
  host: DockerHost;
  statsIntervalSeconds: number;
  statsConcurrency: number;
  infoLabels: InfoLabel[];
}

/** Knobs that tests turn to keep their waits short; production uses the defaults. */
export interface DockerTuning {
  readonly deadlines?: CallDeadlines;
  readonly backoff?: Backoff;
}

/** Actions that change nothing the metrics show; everything else triggers a fresh inspect. */
const NO_STATE_CHANGE = new Set([
  'attach',
  'detach',
  'resize',
  'top',
  'copy',
  'archive-path',
  'extract-to-dir',
  'export',
  'commit',
  'exec_create',
  'exec_start',
  'exec_detach',
  'mount',
  'unmount',
  'checkpoint',
]);

/** How long after a health check's exec ends its result is read again. */
const HEALTH_SETTLE_MS = 1_000;

/** How many event keys are remembered to drop events replayed after a reconnect. */
const SEEN_EVENTS = 2048;

type Phase = 'connecting' | 'up' | 'down' | 'stopped';

/**
 * Container metrics from an event-driven cache: one list at connect, then the events stream;
 * a background tick re-lists (to heal missed events) and samples one-shot stats. A scrape only
 * serialises the cache.
 */
export class DockerCollector implements Collector {
  readonly name = 'docker';

  private readonly cache = new StateCache();
  private readonly metrics: DockerMetrics;
  /** Loaded on start, so that an exporter without this collector never loads dockerode. */
  private client: EngineClient | undefined;
  private readonly tuning: DockerTuning;
  private readonly inspects: InspectQueue;
  private readonly sampler: StatsSampler;
  private readonly backoff: Backoff;

  private phase: Phase = 'connecting';
  private problem: SourceError;
  private engine: EngineVersion | undefined;
  private session = 0;
  private events: { stream: Readable; close(): void } | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private lastEventSeconds: number | undefined;
  private readonly seenEvents = new Set<string>();
  private tickFailedBefore = false;
  private readonly delayedInspects = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly settings: DockerSettings,
    registry: Registry,
    private readonly logger: Logger,
    tuning: DockerTuning = {},
  ) {
    this.metrics = new DockerMetrics(registry, settings.infoLabels);
    this.tuning = tuning;
    this.inspects = new InspectQueue((id) => this.inspect(id), settings.statsConcurrency);
    this.sampler = new StatsSampler(
      (id) => this.api().stats(id),
      settings.statsConcurrency,
      (id, usage) => this.cache.setUsage(id, usage),
    );
    this.backoff = tuning.backoff ?? new Backoff();
    this.problem = new SourceError(
      `not connected to the Docker engine at ${settings.host.url} yet`,
      'wait a few seconds; if it persists, check DOCKER_HOST',
    );
  }

  /** Tries to connect once before resolving, so that the first scrape already has data. */
  async start(): Promise<void> {
    const { EngineClient } = await import('./engine-client.js');
    if (this.phase === 'stopped') return;

    this.client = new EngineClient(
      this.settings.host,
      this.tuning.deadlines,
      this.settings.statsConcurrency + 4,
    );
    await this.connect();
  }

  async stop(): Promise<void> {
    this.phase = 'stopped';
    this.session += 1;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.tickTimer);
    this.cancelDelayedInspects();
    this.closeEvents();
    this.inspects.clear();
    this.client?.close();
  }

  /** Serialises the cache only: no engine call happens here, so the signal is never needed. */
  async collect(_signal?: AbortSignal): Promise<void> {
    if (this.phase !== 'up') {
      this.metrics.clearContainers();
      throw this.problem;
    }
    this.metrics.render(this.cache, this.engine);
  }

  private api(): EngineClient {
    if (!this.client) throw new Error('the docker collector was used before start()');
    return this.client;
  }

  private async connect(): Promise<void> {
    if (this.phase === 'stopped') return;
    const session = ++this.session;

    try {
      this.engine = await this.api().negotiate();
      // Subscribe before listing, so that no change falls between the list and the stream.
      const events = await this.api().events(this.lastEventSeconds);
      if (session !== this.session) {
        events.close();
        return;
      }
      this.events = events;
      this.follow(events.stream, session);

      await this.resync();
      if (session !== this.session) return;
    } catch (err) {
      if (session === this.session) this.lose(err, session);
      return;
    }

    if (this.phase !== 'up') {
      this.logger.info(
        { host: this.settings.host.url, engine: this.engine, containers: this.cache.size },
        'connected to the Docker engine',
      );
    }
    this.phase = 'up';
    this.backoff.reset();
    this.scheduleTick(session);
  }

  /** Re-lists, inspects whatever changed, and waits for those inspects. */
  private async resync(): Promise<void> {
    const listedAt = Date.now();
    const containers = await this.api().listContainers();
    for (const id of this.cache.reconcile(containers, listedAt)) this.inspects.request(id);
    await this.inspects.idle();
  }

  private follow(stream: Readable, session: number): void {
    const lines = new NdjsonLines();
    const handle = (line: string) => {
      const event = parseContainerEvent(line);
      if (event) this.onEvent(event);
    };

    stream.on('data', (chunk: Buffer) => {
      if (session === this.session) lines.push(chunk).forEach(handle);
    });
    stream.on('end', () => {
      if (session !== this.session) return;
      lines.end().forEach(handle);
      this.lose(new Error('the engine closed the events stream'), session);
    });
    stream.on('error', (err) => {
      if (session === this.session) this.lose(err, session);
    });
    stream.on('close', () => {
      if (session === this.session) this.lose(new Error('the events stream closed'), session);
    });
  }

  private onEvent(event: ContainerEvent): void {
    if (this.seenEvents.has(event.key)) return;
    this.remember(event.key);
    this.lastEventSeconds = Math.max(
      this.lastEventSeconds ?? 0,
      Number(event.timeNano / 10n ** 9n),
    );
    this.cache.countEvent(event.action);

    const id = event.containerId;
    if (event.action === 'destroy') {
      this.cache.remove(id);
      return;
    }
    if (this.cache.wasRemoved(id)) return;
    if (event.action === 'rename' && event.name) this.cache.rename(id, event.name);

    if (event.action === 'health_status' && event.health) {
      this.cache.setHealth(id, event.health);
      return;
    }
    // Podman 4 announces no health change after a check; a check is an exec, so its end is
    // the moment to read the health again, and once more a moment later because Podman
    // records the result only after the exec has ended.
    if (event.action === 'exec_die') {
      if (this.cache.get(id)?.hasHealthcheck) {
        this.inspects.request(id);
        this.inspectLater(id);
      }
      return;
    }
    if (!NO_STATE_CHANGE.has(event.action)) this.inspects.request(id);
  }

  private inspectLater(id: string): void {
    if (this.delayedInspects.has(id)) return;
    const timer = setTimeout(() => {
      this.delayedInspects.delete(id);
      this.inspects.request(id);
    }, HEALTH_SETTLE_MS);
    this.delayedInspects.set(id, timer);
  }

  private cancelDelayedInspects(): void {
    for (const timer of this.delayedInspects.values()) clearTimeout(timer);
    this.delayedInspects.clear();
  }

  private remember(key: string): void {
    this.seenEvents.add(key);
    if (this.seenEvents.size <= SEEN_EVENTS) return;
    const oldest = this.seenEvents.values().next().value;
    if (oldest !== undefined) this.seenEvents.delete(oldest);
  }

  private async inspect(id: string): Promise<void> {
    const session = this.session;
    try {
      const details = await this.api().inspect(id);
      if (session !== this.session) return;
      if (details) this.cache.applyDetails(details);
      else this.cache.remove(id);
    } catch (err) {
      // The next re-list asks again; an engine that is gone shows up there.
      this.logger.debug({ err, id }, 'container inspect failed');
    }
  }

  private scheduleTick(session: number): void {
    const intervalMs = this.settings.statsIntervalSeconds * 1000;
    this.tickTimer = setTimeout(() => void this.tick(session), intervalMs);
  }

  private async tick(session: number): Promise<void> {
    if (session !== this.session) return;
    try {
      await this.resync();
      if (session !== this.session) return;
      // The list does not tell every engine's health: read it for the checked containers.
      for (const id of this.cache.healthCheckedIds()) this.inspects.request(id);

      const outcome = await this.sampler.sample(this.cache.activeIds());
      if (outcome.failed > 0) {
        this.logger.debug({ err: outcome.firstError, failed: outcome.failed }, 'stats failed');
      }
    } catch (err) {
      if (session !== this.session) return;
      // An engine that answers with a server error is there; one such answer (Podman can fail
      // a list while a container is being removed) is retried at the next tick.
      if (isServerError(err) && !this.tickFailedBefore) {
        this.tickFailedBefore = true;
        this.logger.debug({ err }, 're-list failed, retrying at the next tick');
        this.scheduleTick(session);
        return;
      }
      this.lose(err, session);
      return;
    }
    this.tickFailedBefore = false;
    if (session === this.session) this.scheduleTick(session);
  }

  /** The engine went away: report down, drop the stream, and come back after a backoff. */
  private lose(err: unknown, session: number): void {
    if (session !== this.session || this.phase === 'stopped') return;
    this.session += 1;

    const problem = describeEngineFailure(err, this.settings.host);
    const changed = this.phase === 'up' || problem.message !== this.problem.message;
    this.phase = 'down';
    this.problem = problem;
    if (changed) {
      this.logger.warn({ problem: problem.message, hint: problem.hint }, 'lost the Docker engine');
    }

    clearTimeout(this.tickTimer);
    this.cancelDelayedInspects();
    this.closeEvents();
    this.inspects.clear();

    const delay = this.backoff.next();
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private closeEvents(): void {
    this.events?.close();
    this.events = undefined;
  }
}

function isServerError(err: unknown): boolean {
  const status = (err as { statusCode?: number } | null)?.statusCode;
  return status !== undefined && status >= 500;
}
