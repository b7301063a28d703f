import pino from 'pino';
import { Registry } from 'prom-client';
import { loadSettings } from '../../../config/settings.js';
import type { Collector } from '../../../core/collector.js';
import { dockerCollector } from '../plugin.js';

/** A docker collector built the way the exporter builds it, with its own registry. */
export interface CollectorUnderTest {
  readonly collector: Collector;
  readonly registry: Registry;
  /** Collects for one scrape; resolves to the error when the collector reports its source down. */
  scrape(): Promise<Error | undefined>;
  /** The value of one series, undefined when the series is absent. */
  value(metric: string, labels: Record<string, string>): Promise<number | undefined>;
}

export async function startCollector(env: Record<string, string>): Promise<CollectorUnderTest> {
  const registry = new Registry();
  const settings = loadSettings(dockerCollector.settings, { env, flags: new Map() });
  const collector = dockerCollector.create(settings, {
    registry,
    logger: pino({ level: 'silent' }),
  });
  await collector.start();

  return {
    collector,
    registry,
    async scrape() {
      try {
        await collector.collect(AbortSignal.timeout(5_000));
        return undefined;
      } catch (err) {
        return err as Error;
      }
    },
    async value(metric, labels) {
      const family = (await registry.getMetricsAsJSON()).find((entry) => entry.name === metric);
      const match = family?.values.find((sample) =>
        Object.entries(labels).every(([key, wanted]) => String(sample.labels[key]) === wanted),
      );
      return match?.value;
    },
  };
}
