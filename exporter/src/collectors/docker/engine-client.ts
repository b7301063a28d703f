import Docker from 'dockerode';
import { Agent } from 'node:http';
import type { Readable } from 'node:stream';
import type { DockerHost } from './docker-host.js';
import { toContainerState, type ContainerState } from './container-state.js';
import { toHealthState, type HealthState } from './engine-event.js';

/** Deadlines of single API calls; the events stream has one only until its headers arrive. */
export interface CallDeadlines {
  readonly listMs: number;
  readonly inspectMs: number;
  readonly statsMs: number;
  readonly versionMs: number;
  readonly eventsConnectMs: number;
}

export const DEFAULT_DEADLINES: CallDeadlines = {
  listMs: 10_000,
  inspectMs: 5_000,
  statsMs: 5_000,
  versionMs: 5_000,
  eventsConnectMs: 10_000,
};

/** API versions this collector has been checked against; a newer engine is spoken to as 1.52. */
const NEWEST_KNOWN_API = '1.52';

export interface EngineVersion {
  readonly version: string;
  readonly apiVersion: string;
}

/** One row of `GET /containers/json`. */
export interface ContainerSummary {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly state: ContainerState;
  readonly labels: Readonly<Record<string, string>>;
  /** Health as far as the list tells it (Docker's "Up 3 minutes (healthy)"), if at all. */
  readonly health?: HealthState;
}

/** What `GET /containers/{id}/json` adds to a summary. */
export interface ContainerDetails extends ContainerSummary {
  readonly health: HealthState;
  readonly hasHealthcheck: boolean;
  readonly restartCount: number;
  readonly oomKilled: boolean;
  readonly exitCode: number;
  readonly startedAtSeconds?: number;
}

interface RawSummary {
  Id?: string;
  Names?: string[];
  Image?: string;
  State?: string;
  Status?: string;
  Labels?: Record<string, string> | null;
  Health?: { Status?: string };
}

interface RawDetails {
  Id?: string;
  Name?: string;
  RestartCount?: number;
  State?: {
    Status?: string;
    OOMKilled?: boolean;
    ExitCode?: number;
    StartedAt?: string;
    Health?: { Status?: string } | null;
  };
  Config?: {
    Image?: string;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] };
  };
}

interface CallOptions {
  abortSignal: AbortSignal;
}

/** The dockerode calls used here, typed as dockerode 5 takes them (its typings lack signals). */
interface DockerApi {
  version(options: CallOptions): Promise<VersionBody>;
  listContainers(options: CallOptions & { all: boolean }): Promise<RawSummary[]>;
  getContainer(id: string): {
    inspect(options: CallOptions): Promise<RawDetails>;
    stats(options: CallOptions & { stream: false; 'one-shot': true }): Promise<unknown>;
  };
  getEvents(options: CallOptions & { filters: string; since?: number }): Promise<Readable>;
}

interface VersionBody {
  Version?: string;
  ApiVersion?: string;
}

/**
 * The engine API as the collector uses it: GET calls only, each under its own deadline, and no
 * socket inactivity timeout, which would cut the events stream while the engine is quiet.
 */
export class EngineClient {
  private docker: DockerApi;
  private readonly agent: Agent;
  private readonly lifetime = new AbortController();

  constructor(
    private readonly host: DockerHost,
    private readonly deadlines: CallDeadlines = DEFAULT_DEADLINES,
    maxSockets = 8,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
    this.docker = this.connect(undefined);
  }

  /** Aborts every call in flight and closes idle connections; the client is unusable after. */
  close(): void {
    this.lifetime.abort();
    this.agent.destroy();
  }

  /** Reads the engine version and speaks the API version it offers from then on. */
  async negotiate(): Promise<EngineVersion> {
    const unversioned = this.connect(undefined);
    const body = await this.call(this.deadlines.versionMs, (abortSignal) =>
      unversioned.version({ abortSignal }),
    );

    const apiVersion = body.ApiVersion ?? '1.41';
    this.docker = this.connect(`v${olderVersion(apiVersion, NEWEST_KNOWN_API)}`);
    return { version: body.Version ?? 'unknown', apiVersion };
  }

  async listContainers(): Promise<ContainerSummary[]> {
    const rows = await this.call(this.deadlines.listMs, (abortSignal) =>
      this.docker.listContainers({ all: true, abortSignal }),
    );
    return rows.flatMap((row) => {
      const summary = toSummary(row);
      return summary ? [summary] : [];
    });
  }

  /** Undefined when the container no longer exists. */
  async inspect(id: string): Promise<ContainerDetails | undefined> {
    try {
      const raw = await this.call(this.deadlines.inspectMs, (abortSignal) =>
        this.docker.getContainer(id).inspect({ abortSignal }),
      );
      return toDetails(raw);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** One-shot stats: returns at once instead of sampling twice a second apart. */
  async stats(id: string): Promise<unknown> {
    try {
      return await this.call(this.deadlines.statsMs, (abortSignal) =>
        this.docker.getContainer(id).stats({ stream: false, 'one-shot': true, abortSignal }),
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Opens the container events stream. The deadline covers only the wait for the response
   * headers; the returned stream stays open until `close` or until the engine ends it.
   */
  async events(sinceSeconds: number | undefined): Promise<{ stream: Readable; close(): void }> {
    const { abort, release } = this.abortOnClose();
    const timer = setTimeout(() => abort.abort(), this.deadlines.eventsConnectMs);

    try {
      const stream = await this.docker.getEvents({
        filters: JSON.stringify({ type: ['container'] }),
        ...(sinceSeconds === undefined ? {} : { since: sinceSeconds }),
        abortSignal: abort.signal,
      });
      return {
        stream,
        close: () => {
          release();
          abort.abort();
          stream.destroy();
        },
      };
    } catch (err) {
      release();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs one call under its own deadline; closing the client aborts it too. */
  private async call<T>(ms: number, request: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { abort, release } = this.abortOnClose();
    const timer = setTimeout(() => abort.abort(), ms);
    try {
      return await request(abort.signal);
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  /** A controller that `close` aborts, and how to stop listening for `close` once done. */
  private abortOnClose(): { abort: AbortController; release(): void } {
    const abort = new AbortController();
    const onClose = () => abort.abort();
    if (this.lifetime.signal.aborted) abort.abort();
    this.lifetime.signal.addEventListener('abort', onClose, { once: true });
    return {
      abort,
      release: () => this.lifetime.signal.removeEventListener('abort', onClose),
    };
  }

  private connect(version: string | undefined): DockerApi {
    // Every field is given so that docker-modem's own defaults (which read DOCKER_HOST,
    // DOCKER_CLIENT_TIMEOUT and DOCKER_CERT_PATH from the environment) cannot override them.
    const common = {
      version,
      timeout: undefined,
      connectionTimeout: undefined,
      ca: undefined,
      cert: undefined,
      key: undefined,
      protocol: 'http' as const,
      agent: this.agent,
    };
    if (this.host.kind === 'unix') {
      return asApi({
        ...common,
        socketPath: this.host.socketPath,
        host: undefined,
        port: undefined,
      });
    }
    return asApi({
      ...common,
      socketPath: undefined,
      host: this.host.host,
      port: this.host.port,
    });
  }
}

function asApi(options: Docker.DockerOptions): DockerApi {
  return new Docker(options) as unknown as DockerApi;
}

function toSummary(row: RawSummary): ContainerSummary | undefined {
  const state = toContainerState(row.State);
  if (!row.Id || !state) return undefined;

  return {
    id: row.Id,
    name: containerName(row.Names?.[0], row.Id),
    image: row.Image ?? '',
    state,
    labels: row.Labels ?? {},
    health: toHealthState(row.Health?.Status) ?? healthFromStatusText(row.Status),
  };
}

function toDetails(raw: RawDetails): ContainerDetails | undefined {
  const state = toContainerState(raw.State?.Status);
  if (!raw.Id || !state) return undefined;

  const test = raw.Config?.Healthcheck?.Test ?? [];
  const declaresCheck = test.length > 0 && test[0] !== 'NONE';
  const health = toHealthState(raw.State?.Health?.Status) ?? 'none';
  return {
    id: raw.Id,
    name: containerName(raw.Name, raw.Id),
    image: raw.Config?.Image ?? '',
    state,
    labels: raw.Config?.Labels ?? {},
    health,
    hasHealthcheck: declaresCheck || health !== 'none',
    restartCount: raw.RestartCount ?? 0,
    oomKilled: raw.State?.OOMKilled === true,
    exitCode: raw.State?.ExitCode ?? 0,
    startedAtSeconds: unixSeconds(raw.State?.StartedAt),
  };
}

/** Docker appends the health to the status text: "Up 4 days (healthy)". */
function healthFromStatusText(status: string | undefined): HealthState | undefined {
  const match = /\((healthy|unhealthy|health: starting)\)/i.exec(status ?? '');
  if (!match?.[1]) return undefined;
  return match[1].toLowerCase() === 'health: starting' ? 'starting' : toHealthState(match[1]);
}

function containerName(raw: string | undefined, id: string): string {
  const name = (raw ?? '').replace(/^\//, '');
  return name === '' ? id.slice(0, 12) : name;
}

/** Engines write `0001-01-01T00:00:00Z` for a time that never happened. */
function unixSeconds(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const millis = Date.parse(iso);
  if (!Number.isFinite(millis) || millis <= 0) return undefined;
  return millis / 1000;
}

function olderVersion(a: string, b: string): string {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor < bMajor || (aMajor === bMajor && aMinor <= bMinor) ? a : b;
}

function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 404;
}
