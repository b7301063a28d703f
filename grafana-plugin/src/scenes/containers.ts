import { EmbeddedScene, QueryVariable } from '@grafana/scenes';

import { PANEL_IDS } from '../constants';
import { ContainerGridOptions } from '../panels/container-grid/ContainerGridPanel';
import { StatTilesOptions, TileSpec } from '../panels/stat-tiles/model';
import * as q from '../queries';
import { HubSettings } from '../types';
import {
  column,
  glassPanel,
  item,
  labelTable,
  pageControls,
  pageTimeRange,
  pageVariables,
  PROMETHEUS,
  row,
  trendPanel,
} from './builders';
import { GlassBackdrop } from './GlassBackdrop';
import { CONTAINER_GRID_QUERIES, HINTS } from './overview-panels';

const CONTAINER_TILES: TileSpec[] = [
  {
    refId: 'running',
    title: 'Running',
    kind: 'fraction',
    totalRefId: 'total',
    tone: 'mint',
    emptyHint: HINTS.docker,
  },
  {
    refId: 'unhealthy',
    title: 'Unhealthy',
    kind: 'value',
    tone: 'mint',
    badAbove: 0,
    emptyHint: HINTS.docker,
  },
];

export function containersScene(settings: HubSettings): EmbeddedScene {
  // Which containers to show; every chart below follows this selection.
  const container = new QueryVariable({
    name: 'container',
    label: 'Container',
    datasource: PROMETHEUS,
    query: { refId: 'container', query: q.CONTAINER_NAMES_VARIABLE },
    isMulti: true,
    includeAll: true,
    allValue: '.+',
    defaultToAll: true,
  });

  // State at a glance.
  const tiles = glassPanel<StatTilesOptions>(PANEL_IDS.statTiles, '', { tiles: CONTAINER_TILES }, [
    { refId: 'running', expr: q.CONTAINERS_RUNNING, instant: true },
    { refId: 'total', expr: q.CONTAINERS_TOTAL, instant: true },
    { refId: 'unhealthy', expr: q.CONTAINER_UNHEALTHY_COUNT, instant: true },
  ]);
  const grid = glassPanel<ContainerGridOptions>(
    PANEL_IDS.containerGrid,
    'Containers',
    {},
    CONTAINER_GRID_QUERIES,
  );

  // Resource use per container.
  const cpu = trendPanel('CPU (% of one core)', 'percent', [
    { refId: 'A', expr: q.CONTAINER_CPU_PERCENT, legendFormat: '{{name}}' },
  ]);
  const memory = trendPanel('Memory working set', 'bytes', [
    { refId: 'A', expr: q.CONTAINER_MEMORY, legendFormat: '{{name}}' },
  ]);
  const memoryShare = trendPanel('Memory of limit', 'percentunit', [
    { refId: 'A', expr: q.CONTAINER_MEMORY_OF_LIMIT, legendFormat: '{{name}}' },
  ]);
  const network = trendPanel('Network receive / transmit', 'Bps', [
    { refId: 'A', expr: q.CONTAINER_NETWORK_RECEIVE, legendFormat: '{{name}} rx' },
    { refId: 'B', expr: q.CONTAINER_NETWORK_TRANSMIT, legendFormat: '{{name}} tx' },
  ]);

  // Inventory: image and compose project of each container.
  const inventory = labelTable(
    'Inventory',
    q.CONTAINER_INFO,
    ['Time', 'Value', '__name__', 'instance', 'job'],
    'No containers match the selection.',
  );

  const body = column([
    row([item(tiles, 380), item(grid)], 240),
    row([item(cpu), item(memory)], 280),
    row([item(memoryShare), item(network)], 280),
    row([item(inventory)], 300),
  ]);

  return new EmbeddedScene({
    $timeRange: pageTimeRange(),
    $variables: pageVariables(settings, [container]),
    controls: pageControls(),
    body: new GlassBackdrop({ body }),
  });
}
