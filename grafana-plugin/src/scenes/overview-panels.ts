/**
 * What the Overview shows, as plain data: tile definitions and the queries of each glass
 * visualisation. Kept free of Scenes so the preview page renders exactly the same panels.
 */
import { CONTAINER_REFS } from '../panels/container-grid/model';
import { DNS_RING_REFS } from '../panels/dns-ring/model';
import { SENSOR_REFS } from '../panels/sensor-cards/model';
import { TileSpec } from '../panels/stat-tiles/model';
import * as q from '../queries';
import { QuerySpec } from './query-spec';

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

export const OVERVIEW_TILE_QUERIES: QuerySpec[] = [
  { refId: 'dnsRate', expr: q.DNS_QUERIES_PER_MINUTE },
  { refId: 'topBlocked', expr: q.DNS_TOP_BLOCKED_DOMAIN, instant: true },
  { refId: 'containersRunning', expr: q.CONTAINERS_RUNNING, instant: true },
  { refId: 'containersTotal', expr: q.CONTAINERS_TOTAL, instant: true },
  { refId: 'alerts', expr: q.ALERTS_FIRING, instant: true },
  { refId: 'collectors', expr: q.COLLECTORS_UP, instant: true },
];

export const DNS_RING_QUERIES: QuerySpec[] = [
  { refId: DNS_RING_REFS.blocked, expr: q.DNS_BLOCKED_IN_RANGE, instant: true },
  { refId: DNS_RING_REFS.total, expr: q.DNS_QUERIES_IN_RANGE, instant: true },
  { refId: DNS_RING_REFS.topBlocked, expr: q.DNS_TOP_BLOCKED_DOMAIN, instant: true },
];

export const CONTAINER_GRID_QUERIES: QuerySpec[] = [
  { refId: CONTAINER_REFS.running, expr: q.CONTAINER_RUNNING, instant: true },
  { refId: CONTAINER_REFS.health, expr: q.CONTAINER_HEALTH, instant: true },
  { refId: CONTAINER_REFS.restarts, expr: q.CONTAINER_RESTARTS_IN_RANGE, instant: true },
  { refId: CONTAINER_REFS.oomKilled, expr: q.CONTAINER_OOM_KILLED, instant: true },
  { refId: CONTAINER_REFS.info, expr: q.CONTAINER_INFO, instant: true },
];

export const SENSOR_CARD_QUERIES: QuerySpec[] = [
  { refId: SENSOR_REFS.temperature, expr: q.SENSOR_TEMPERATURE },
  { refId: SENSOR_REFS.humidity, expr: q.SENSOR_HUMIDITY, instant: true },
  { refId: SENSOR_REFS.up, expr: q.SENSOR_DEVICE_UP, instant: true },
  { refId: SENSOR_REFS.lastSeenAge, expr: q.SENSOR_LAST_SEEN_AGE, instant: true },
];
