import { EmbeddedScene } from '@grafana/scenes';

import { PANEL_IDS } from '../constants';
import { DnsRingOptions } from '../panels/dns-ring/DnsRingPanel';
import { DNS_RING_REFS } from '../panels/dns-ring/model';
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
  rankingPanel,
  row,
  trendPanel,
} from './builders';
import { GlassBackdrop } from './GlassBackdrop';
import { HINTS } from './overview-panels';

const DNS_TILES: TileSpec[] = [
  {
    refId: 'rate',
    title: 'Queries / min',
    kind: 'value',
    tone: 'lavender',
    decimals: 0,
    sparkline: true,
    emptyHint: HINTS.pihole,
  },
  {
    refId: 'blocked',
    title: 'Blocked / min',
    kind: 'value',
    tone: 'rose',
    decimals: 0,
    sparkline: true,
    emptyHint: HINTS.pihole,
  },
  {
    refId: 'gravity',
    title: 'Domains on blocklists',
    kind: 'value',
    tone: 'peach',
    emptyHint: HINTS.pihole,
  },
  {
    refId: 'age',
    title: 'Newest query in database',
    kind: 'value',
    tone: 'sky',
    unit: 's',
    decimals: 0,
    badAbove: 600,
    emptyHint: HINTS.pihole,
  },
];

export function dnsScene(settings: HubSettings): EmbeddedScene {
  // Headline figures and the blocked share.
  const tiles = glassPanel<StatTilesOptions>(PANEL_IDS.statTiles, '', { tiles: DNS_TILES }, [
    { refId: 'rate', expr: q.DNS_QUERIES_PER_MINUTE },
    { refId: 'blocked', expr: q.DNS_BLOCKED_PER_MINUTE },
    { refId: 'gravity', expr: q.DNS_GRAVITY_DOMAINS, instant: true },
    { refId: 'age', expr: q.DNS_DATABASE_AGE, instant: true },
  ]);
  const ring = glassPanel<DnsRingOptions>(
    PANEL_IDS.dnsRing,
    'Blocked share',
    { caption: 'in the selected time range' },
    [
      { refId: DNS_RING_REFS.blocked, expr: q.DNS_BLOCKED_IN_RANGE, instant: true },
      { refId: DNS_RING_REFS.total, expr: q.DNS_QUERIES_IN_RANGE, instant: true },
      { refId: DNS_RING_REFS.topBlocked, expr: q.DNS_TOP_BLOCKED_DOMAIN, instant: true },
    ],
  );

  // Traffic over time.
  const byStatus = trendPanel('Queries by status / min', 'short', [
    { refId: 'A', expr: q.DNS_QUERIES_BY_STATUS, legendFormat: '{{status}}' },
  ]);
  const byType = trendPanel('Queries by type / min', 'short', [
    { refId: 'A', expr: q.DNS_QUERIES_BY_TYPE, legendFormat: '{{query_type}}' },
  ]);
  const replies = trendPanel('Replies by type / min', 'short', [
    { refId: 'A', expr: q.DNS_REPLIES_BY_TYPE, legendFormat: '{{reply_type}}' },
  ]);
  const upstreams = trendPanel('Forwarded to upstreams / min', 'short', [
    { refId: 'A', expr: q.DNS_UPSTREAM_RATE, legendFormat: '{{upstream}}' },
  ]);
  const latency = trendPanel('Upstream response time (p95)', 's', [
    { refId: 'A', expr: q.DNS_UPSTREAM_P95, legendFormat: '{{upstream}}' },
  ]);

  // Who asks for what.
  const clients = rankingPanel('Top clients', 'short', {
    refId: 'A',
    expr: q.DNS_TOP_CLIENTS,
    legendFormat: '{{client}}',
  });
  const blockedClients = rankingPanel('Top blocked clients', 'short', {
    refId: 'A',
    expr: q.DNS_TOP_BLOCKED_CLIENTS,
    legendFormat: '{{client}}',
  });
  const domains = rankingPanel('Top queried domains', 'short', {
    refId: 'A',
    expr: q.DNS_TOP_QUERIED_DOMAINS,
    legendFormat: '{{domain}}',
  });
  const blockedDomains = rankingPanel('Top blocked domains', 'short', {
    refId: 'A',
    expr: q.DNS_TOP_BLOCKED_DOMAINS,
    legendFormat: '{{domain}}',
  });

  const body = column([
    row([item(tiles), item(ring, 380)], 200),
    row([item(byStatus), item(byType)], 280),
    row([item(replies), item(upstreams), item(latency)], 260),
    row([item(clients), item(blockedClients)], 320),
    row([item(domains), item(blockedDomains)], 320),
  ]);

  return new EmbeddedScene({
    $timeRange: pageTimeRange(),
    $variables: pageVariables(settings),
    controls: pageControls(),
    body: new GlassBackdrop({ body }),
  });
}
