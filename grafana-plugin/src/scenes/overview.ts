import { ConstantVariable, EmbeddedScene } from '@grafana/scenes';
import { VariableHide } from '@grafana/schema';

import { PANEL_IDS } from '../constants';
import { ContainerGridOptions } from '../panels/container-grid/ContainerGridPanel';
import { CONTAINER_REFS } from '../panels/container-grid/model';
import { DnsRingOptions } from '../panels/dns-ring/DnsRingPanel';
import { DNS_RING_REFS } from '../panels/dns-ring/model';
import { DEFAULT_SENSOR_OPTIONS, SENSOR_REFS } from '../panels/sensor-cards/model';
import { StatTilesOptions, TileSpec } from '../panels/stat-tiles/model';
import * as q from '../queries';
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

export const HINTS = {
  pihole: 'No data from pihole_* — is the exporter’s Pi-hole collector up?',
  docker: 'No data from docker_* — is the exporter’s Docker collector up?',
  sensors: 'No data from sensor_* — is the exporter’s MQTT collector up?',
  exporter: 'No data from glass_collector_up — is Prometheus scraping the exporter?',
  mailer: 'No data from mailer_* — is Prometheus scraping the alert mailer?',
};

/** The tiles that answer "is my home lab fine?" at a glance. */
export const OVERVIEW_TILES: TileSpec[] = [
  {
    refId: 'dnsRate',
    title: 'DNS queries / min',
    kind: 'value',
    tone: 'lavender',
    decimals: 0,
    sparkline: true,
    emptyHint: HINTS.pihole,
  },
  {
    refId: 'topBlocked',
    title: 'Top blocked domain',
    kind: 'topLabel',
    tone: 'peach',
    labelKey: 'domain',
    detailSuffix: 'blocked',
    emptyHint: HINTS.pihole,
  },
  {
    refId: 'containersRunning',
    title: 'Containers running',
    kind: 'fraction',
    totalRefId: 'containersTotal',
    tone: 'mint',
    emptyHint: HINTS.docker,
  },
  {
    refId: 'alerts',
    title: 'Firing alerts',
    kind: 'count',
    tone: 'mint',
    labelKey: 'alertname',
    badAbove: 0,
    emptyMeansZero: true,
    emptyHint: '',
  },
  {
    refId: 'collectors',
    title: 'Exporter collectors',
    kind: 'upDown',
    tone: 'sky',
    labelKey: 'collector',
    emptyHint: HINTS.exporter,
  },
];

export function overviewScene(settings: HubSettings): EmbeddedScene {
  // Tiles: one figure per question, current values from instant queries.
  const tiles = glassPanel<StatTilesOptions>(PANEL_IDS.statTiles, '', { tiles: OVERVIEW_TILES }, [
    { refId: 'dnsRate', expr: q.DNS_QUERIES_PER_MINUTE },
    { refId: 'topBlocked', expr: q.DNS_TOP_BLOCKED_DOMAIN, instant: true },
    { refId: 'containersRunning', expr: q.CONTAINERS_RUNNING, instant: true },
    { refId: 'containersTotal', expr: q.CONTAINERS_TOTAL, instant: true },
    { refId: 'alerts', expr: q.ALERTS_FIRING, instant: true },
    { refId: 'collectors', expr: q.COLLECTORS_UP, instant: true },
  ]);

  // DNS: blocked share over the selected range.
  const ring = glassPanel<DnsRingOptions>(
    PANEL_IDS.dnsRing,
    'DNS blocked share',
    { caption: 'in the selected time range' },
    [
      { refId: DNS_RING_REFS.blocked, expr: q.DNS_BLOCKED_IN_RANGE, instant: true },
      { refId: DNS_RING_REFS.total, expr: q.DNS_QUERIES_IN_RANGE, instant: true },
      { refId: DNS_RING_REFS.topBlocked, expr: q.DNS_TOP_BLOCKED_DOMAIN, instant: true },
    ],
  );

  // Containers: every container with a status dot, problems first.
  const containers = glassPanel<ContainerGridOptions>(PANEL_IDS.containerGrid, 'Containers', {}, [
    ...containerGridQueries(),
  ]);

  // Sensors: latest reading per device with its trend.
  const sensors = glassPanel(PANEL_IDS.sensorCards, 'Sensors', DEFAULT_SENSOR_OPTIONS, [
    ...sensorCardQueries(),
  ]);

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

export function containerGridQueries() {
  return [
    { refId: CONTAINER_REFS.running, expr: q.CONTAINER_RUNNING, instant: true },
    { refId: CONTAINER_REFS.health, expr: q.CONTAINER_HEALTH, instant: true },
    { refId: CONTAINER_REFS.restarts, expr: q.CONTAINER_RESTARTS_IN_RANGE, instant: true },
    { refId: CONTAINER_REFS.oomKilled, expr: q.CONTAINER_OOM_KILLED, instant: true },
    { refId: CONTAINER_REFS.info, expr: q.CONTAINER_INFO, instant: true },
  ];
}

export function sensorCardQueries() {
  return [
    { refId: SENSOR_REFS.temperature, expr: q.SENSOR_TEMPERATURE },
    { refId: SENSOR_REFS.humidity, expr: q.SENSOR_HUMIDITY, instant: true },
    { refId: SENSOR_REFS.up, expr: q.SENSOR_DEVICE_UP, instant: true },
    { refId: SENSOR_REFS.lastSeenAge, expr: q.SENSOR_LAST_SEEN_AGE, instant: true },
  ];
}

/** The container queries filter on `$container`; the Overview always shows all of them. */
function allContainers(): ConstantVariable {
  return new ConstantVariable({ name: 'container', value: '.+', hide: VariableHide.hideVariable });
}
