import pino, { type Logger } from 'pino';
import { Registry } from 'prom-client';
import { loadSettings } from '../../../config/settings.js';
import type { MetricFamily } from '../../../core/exposition.js';
import { PiholeCollector, type PiholeTuning } from '../collector.js';
import { piholeCollector } from '../plugin.js';

/** Builds the Pi-hole collector the way the exporter does, for tests and benchmarks. */

export interface Harness {
  readonly collector: PiholeCollector;
  readonly registry: Registry;
  /** Collects once and returns the families a scrape would serve. */
  scrape(): Promise<MetricFamily[]>;
}

export function createHarness(
  env: Record<string, string>,
  tuning: PiholeTuning = {},
  logger: Logger = pino({ level: 'silent' }),
): Harness {
  const registry = new Registry();
  const settings = loadSettings(piholeCollector.settings, { env, flags: new Map() });
  const collector = new PiholeCollector(settings, registry, logger, tuning);
  return {
    collector,
    registry,
    async scrape() {
      await collector.collect();
      return (await registry.getMetricsAsJSON()) as unknown as MetricFamily[];
    },
  };
}

/** Sample values of one family, keyed by their labels in a stable text form. */
export function samplesOf(families: MetricFamily[], name: string): Map<string, number> {
  const family = families.find((candidate) => candidate.name === name);
  const samples = new Map<string, number>();
  for (const sample of family?.values ?? []) {
    const metricName = (sample as { metricName?: string }).metricName ?? name;
    samples.set(`${metricName}${labelText(sample.labels)}`, sample.value);
  }
  return samples;
}

export function labelText(labels: Record<string, unknown>): string {
  const entries = Object.entries(labels)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${String(value)}"`).join(',')}}`;
}
