import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SettingsSpec } from '../config/settings.js';

/**
 * What the core hands to a collector: a registry of its own, served on every scrape exactly as
 * the collector leaves it, and a logger bound to the collector's name.
 */
export interface CollectorContext {
  readonly registry: Registry;
  readonly logger: Logger;
}

/**
 * One source of metrics. The core reports `glass_collector_up` and
 * `glass_collector_duration_seconds` for it; the collector only keeps its registry current.
 */
export interface Collector {
  readonly name: string;

  /**
   * Begins background work (connections, event streams, samplers). Resolves once started, even
   * when the source is not reachable yet: an unreachable source is reported by `collect`.
   */
  start(): Promise<void>;

  /** Ends all background work and releases every handle. */
  stop(): Promise<void>;

  /**
   * Brings the registry up to date for a scrape. Throws a `SourceError` when the source is
   * unavailable; before throwing, removes series that would now be misleading. The signal is
   * aborted when the scrape deadline passes; the core serves the registry as it is by then.
   */
  collect(signal: AbortSignal): Promise<void>;
}

/** A collector as the core discovers it: its name, its settings and how to build it. */
export interface CollectorPlugin<S extends object = Record<string, unknown>> {
  readonly name: string;
  readonly settings: SettingsSpec<S>;
  create(settings: S, context: CollectorContext): Collector;
}

/** Keeps the settings type of each plugin while letting the core hold them in one list. */
export function defineCollector<S extends object>(plugin: CollectorPlugin<S>): CollectorPlugin<S> {
  return plugin;
}
