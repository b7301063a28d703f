import {
  createDataFrame,
  DataFrame,
  FieldType,
  LoadingState,
  PanelData,
  TimeRange,
} from '@grafana/data';

import { QuerySpec } from '../src/scenes/query-spec';

/** What Grafana would substitute for the built-in and page variables of the app's queries. */
export interface QueryWindow {
  range: TimeRange;
  rangeText: string;
  rateInterval: string;
  stepSeconds: number;
}

interface PromSeries {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  value?: [number, string];
}

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: PromSeries[] };
}

export function interpolate(expr: string, window: QueryWindow): string {
  return expr
    .replaceAll('$__rate_interval', window.rateInterval)
    .replaceAll('$__range', window.rangeText)
    .replaceAll('$container', '.+');
}

/**
 * Runs a panel's queries against Prometheus' HTTP API (through the preview server's proxy) and
 * returns them as frames shaped like the Prometheus data source's: one frame per series, a time
 * field and a value field carrying the labels.
 */
export async function runQueries(queries: QuerySpec[], window: QueryWindow): Promise<PanelData> {
  try {
    const frames = await Promise.all(queries.map((query) => runQuery(query, window)));
    return { state: LoadingState.Done, series: frames.flat(), timeRange: window.range };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      state: LoadingState.Error,
      series: [],
      errors: [{ message }],
      timeRange: window.range,
    };
  }
}

async function runQuery(query: QuerySpec, window: QueryWindow): Promise<DataFrame[]> {
  const params = new URLSearchParams({ query: interpolate(query.expr, window) });
  const end = window.range.to.valueOf() / 1000;
  if (query.instant) {
    params.set('time', String(end));
  } else {
    params.set('start', String(window.range.from.valueOf() / 1000));
    params.set('end', String(end));
    params.set('step', String(window.stepSeconds));
  }

  const path = query.instant ? '/api/v1/query' : '/api/v1/query_range';
  const response = await fetch(`${path}?${params}`);
  if (!response.ok && !response.headers.get('content-type')?.includes('json')) {
    throw new Error(
      `Prometheus answered HTTP ${response.status} — is PROMETHEUS_URL set to a running Prometheus?`,
    );
  }
  const body = (await response.json()) as PromResponse;
  if (body.status !== 'success' || !body.data) {
    throw new Error(`Prometheus rejected ${query.refId}: ${body.error ?? response.statusText}`);
  }

  return body.data.result.map((series) => toFrame(query.refId, series));
}

function toFrame(refId: string, series: PromSeries): DataFrame {
  const points = series.values ?? (series.value ? [series.value] : []);
  const { __name__: name, ...labels } = series.metric;
  return createDataFrame({
    refId,
    name,
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map(([time]) => time * 1000) },
      {
        name: 'Value',
        type: FieldType.number,
        values: points.map(([, value]) => Number(value)),
        labels,
      },
    ],
  });
}
