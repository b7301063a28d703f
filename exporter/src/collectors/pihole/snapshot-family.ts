import type { Metric, MetricValue, Registry } from 'prom-client';

/**
 * A metric family whose samples are computed by the collector after each read and served as
 * they are. prom-client's Counter and Histogram can only be incremented or observed one value
 * at a time; the collector already holds exact totals (a histogram's buckets included), so it
 * hands the registry finished samples instead.
 */

export type FamilyType = 'counter' | 'gauge' | 'histogram';

export type Sample = MetricValue<string> & { metricName?: string };

export class SnapshotFamily {
  samples: Sample[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: FamilyType,
  ) {}

  /** The shape prom-client's Registry reads from each metric it serialises. */
  get(): { name: string; help: string; type: FamilyType; aggregator: 'sum'; values: Sample[] } {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'sum',
      values: this.samples,
    };
  }

  reset(): void {
    this.samples = [];
  }
}

export function registerFamily(
  registry: Registry,
  name: string,
  help: string,
  type: FamilyType,
): SnapshotFamily {
  const family = new SnapshotFamily(name, help, type);
  // The registry only calls get() and reset() and reads name and type.
  registry.registerMetric(family as unknown as Metric);
  return family;
}
