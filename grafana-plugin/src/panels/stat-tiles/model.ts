import { DataFrame, formattedValueToString, getValueFormat } from '@grafana/data';

import { readSeries, Series } from '../../data/frames';
import { ToneName } from '../../theme/palette';

/**
 * How a tile reads its query:
 * - value: latest value of the first series, with an optional trend line;
 * - fraction: latest value over the latest value of `totalRefId` ("5 / 6");
 * - topLabel: the label of the largest series ("ads.example.com");
 * - upDown: how many series are 1, naming the ones that are 0;
 * - count: how many series there are, naming them.
 */
export type TileKind = 'value' | 'fraction' | 'topLabel' | 'upDown' | 'count';

export interface TileSpec {
  refId: string;
  title: string;
  kind: TileKind;
  tone: ToneName;
  /** Plain-words hint shown when the query returns nothing. */
  emptyHint: string;
  unit?: string;
  decimals?: number;
  totalRefId?: string;
  labelKey?: string;
  /** Text after the figure in the detail line of topLabel tiles, e.g. "blocked". */
  detailSuffix?: string;
  /** The tile turns to the "bad" tone when the value is above this. */
  badAbove?: number;
  /** No series means zero (firing alerts), not missing data. */
  emptyMeansZero?: boolean;
  sparkline?: boolean;
}

export interface StatTilesOptions {
  tiles: TileSpec[];
}

export interface TileView {
  key: string;
  title: string;
  value: string;
  detail: string;
  tone: ToneName;
  empty: boolean;
  /** The value is a name (a domain) rather than a figure, and gets a smaller type. */
  textual: boolean;
  trend: Array<number | null>;
}

export function buildTiles(frames: DataFrame[], specs: TileSpec[]): TileView[] {
  return specs.map((spec) => buildTile(frames, spec));
}

function buildTile(frames: DataFrame[], spec: TileSpec): TileView {
  const series = readSeries(frames, spec.refId);
  const base = {
    key: spec.refId,
    title: spec.title,
    tone: spec.tone,
    trend: [],
    empty: false,
    textual: spec.kind === 'topLabel',
  };

  if (series.length === 0 && !spec.emptyMeansZero) {
    return { ...base, value: '—', detail: spec.emptyHint, tone: 'slate', empty: true };
  }

  switch (spec.kind) {
    case 'value':
      return valueTile(base, series, spec);
    case 'fraction':
      return fractionTile(base, series, readSeries(frames, spec.totalRefId), spec);
    case 'topLabel':
      return topLabelTile(base, series, spec);
    case 'upDown':
      return upDownTile(base, series, spec);
    case 'count':
      return countTile(base, series, spec);
  }
}

type TileBase = Omit<TileView, 'value' | 'detail'>;

function valueTile(base: TileBase, series: Series[], spec: TileSpec): TileView {
  const first = series[0];
  const value = first?.last ?? null;
  const tone = spec.badAbove !== undefined && value !== null && value > spec.badAbove;
  return {
    ...base,
    value: format(value, spec.unit, spec.decimals),
    detail: value === null ? 'no recent samples' : '',
    tone: tone ? 'rose' : spec.tone,
    trend: spec.sparkline ? (first?.values ?? []) : [],
  };
}

function fractionTile(
  base: TileBase,
  series: Series[],
  totals: Series[],
  spec: TileSpec,
): TileView {
  const part = series[0]?.last ?? 0;
  const total = totals[0]?.last ?? null;
  const missing = total === null ? 0 : total - part;
  return {
    ...base,
    value: total === null ? format(part, spec.unit, 0) : `${format(part)} / ${format(total)}`,
    detail: missing > 0 ? `${format(missing)} not running` : 'all running',
    tone: missing > 0 ? 'butter' : spec.tone,
  };
}

function topLabelTile(base: TileBase, series: Series[], spec: TileSpec): TileView {
  const top = [...series].sort((a, b) => (b.last ?? -Infinity) - (a.last ?? -Infinity))[0];
  const label = top?.labels[spec.labelKey ?? ''] ?? '—';
  const suffix = spec.detailSuffix ? ` ${spec.detailSuffix}` : '';
  return { ...base, value: label, detail: `${format(top?.last ?? null, spec.unit)}${suffix}` };
}

function upDownTile(base: TileBase, series: Series[], spec: TileSpec): TileView {
  const down = series.filter((item) => item.last !== 1);
  const names = down.map((item) => item.labels[spec.labelKey ?? ''] ?? 'unnamed');
  return {
    ...base,
    value: `${series.length - down.length} / ${series.length}`,
    detail: down.length === 0 ? 'all up' : `down: ${names.join(', ')}`,
    tone: down.length === 0 ? spec.tone : 'rose',
  };
}

function countTile(base: TileBase, series: Series[], spec: TileSpec): TileView {
  const names = [...new Set(series.map((item) => item.labels[spec.labelKey ?? ''] ?? 'unnamed'))];
  const bad = spec.badAbove !== undefined && series.length > spec.badAbove;
  return {
    ...base,
    value: String(series.length),
    detail: series.length === 0 ? 'all quiet' : names.join(', '),
    tone: bad ? 'rose' : spec.tone,
  };
}

export function format(value: number | null, unit = 'short', decimals?: number): string {
  if (value === null) {
    return '—';
  }
  return formattedValueToString(getValueFormat(unit)(value, decimals));
}
