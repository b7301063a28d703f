import type { Registry } from 'prom-client';
import {
  COMPAT_REPLY_NAMES,
  queryTypeName,
  REPLY_NAMES,
  RESPONSE_BUCKETS,
  statusName,
} from './codes.js';
import type { ClientLabels } from './client-labels.js';
import type { Ref } from './counter-key.js';
import type { GravityReading } from './gravity.js';
import type { LinkNames } from './link-names.js';
import { queryKeyParts, type QueryTotals } from './query-totals.js';
import type { WindowTotals } from './rolling-window.js';
import {
  registerFamily,
  type FamilyType,
  type Sample,
  type SnapshotFamily,
} from './snapshot-family.js';

/**
 * The metric families of the Pi-hole collector and how they are computed from the collector's
 * state. Names are a contract with dashboards and alert rules.
 */

export interface CounterView {
  readonly totals: QueryTotals;
  readonly names: LinkNames;
  readonly clientLabels: ClientLabels;
}

export interface GaugeView {
  readonly window: WindowTotals;
  readonly names: LinkNames;
  readonly domainName: (ref: Ref) => string;
  readonly topN: number;
  readonly schemaVersion: number;
  readonly sizeBytes: number;
  readonly newestTimestamp: number | null;
  readonly networkDevices: number;
  readonly gravity: GravityReading;
}

const COUNTERS = {
  queries: [
    'pihole_queries_total',
    'DNS queries stored in pihole-FTL.db (query_storage), by query type and status.',
  ],
  blocked: [
    'pihole_blocked_queries_total',
    'Stored queries with a status Pi-hole counts as blocked.',
  ],
  replies: ['pihole_replies_total', 'Stored queries by reply type (query_storage.reply_type).'],
  upstreamQueries: [
    'pihole_upstream_queries_total',
    'Stored queries forwarded to each upstream server (forward_by_id).',
  ],
  clientQueries: [
    'pihole_client_queries_total',
    'Stored queries per client (host name if known, else address); ' +
      'clients beyond PIHOLE_MAX_CLIENTS are summed as "other".',
  ],
  lifetime: [
    'pihole_lifetime_queries_total',
    "Queries FTL counted over the database file's lifetime (counters table, id 0).",
  ],
  lifetimeBlocked: [
    'pihole_lifetime_blocked_queries_total',
    "Blocked queries FTL counted over the database file's lifetime (counters table, id 1).",
  ],
} as const;

const GAUGES = {
  topQueried: [
    'pihole_top_queried_domains',
    'Queries in the last 24 h for the most queried permitted domains (top PIHOLE_TOP_N).',
  ],
  topBlocked: [
    'pihole_top_blocked_domains',
    'Queries in the last 24 h for the most queried blocked domains (top PIHOLE_TOP_N).',
  ],
  gravityDomains: ['pihole_gravity_domains', 'Domains on the blocklists (gravity.db).'],
  gravityUp: ['pihole_gravity_database_up', 'Whether gravity.db could be read (1) or not (0).'],
  schemaVersion: [
    'pihole_database_schema_version',
    'Version of the pihole-FTL.db layout (ftl table, id 0).',
  ],
  sizeBytes: ['pihole_database_size_bytes', 'Size of the pihole-FTL.db file.'],
  newest: [
    'pihole_database_newest_query_timestamp_seconds',
    'Time of the newest query FTL stored (ftl table, id 1); FTL stores every minute, ' +
      'so an old value means FTL stopped storing.',
  ],
  devices: ['pihole_network_devices', 'Devices in the network table of pihole-FTL.db.'],
} as const;

/** eko/pihole-exporter's gauges, over the rolling last 24 hours like Pi-hole's own summary. */
const COMPAT_GAUGES = {
  queriesToday: [
    'pihole_dns_queries_today',
    'Queries in the last 24 h (computed from pihole-FTL.db).',
  ],
  blockedToday: ['pihole_ads_blocked_today', 'Blocked queries in the last 24 h.'],
  percentToday: ['pihole_ads_percentage_today', 'Percentage of queries blocked in the last 24 h.'],
  beingBlocked: ['pihole_domains_being_blocked', 'Domains on the blocklists (gravity.db).'],
  uniqueDomains: ['pihole_unique_domains', 'Distinct domains queried in the last 24 h.'],
  forwarded: [
    'pihole_queries_forwarded',
    'Queries forwarded upstream in the last 24 h (forwarded and retried).',
  ],
  cached: [
    'pihole_queries_cached',
    'Queries answered from the cache in the last 24 h (cache and stale cache).',
  ],
  uniqueClients: ['pihole_unique_clients', 'Distinct clients in the last 24 h.'],
  allTypes: ['pihole_dns_queries_all_types', 'Queries of all types in the last 24 h.'],
  reply: ['pihole_reply', 'Queries in the last 24 h by reply type.'],
  queryTypes: ['pihole_querytypes', 'Queries in the last 24 h by query type.'],
  topQueries: [
    'pihole_top_queries',
    'Queries in the last 24 h for the most queried permitted domains.',
  ],
  topAds: ['pihole_top_ads', 'Queries in the last 24 h for the most queried blocked domains.'],
  topSources: ['pihole_top_sources', 'Queries in the last 24 h from the busiest clients.'],
  destinations: [
    'pihole_forward_destinations',
    'Queries forwarded to each upstream in the last 24 h.',
  ],
} as const;

type Families<T> = { [K in keyof T]: SnapshotFamily };

export class PiholeMetrics {
  private readonly counters: Families<typeof COUNTERS>;
  private readonly responseSeconds: SnapshotFamily;
  private readonly gauges: Families<typeof GAUGES>;
  private readonly compat?: Families<typeof COMPAT_GAUGES>;
  private windowSamplesBuilt = false;

  constructor(
    registry: Registry,
    compat: boolean,
    private readonly hostname: string,
  ) {
    this.counters = registerAll(registry, COUNTERS, 'counter');
    this.responseSeconds = registerFamily(
      registry,
      'pihole_upstream_response_seconds',
      'Response time of each upstream server (query_storage.reply_time of forwarded queries).',
      'histogram',
    );
    this.gauges = registerAll(registry, GAUGES, 'gauge');
    if (compat) this.compat = registerAll(registry, COMPAT_GAUGES, 'gauge');
  }

  publishCounters(view: CounterView): void {
    const { totals, names } = view;
    const c = this.counters;

    c.queries.samples = [...totals.queries].map(([key, value]) => {
      const { type, status } = queryKeyParts(key);
      return { labels: { query_type: queryTypeName(type), status: statusName(status) }, value };
    });
    c.queries.samples = mergeSamples(c.queries.samples);
    c.blocked.samples = [{ labels: {}, value: totals.blocked }];
    c.replies.samples = mergeSamples(
      [...totals.replies].map(([code, value]) => ({
        labels: { reply_type: REPLY_NAMES[code] ?? 'unknown' },
        value,
      })),
    );
    c.upstreamQueries.samples = mergeSamples(
      [...totals.upstreamQueries].map(([ref, value]) => ({
        labels: { upstream: names.upstream(ref) },
        value,
      })),
    );
    this.responseSeconds.samples = this.histogramSamples(view);

    const perClient = new Map<string, [number, number]>();
    for (const [ref, [allowed, blocked]] of totals.clients) {
      const label = names.clientLabel(ref);
      const sum = perClient.get(label) ?? [0, 0];
      perClient.set(label, [sum[0] + allowed, sum[1] + blocked]);
    }
    c.clientQueries.samples = [...view.clientLabels.group(perClient)].flatMap(
      ([client, [allowed, blocked]]) => [
        { labels: { client, blocked: 'false' }, value: allowed },
        { labels: { client, blocked: 'true' }, value: blocked },
      ],
    );
  }

  publishLifetime(lifetime: { total: number; blocked: number } | undefined): void {
    const c = this.counters;
    c.lifetime.samples = single(lifetime?.total);
    c.lifetimeBlocked.samples = single(lifetime?.blocked);
  }

  /**
   * `windowChanged` false keeps the samples built from the 24 h window as they are: nothing
   * was read or expired since they were built, and rebuilding them sorts every domain.
   */
  publishGauges(view: GaugeView, windowChanged: boolean): void {
    const g = this.gauges;
    const { window } = view;

    const gravityCount = 'count' in view.gravity ? view.gravity.count : undefined;
    g.gravityDomains.samples = single(gravityCount);
    g.gravityUp.samples = single(gravityCount === undefined ? 0 : 1);
    g.schemaVersion.samples = single(view.schemaVersion);
    g.sizeBytes.samples = single(view.sizeBytes);
    g.newest.samples = single(view.newestTimestamp ?? undefined);
    g.devices.samples = single(view.networkDevices);

    const compat = this.compat;
    const host = { hostname: this.hostname };
    const withHost = (value: number | undefined): Sample[] =>
      value === undefined ? [] : [{ labels: { ...host }, value }];
    if (compat) compat.beingBlocked.samples = withHost(gravityCount);
    if (!windowChanged && this.windowSamplesBuilt) return;

    this.windowSamplesBuilt = true;
    g.topQueried.samples = this.topDomainSamples(view, false);
    g.topBlocked.samples = this.topDomainSamples(view, true);
    if (!compat) return;

    compat.queriesToday.samples = withHost(window.queries);
    compat.blockedToday.samples = withHost(window.blocked);
    compat.percentToday.samples = withHost(
      window.queries === 0 ? 0 : (window.blocked / window.queries) * 100,
    );
    compat.uniqueDomains.samples = withHost(window.domains.size);
    compat.forwarded.samples = withHost(window.forwarded);
    compat.cached.samples = withHost(window.cached);
    compat.uniqueClients.samples = withHost(window.clients.size);
    compat.allTypes.samples = withHost(window.queries);
    compat.reply.samples = COMPAT_REPLY_NAMES.map((type, code) => ({
      labels: { ...host, type },
      value: window.replies.get(code) ?? 0,
    }));
    compat.queryTypes.samples = mergeSamples(
      [...window.types].map(([type, value]) => ({
        labels: { ...host, type: queryTypeName(type) },
        value,
      })),
    );
    compat.topQueries.samples = this.topDomainSamples(view, false, host);
    compat.topAds.samples = this.topDomainSamples(view, true, host);
    compat.topSources.samples = mergeSamples(
      window.topClients(view.topN).map(([ref, value]) => ({
        labels: {
          ...host,
          source: view.names.clientIp(ref),
          source_name: view.names.clientName(ref),
        },
        value,
      })),
    );
    compat.destinations.samples = mergeSamples(
      [...window.upstreams].map(([ref, value]) => {
        const upstream = view.names.upstream(ref);
        return {
          labels: {
            ...host,
            destination: upstream.replace(/#\d+$/, ''),
            destination_name: upstream,
          },
          value,
        };
      }),
    );
  }

  /** Point-in-time values would mislead once the database cannot be read; counters stay. */
  clearGauges(): void {
    this.windowSamplesBuilt = false;
    for (const family of Object.values(this.gauges)) family.reset();
    for (const family of Object.values(this.compat ?? {})) family.reset();
  }

  clearCounters(): void {
    for (const family of Object.values(this.counters)) family.reset();
    this.responseSeconds.reset();
  }

  private histogramSamples(view: CounterView): Sample[] {
    const samples: Sample[] = [];
    const byUpstream = new Map<string, { buckets: number[]; sum: number; count: number }>();
    for (const [ref, times] of view.totals.responseTimes) {
      const upstream = view.names.upstream(ref);
      const merged = byUpstream.get(upstream) ?? {
        buckets: new Array<number>(RESPONSE_BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      times.buckets.forEach((n, i) => (merged.buckets[i] = (merged.buckets[i] ?? 0) + n));
      merged.sum += times.sum;
      merged.count += times.count;
      byUpstream.set(upstream, merged);
    }

    const name = this.responseSeconds.name;
    for (const [upstream, times] of byUpstream) {
      let cumulative = 0;
      RESPONSE_BUCKETS.forEach((bound, i) => {
        cumulative += times.buckets[i] ?? 0;
        samples.push({
          metricName: `${name}_bucket`,
          labels: { upstream, le: bound },
          value: cumulative,
        });
      });
      samples.push({
        metricName: `${name}_bucket`,
        labels: { upstream, le: '+Inf' },
        value: times.count,
      });
      samples.push({ metricName: `${name}_sum`, labels: { upstream }, value: times.sum });
      samples.push({ metricName: `${name}_count`, labels: { upstream }, value: times.count });
    }
    return samples;
  }

  private topDomainSamples(
    view: GaugeView,
    blocked: boolean,
    extra: Record<string, string> = {},
  ): Sample[] {
    return mergeSamples(
      view.window
        .topDomains(view.topN, blocked)
        .map(([ref, value]) => ({ labels: { ...extra, domain: view.domainName(ref) }, value })),
    );
  }
}

function registerAll<T extends Record<string, readonly [string, string]>>(
  registry: Registry,
  specs: T,
  type: FamilyType,
): Families<T> {
  const families = {} as Families<T>;
  for (const key of Object.keys(specs) as (keyof T)[]) {
    const [name, help] = specs[key] as readonly [string, string];
    families[key] = registerFamily(registry, name, help, type);
  }
  return families;
}

function single(value: number | undefined): Sample[] {
  return value === undefined ? [] : [{ labels: {}, value }];
}

/** Sums samples whose labels are equal: two ids can resolve to the same label value. */
function mergeSamples(samples: Sample[]): Sample[] {
  const merged = new Map<string, Sample>();
  for (const sample of samples) {
    const key = JSON.stringify(sample.labels);
    const known = merged.get(key);
    if (known) known.value += sample.value;
    else merged.set(key, { ...sample });
  }
  return [...merged.values()];
}
