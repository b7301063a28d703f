import { FieldColorModeId, VizOrientation } from '@grafana/data';
import {
  BarGaugeDisplayMode,
  DataSourceRef,
  GraphGradientMode,
  LegendDisplayMode,
  LegendPlacement,
} from '@grafana/schema';
import {
  DataSourceVariable,
  PanelBuilders,
  SceneControlsSpacer,
  SceneDataTransformer,
  SceneDataQuery,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObject,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariable,
  SceneVariableSet,
  VariableValueSelectors,
  VizPanel,
} from '@grafana/scenes';

import { HubSettings } from '../types';
import { GlassFrame } from './GlassBackdrop';
import { QuerySpec } from './query-spec';

export type { QuerySpec } from './query-spec';

/** Every query goes to the Prometheus data source picked in the `ds` variable. */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: '${ds}' };

export function queryRunner(queries: QuerySpec[], maxDataPoints = 120): SceneQueryRunner {
  const sceneQueries: SceneDataQuery[] = queries.map((query) => ({
    refId: query.refId,
    expr: query.expr,
    legendFormat: query.legendFormat,
    format: query.format ?? 'time_series',
    instant: query.instant ?? false,
    range: !query.instant,
  }));
  return new SceneQueryRunner({ datasource: PROMETHEUS, queries: sceneQueries, maxDataPoints });
}

export function datasourceVariable(settings: HubSettings): DataSourceVariable {
  return new DataSourceVariable({
    name: 'ds',
    label: 'Prometheus',
    pluginId: 'prometheus',
    value: settings.prometheusUid ?? '',
  });
}

export function pageVariables(
  settings: HubSettings,
  extra: SceneVariable[] = [],
): SceneVariableSet {
  return new SceneVariableSet({ variables: [datasourceVariable(settings), ...extra] });
}

export function pageTimeRange(): SceneTimeRange {
  return new SceneTimeRange({ from: 'now-6h', to: 'now' });
}

export function pageControls(): SceneObject[] {
  return [
    new VariableValueSelectors({}),
    new SceneControlsSpacer(),
    new SceneTimePicker({ isOnCanvas: true }),
    new SceneRefreshPicker({
      intervals: ['30s', '1m', '5m', '15m'],
      refresh: '1m',
      isOnCanvas: true,
    }),
  ];
}

/** A custom glass visualisation; it draws its own cards, so the panel chrome stays transparent. */
export function glassPanel<TOptions extends object>(
  pluginId: string,
  title: string,
  options: TOptions,
  queries: QuerySpec[],
): VizPanel<TOptions> {
  return new VizPanel<TOptions>({
    pluginId,
    title,
    options,
    fieldConfig: { defaults: {}, overrides: [] },
    displayMode: 'transparent',
    // Untitled panels (the tile rows) get no header row at all.
    hoverHeader: title === '',
    $data: queryRunner(queries, 60),
  });
}

/** A core time series panel in a glass frame, one line per label set. */
export function trendPanel(title: string, unit: string, queries: QuerySpec[]): GlassFrame {
  const panel = PanelBuilders.timeseries()
    .setTitle(title)
    .setUnit(unit)
    .setData(queryRunner(queries))
    .setDisplayMode('transparent')
    .setCustomFieldConfig('fillOpacity', 18)
    .setCustomFieldConfig('gradientMode', GraphGradientMode.Opacity)
    .setCustomFieldConfig('lineWidth', 2)
    .setOption('legend', {
      showLegend: true,
      displayMode: LegendDisplayMode.List,
      placement: 'bottom' as LegendPlacement,
      calcs: [],
    })
    .setColor({ mode: FieldColorModeId.PaletteClassic })
    .build();
  return new GlassFrame({ body: panel });
}

/** A core bar gauge ranking label values (top domains, top clients). */
export function rankingPanel(title: string, unit: string, query: QuerySpec): GlassFrame {
  const panel = PanelBuilders.bargauge()
    .setTitle(title)
    .setUnit(unit)
    .setData(queryRunner([{ ...query, instant: true }]))
    .setDisplayMode('transparent')
    .setOption('displayMode', BarGaugeDisplayMode.Gradient)
    .setOption('orientation', VizOrientation.Horizontal)
    .setOption('showUnfilled', true)
    .setColor({ mode: FieldColorModeId.ContinuousBlPu })
    .setNoValue('no data yet')
    .build();
  return new GlassFrame({ body: panel });
}

export function row(children: SceneFlexItem[], height: number): SceneFlexLayout {
  return new SceneFlexLayout({ direction: 'row', height, minHeight: height, children });
}

export function item(body: SceneObject, width?: number): SceneFlexItem {
  return new SceneFlexItem({ body, width, minWidth: width });
}

export function column(children: Array<SceneFlexItem | SceneFlexLayout>): SceneFlexLayout {
  return new SceneFlexLayout({ direction: 'column', children });
}

/** A core table of label sets, keeping only the labels worth reading. */
export function labelTable(
  title: string,
  expr: string,
  hidden: string[],
  noValue: string,
): GlassFrame {
  const excludeByName = Object.fromEntries(hidden.map((name) => [name, true]));
  const data = new SceneDataTransformer({
    $data: queryRunner([{ refId: 'A', expr, instant: true, format: 'table' }]),
    transformations: [{ id: 'organize', options: { excludeByName } }],
  });
  const panel = PanelBuilders.table()
    .setTitle(title)
    .setDisplayMode('transparent')
    .setNoValue(noValue)
    .setData(data)
    .build();
  return new GlassFrame({ body: panel });
}
