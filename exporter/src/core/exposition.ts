/** Serialises metric families in the two formats Prometheus understands. */

/** The shape prom-client's `Registry.getMetricsAsJSON()` returns. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values: readonly MetricSample[];
}

export interface MetricSample {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  /** Set for histogram and summary samples: `_bucket`, `_sum`, `_count`. */
  readonly metricName?: string;
}

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE =
  'application/openmetrics-text; version=1.0.0; charset=utf-8';

export function prefersOpenMetrics(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('application/openmetrics-text');
}

export function formatText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];

  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.values) {
      lines.push(formatSample(sample.metricName ?? family.name, sample));
    }
  }

  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** OpenMetrics names a counter family without `_total` and its samples with it. */
export function formatOpenMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];

  for (const family of families) {
    const isCounter = family.type === 'counter';
    const familyName = isCounter ? family.name.replace(/_total$/, '') : family.name;
    lines.push(`# TYPE ${familyName} ${family.type}`);
    lines.push(`# HELP ${familyName} ${escapeHelp(family.help)}`);
    for (const sample of family.values) {
      const sampleName = isCounter ? `${familyName}_total` : (sample.metricName ?? family.name);
      lines.push(formatSample(sampleName, sample));
    }
  }

  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function formatSample(name: string, sample: MetricSample): string {
  const labels = Object.entries(sample.labels)
    .filter(([, value]) => value !== undefined)
    .map(([label, value]) => `${label}="${escapeLabelValue(String(value))}"`);
  const labelText = labels.length > 0 ? `{${labels.join(',')}}` : '';
  return `${name}${labelText} ${formatNumber(sample.value)}`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
