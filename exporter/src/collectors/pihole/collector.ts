import { statSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Collector } from '../../core/collector.js';
import type { SourceError } from '../../core/errors.js';
import { ClientLabels } from './client-labels.js';
import { FtlDatabase, fileIdentity, sameFile, type FileIdentity } from './ftl-database.js';
import { GravityCount } from './gravity.js';
import { IncrementalReader } from './incremental-reader.js';
import { LinkNames } from './link-names.js';
import { PiholeMetrics } from './metrics.js';
import { QueryTotals } from './query-totals.js';
import { RollingWindow } from './rolling-window.js';
import { describeOpenError, isBusy, missingDatabase } from './source-errors.js';
import { TextRefs } from './text-refs.js';

export interface PiholeSettings {
  ftlDb: string;
  gravityDb: string;
  topN: number;
  maxClients: number;
  compatMetrics: boolean;
  hostname: string;
}

/** Knobs for tests and benchmarks; the defaults are what the exporter runs with. */
export interface PiholeTuning {
  /** Current time in Unix seconds. */
  readonly now?: () => number;
  /**
   * How long one read waits for a writer's lock. better-sqlite3 waits synchronously, so this
   * bounds how long a locked database can stall the event loop per scrape.
   */
  readonly busyTimeoutMs?: number;
  /**
   * Ids per read. Small reads keep the event loop free (a few milliseconds each) and keep the
   * values they return in V8's young generation, so a large first read does not grow the heap.
   */
  readonly chunkIds?: number;
  /** How long a locked database is served from the last values before it counts as down. */
  readonly busyGraceMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 100;
const DEFAULT_CHUNK_IDS = 8_000;
const DEFAULT_BUSY_GRACE_MS = 120_000;
/** A read this long (the first read of a big file) leaves tens of MB of garbage behind. */
const LARGE_READ_IDS = 100_000;

/** Everything derived from one database file; a replaced file starts a new one. */
class FileState {
  readonly totals = new QueryTotals();
  readonly window = new RollingWindow();
  readonly texts = new TextRefs();
  readonly names = new LinkNames(this.texts);
  readonly reader: IncrementalReader;
  readonly clientLabels: ClientLabels;
  windowFirstId?: number;
  lastTextRowId?: number | null;
  seeded = false;
  /** Grows whenever rows are read or minutes leave the window: the samples must be rebuilt. */
  revision = 0;

  constructor(
    readonly identity: FileIdentity,
    startAfterId: number,
    maxClients: number,
  ) {
    this.reader = new IncrementalReader(this.totals, this.window, this.texts, startAfterId);
    this.clientLabels = new ClientLabels(maxClients);
  }
}

export class PiholeCollector implements Collector {
  readonly name = 'pihole';
  private readonly metrics: PiholeMetrics;
  private readonly gravity: GravityCount;
  private readonly now: () => number;
  private readonly busyTimeoutMs: number;
  private readonly chunkIds: number;
  private readonly busyGraceMs: number;
  private db?: FtlDatabase;
  private state?: FileState;
  private running?: Promise<void>;
  private published?: { state: FileState; revision: number };
  private problem?: SourceError;
  private busySince?: number;
  private stopped = false;

  constructor(
    private readonly settings: PiholeSettings,
    registry: Registry,
    private readonly logger: Logger,
    tuning: PiholeTuning = {},
  ) {
    this.now = tuning.now ?? (() => Date.now() / 1000);
    this.busyTimeoutMs = tuning.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    this.chunkIds = tuning.chunkIds ?? DEFAULT_CHUNK_IDS;
    this.busyGraceMs = tuning.busyGraceMs ?? DEFAULT_BUSY_GRACE_MS;
    this.metrics = new PiholeMetrics(registry, settings.compatMetrics, settings.hostname);
    this.gravity = new GravityCount(settings.gravityDb, this.busyTimeoutMs);
  }

  /** Starts reading the existing rows at once, so that the first scrape finds them counted. */
  async start(): Promise<void> {
    this.stopped = false;
    void this.refresh();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    this.closeDatabase();
  }

  async collect(): Promise<void> {
    await this.refresh();
    if (this.problem) throw this.problem;
  }

  /** One refresh at a time; a scrape that arrives meanwhile waits for the running one. */
  private refresh(): Promise<void> {
    this.running ??= this.readSource().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async readSource(): Promise<void> {
    try {
      const db = this.openCurrentFile();
      await this.readNewRows(db);
      if (this.stopped) return;
      this.publish(db);
      this.recovered();
    } catch (err) {
      this.failed(err);
    }
  }

  /** Opens the file at the configured path; a different file there restarts the counters. */
  private openCurrentFile(): FtlDatabase {
    const path = this.settings.ftlDb;
    const identity = fileIdentity(path);
    if (!identity) {
      this.closeDatabase();
      throw missingDatabase(path);
    }

    if (this.db && !sameFile(this.db.identity, identity)) this.closeDatabase();
    if (!this.db) this.db = FtlDatabase.open(path, this.busyTimeoutMs);

    if (this.state && !sameFile(this.state.identity, identity)) {
      this.logger.warn({ path }, 'database file was replaced; counters restart from its rows');
      this.state = undefined;
    }
    return this.db;
  }

  private async readNewRows(db: FtlDatabase): Promise<void> {
    const highWater = db.highWater();
    let state = this.state;

    if (state && highWater !== null && highWater < state.reader.cursor) {
      this.logger.warn(
        { path: db.path, cursor: state.reader.cursor, highWater },
        'query ids went backwards: database was replaced; counters restart from its rows',
      );
      state = undefined;
    }
    if (!state) {
      state = new FileState(db.identity, this.firstCursor(db), this.settings.maxClients);
      this.state = state;
      this.metrics.clearCounters();
    }

    state.names.refresh(db);
    const now = this.now();
    const windowCutoff = state.window.cutoff(now);
    const lastId = highWater ?? state.reader.cursor;
    state.windowFirstId ??= db.firstIdSince(windowCutoff) ?? lastId + 1;
    if (state.lastTextRowId === undefined) {
      state.lastTextRowId = db.lastTextRowId(state.reader.cursor + 1, lastId);
    }
    const guardedUpTo = db.linkIdsFitKey() ? (state.lastTextRowId ?? -Infinity) : Infinity;

    const cursorBefore = state.reader.cursor;
    while (state.reader.cursor < lastId && !this.stopped) {
      state.reader.readChunk(db, {
        lastId: Math.min(lastId, state.reader.cursor + this.chunkIds),
        windowCutoff,
        windowFirstId: state.windowFirstId,
        upstreamIds: state.names.upstreamIds(),
        guardedUpTo,
      });
      if (state.reader.cursor < lastId) await yieldToEventLoop();
    }

    state.reader.flush();
    if (state.reader.cursor - cursorBefore > LARGE_READ_IDS) releaseReadGarbage();
    const expired = state.window.expire(now);
    if (expired || state.reader.cursor !== cursorBefore) state.revision += 1;
    if (!this.stopped) state.seeded = true;
  }

  private firstCursor(db: FtlDatabase): number {
    // v6 numbers queries from 0 and v5 from 1; starting below the lowest id keeps the first row.
    return (db.lowestId() ?? 0) - 1;
  }

  private publish(db: FtlDatabase): void {
    const state = this.state;
    if (!state?.seeded) return;

    const lifetime = db.lifetimeCounters();
    const newestTimestamp = db.newestTimestamp();
    const networkDevices = db.networkDevices();
    const sizeBytes = statSync(db.path).size;

    const changed = this.published?.state !== state || this.published.revision !== state.revision;
    if (changed) {
      this.metrics.publishCounters({
        totals: state.totals,
        names: state.names,
        clientLabels: state.clientLabels,
      });
    }
    this.metrics.publishLifetime(lifetime);
    this.metrics.publishGauges(
      {
        window: state.window.totals,
        names: state.names,
        domainName: (ref) => state.names.domain(db, ref),
        topN: this.settings.topN,
        schemaVersion: db.schema.version,
        sizeBytes,
        newestTimestamp,
        networkDevices,
        gravity: this.gravity.read(),
      },
      changed,
    );
    this.published = { state, revision: state.revision };
  }

  private recovered(): void {
    if (this.problem || this.busySince !== undefined) {
      this.logger.info({ path: this.settings.ftlDb }, 'database is readable again');
    }
    this.problem = undefined;
    this.busySince = undefined;
  }

  private failed(err: unknown): void {
    if (isBusy(err)) {
      this.databaseBusy(err);
      return;
    }

    const problem = describeOpenError(err, this.settings.ftlDb);
    if (problem.message !== this.problem?.message) {
      this.logger.warn({ err, path: this.settings.ftlDb }, 'cannot read the Pi-hole database');
    }
    this.problem = problem;
    this.closeDatabase();
    this.metrics.clearGauges();
  }

  /**
   * A writer holds the lock: serve the last values, and report down only if it lasts, or if
   * there are no values yet to serve.
   */
  private databaseBusy(err: unknown): void {
    const now = Date.now();
    if (this.busySince === undefined) {
      this.busySince = now;
      this.logger.warn({ path: this.settings.ftlDb }, 'database is locked; serving last values');
    }
    if (!this.state?.seeded || now - this.busySince >= this.busyGraceMs) {
      this.problem = describeOpenError(err, this.settings.ftlDb);
    }
  }

  private closeDatabase(): void {
    this.db?.close();
    this.db = undefined;
  }
}

/**
 * V8 keeps the garbage of a long read for many seconds and lets the resident size grow by it;
 * when node runs with --expose-gc (as the CLI does), one full collection returns it at once.
 */
function releaseReadGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
