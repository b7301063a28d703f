import { Gauge, Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Collector } from './collector.js';
import { SourceError } from './errors.js';
import type { MetricFamily } from './exposition.js';

export interface CollectorProblem {
  readonly message: string;
  readonly hint: string;
}

export interface CollectorStatus {
  readonly name: string;
  readonly up: boolean;
  readonly started: boolean;
  readonly problem?: CollectorProblem;
  readonly durationSeconds?: number;
  readonly lastSuccessAt?: string;
}

export interface CollectorEntry {
  readonly collector: Collector;
  readonly registry: Registry;
  readonly logger: Logger;
}

interface CollectorState {
  started: boolean;
  up: boolean;
  problem?: CollectorProblem;
  durationSeconds?: number;
  lastSuccessAt?: Date;
  inFlight?: Promise<void>;
}

const NOT_SCRAPED: CollectorProblem = {
  message: 'not collected yet',
  hint: 'wait for the first scrape, or open /metrics once',
};

/**
 * Runs the enabled collectors. Each scrape collects from all of them at once, each under the
 * same deadline; a collector that fails or overruns is reported down while the scrape goes on.
 */
export class CollectorSet {
  private readonly states = new Map<string, CollectorState>();
  private readonly up: Gauge<'collector'>;
  private readonly duration: Gauge<'collector'>;

  constructor(
    private readonly entries: readonly CollectorEntry[],
    private readonly coreRegistry: Registry,
    private readonly logger: Logger,
  ) {
    this.up = new Gauge({
      name: 'glass_collector_up',
      help: 'Whether the collector could read its source at the last scrape (1) or not (0).',
      labelNames: ['collector'],
      registers: [coreRegistry],
    });
    this.duration = new Gauge({
      name: 'glass_collector_duration_seconds',
      help: 'How long the collector took at the last scrape, capped by the scrape deadline.',
      labelNames: ['collector'],
      registers: [coreRegistry],
    });

    for (const { collector } of entries) {
      this.states.set(collector.name, { started: false, up: false, problem: NOT_SCRAPED });
      this.up.set({ collector: collector.name }, 0);
    }
  }

  get ready(): boolean {
    return [...this.states.values()].every((state) => state.started);
  }

  async startAll(): Promise<void> {
    await Promise.all(
      this.entries.map(async ({ collector, logger }) => {
        const state = this.stateOf(collector);
        try {
          await collector.start();
        } catch (err) {
          state.problem = describe(err);
          logger.error({ err }, 'collector failed to start');
        }
        state.started = true;
      }),
    );
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.entries.map(async ({ collector, logger }) => {
        try {
          await collector.stop();
        } catch (err) {
          logger.warn({ err }, 'collector failed to stop cleanly');
        }
      }),
    );
  }

  /** Collects from every collector within `deadlineMs` and returns all metric families. */
  async scrape(deadlineMs: number): Promise<MetricFamily[]> {
    await Promise.all(this.entries.map((entry) => this.collectOne(entry, deadlineMs)));

    const registries = [this.coreRegistry, ...this.entries.map((entry) => entry.registry)];
    const families = await Promise.all(registries.map((registry) => registry.getMetricsAsJSON()));
    return families.flat() as unknown as MetricFamily[];
  }

  statuses(): CollectorStatus[] {
    return this.entries.map(({ collector }) => {
      const state = this.stateOf(collector);
      return {
        name: collector.name,
        up: state.up,
        started: state.started,
        problem: state.problem,
        durationSeconds: state.durationSeconds,
        lastSuccessAt: state.lastSuccessAt?.toISOString(),
      };
    });
  }

  private async collectOne(entry: CollectorEntry, deadlineMs: number): Promise<void> {
    const { collector, logger } = entry;
    const state = this.stateOf(collector);
    const startedAt = performance.now();

    const outcome = await this.runWithDeadline(entry, state, deadlineMs);

    const seconds = (performance.now() - startedAt) / 1000;
    state.durationSeconds = seconds;
    this.duration.set({ collector: collector.name }, seconds);
    this.up.set({ collector: collector.name }, outcome.ok ? 1 : 0);

    if (outcome.ok) {
      if (!state.up) logger.info({ durationSeconds: seconds }, 'collector is up');
      state.up = true;
      state.problem = undefined;
      state.lastSuccessAt = new Date();
      return;
    }

    const problem = describe(outcome.error);
    const changed = state.up || state.problem?.message !== problem.message;
    if (changed) logger.warn({ problem: problem.message, hint: problem.hint }, 'collector is down');
    state.up = false;
    state.problem = problem;
  }

  /** One collect per collector at a time: an overlapping scrape waits for the running one. */
  private async runWithDeadline(
    { collector }: CollectorEntry,
    state: CollectorState,
    deadlineMs: number,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;

    if (!state.inFlight) {
      state.inFlight = collector.collect(abort.signal).finally(() => {
        state.inFlight = undefined;
      });
    }

    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new DeadlineExceeded(collector.name, deadlineMs));
      }, deadlineMs);
    });

    try {
      await Promise.race([state.inFlight, deadline]);
      return { ok: true };
    } catch (error) {
      return { ok: false, error };
    } finally {
      clearTimeout(timer);
    }
  }

  private stateOf(collector: Collector): CollectorState {
    const state = this.states.get(collector.name);
    if (!state) throw new Error(`collector ${collector.name} is not part of this set`);
    return state;
  }
}

class DeadlineExceeded extends SourceError {
  constructor(collector: string, deadlineMs: number) {
    super(
      `the ${collector} collector did not finish within ${deadlineMs} ms`,
      'the source is slow or hanging; its last values are served meanwhile. ' +
        'Check the source, or raise GLASS_COLLECTOR_TIMEOUT_SECONDS',
    );
  }
}

function describe(error: unknown): CollectorProblem {
  if (error instanceof SourceError) return { message: error.message, hint: error.hint };

  const message = error instanceof Error ? error.message : String(error);
  return { message, hint: 'an unexpected error; the exporter log has the details' };
}
