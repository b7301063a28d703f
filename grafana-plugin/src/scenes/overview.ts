import { ConstantVariable, EmbeddedScene } from '@grafana/scenes';
import { VariableHide } from '@grafana/schema';

import { PANEL_IDS } from '../constants';
import { ContainerGridOptions } from '../panels/container-grid/ContainerGridPanel';
import { DnsRingOptions } from '../panels/dns-ring/DnsRingPanel';
import { DEFAULT_SENSOR_OPTIONS } from '../panels/sensor-cards/model';
import { StatTilesOptions } from '../panels/stat-tiles/model';
import { HubSettings } from '../types';
import {
  column,
  glassPanel,
  item,
  pageControls,
  pageTimeRange,
  pageVariables,
  row,
} from './builders';
import { GlassBackdrop } from './GlassBackdrop';
import {
  CONTAINER_GRID_QUERIES,
  DNS_RING_QUERIES,
  OVERVIEW_TILE_QUERIES,
  OVERVIEW_TILES,
  SENSOR_CARD_QUERIES,
} from './overview-panels';

export function overviewScene(settings: HubSettings): EmbeddedScene {
  // Tiles: one figure per question, current values from instant queries.
  const tiles = glassPanel<StatTilesOptions>(
    PANEL_IDS.statTiles,
    '',
    { tiles: OVERVIEW_TILES },
    OVERVIEW_TILE_QUERIES,
  );

  // DNS: blocked share over the selected range.
  const ring = glassPanel<DnsRingOptions>(
    PANEL_IDS.dnsRing,
    'DNS blocked share',
    { caption: 'in the selected time range' },
    DNS_RING_QUERIES,
  );

  // Containers: every container with a status dot, problems first.
  const containers = glassPanel<ContainerGridOptions>(
    PANEL_IDS.containerGrid,
    'Containers',
    {},
    CONTAINER_GRID_QUERIES,
  );

  // Sensors: latest reading per device with its trend.
  const sensors = glassPanel(
    PANEL_IDS.sensorCards,
    'Sensors',
    DEFAULT_SENSOR_OPTIONS,
    SENSOR_CARD_QUERIES,
  );

  const body = column([
    row([item(tiles)], 136),
    row([item(ring, 420), item(containers)], 270),
    row([item(sensors)], 200),
  ]);

  return new EmbeddedScene({
    $timeRange: pageTimeRange(),
    $variables: pageVariables(settings, [allContainers()]),
    controls: pageControls(),
    body: new GlassBackdrop({ body }),
  });
}

/** The container queries filter on `$container`; the Overview always shows all of them. */
function allContainers(): ConstantVariable {
  return new ConstantVariable({ name: 'container', value: '.+', hide: VariableHide.hideVariable });
}
