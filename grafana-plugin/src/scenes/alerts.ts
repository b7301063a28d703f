import { EmbeddedScene, SceneReactObject } from '@grafana/scenes';

import { PANEL_IDS } from '../constants';
import { StatTilesOptions, TileSpec } from '../panels/stat-tiles/model';
import * as q from '../queries';
import { HubSettings } from '../types';
import { AlertmanagerLinks } from '../components/AlertmanagerLinks';
import {
  column,
  glassPanel,
  item,
  labelTable,
  pageControls,
  pageTimeRange,
  pageVariables,
  row,
  trendPanel,
} from './builders';
import { GlassBackdrop } from './GlassBackdrop';
import { HINTS } from './overview-panels';

const ALERT_TILES: TileSpec[] = [
  {
    refId: 'firing',
    title: 'Firing alerts',
    kind: 'count',
    tone: 'mint',
    labelKey: 'alertname',
    badAbove: 0,
    emptyMeansZero: true,
    emptyHint: '',
  },
  {
    refId: 'pending',
    title: 'Mails waiting in outbox',
    kind: 'value',
    tone: 'sky',
    badAbove: 10,
    emptyHint: HINTS.mailer,
  },
  {
    refId: 'dead',
    title: 'Mails given up',
    kind: 'value',
    tone: 'mint',
    badAbove: 0,
    emptyHint: HINTS.mailer,
  },
  {
    refId: 'sent',
    title: 'Mails sent in range',
    kind: 'value',
    tone: 'lavender',
    decimals: 0,
    emptyHint: HINTS.mailer,
  },
];

export function alertsScene(settings: HubSettings): EmbeddedScene {
  // Alert and mailer figures.
  const tiles = glassPanel<StatTilesOptions>(PANEL_IDS.statTiles, '', { tiles: ALERT_TILES }, [
    { refId: 'firing', expr: q.ALERTS_FIRING, instant: true },
    { refId: 'pending', expr: q.MAILER_OUTBOX_PENDING, instant: true },
    { refId: 'dead', expr: q.MAILER_OUTBOX_DEAD, instant: true },
    { refId: 'sent', expr: q.MAILER_SENT_IN_RANGE, instant: true },
  ]);

  // What is firing right now, with its labels.
  const firing = labelTable(
    'Firing now',
    q.ALERTS_FIRING,
    ['Time', 'Value', '__name__', 'alertstate'],
    'Nothing is firing.',
  );

  // Delivery by the mailer over time.
  const outbox = trendPanel('Mailer outbox', 'short', [
    { refId: 'A', expr: q.MAILER_OUTBOX_PENDING, legendFormat: 'waiting' },
    { refId: 'B', expr: q.MAILER_OUTBOX_DEAD, legendFormat: 'given up' },
  ]);
  const sent = trendPanel('Mails sent / hour', 'short', [
    { refId: 'A', expr: q.MAILER_SENT_RATE, legendFormat: 'sent' },
  ]);

  // The exporter behind every page: its collectors and build.
  const collectorTime = trendPanel('Exporter collector duration', 's', [
    { refId: 'A', expr: q.COLLECTOR_DURATION, legendFormat: '{{collector}}' },
  ]);
  const build = labelTable(
    'Exporter build',
    q.EXPORTER_BUILD_INFO,
    ['Time', 'Value', '__name__'],
    'No data from glass_build_info — is Prometheus scraping the exporter?',
  );
  const links = new SceneReactObject({
    component: AlertmanagerLinks,
    props: { alertmanagerUid: settings.alertmanagerUid },
  });

  const body = column([
    row([item(tiles)], 136),
    row([item(firing)], 280),
    row([item(outbox), item(sent)], 260),
    row([item(collectorTime), item(build)], 240),
    row([item(links)], 64),
  ]);

  return new EmbeddedScene({
    $timeRange: pageTimeRange(),
    $variables: pageVariables(settings),
    controls: pageControls(),
    body: new GlassBackdrop({ body }),
  });
}
