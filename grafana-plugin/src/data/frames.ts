import { DataFrame, FieldType, Labels, LoadingState, PanelData } from '@grafana/data';

/** One time series read from a data frame: its labels, points and latest value. */
export interface Series {
  refId: string;
  labels: Labels;
  times: number[];
  values: Array<number | null>;
  last: number | null;
}

export type PanelStatus =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'empty' } | { kind: 'ready' };

/**
 * Reads the series of every frame (optionally only those of one query). Each numeric field is a
 * series, so both one-series-per-frame and wide frames from the Prometheus data source work.
 */
export function readSeries(frames: DataFrame[], refId?: string): Series[] {
  const series: Series[] = [];

  for (const frame of frames) {
    if (refId !== undefined && frame.refId !== refId) {
      continue;
    }

    const timeField = frame.fields.find((field) => field.type === FieldType.time);
    const times = timeField ? Array.from(timeField.values, Number) : [];

    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const values = Array.from(field.values, toNumberOrNull);
      series.push({
        refId: frame.refId ?? '',
        labels: { ...field.labels },
        times,
        values,
        last: lastFinite(values),
      });
    }
  }

  return series;
}

/** Decides whether a panel shows its content, an error, an empty state or a loading hint. */
export function panelStatus(data: PanelData): PanelStatus {
  const errors = data.errors ?? (data.error ? [data.error] : []);
  if (data.state === LoadingState.Error || errors.length > 0) {
    const message = errors.map((error) => error.message ?? 'unknown error').join('; ');
    return { kind: 'error', message: message || 'the query failed' };
  }

  const hasValues = data.series.some((frame) => frame.length > 0);
  if (hasValues) {
    return { kind: 'ready' };
  }

  if (data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
    return { kind: 'loading' };
  }

  return { kind: 'empty' };
}

export function lastFinite(values: Array<number | null>): number | null {
  for (let index = values.length - 1; index >= 0; index--) {
    const value = values[index];
    if (value !== null && value !== undefined && Number.isFinite(value)) {
      return value;
    }
  }
  return null;
}

/** The latest value of the first series of a query, or null when the query returned nothing. */
export function latestOf(frames: DataFrame[], refId: string): number | null {
  return readSeries(frames, refId)[0]?.last ?? null;
}

function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  const number = Number(value);
  return Number.isNaN(number) ? null : number;
}
