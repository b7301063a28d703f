import { DataFrame } from '@grafana/data';

import { latestOf, readSeries } from '../../data/frames';

export const DNS_RING_REFS = {
  blocked: 'blocked',
  total: 'total',
  topBlocked: 'topBlocked',
} as const;

export interface DnsRingView {
  blocked: number;
  total: number;
  /** Blocked share from 0 to 1, null when there were no queries. */
  share: number | null;
  topBlockedDomain: string | null;
}

export function buildDnsRing(frames: DataFrame[]): DnsRingView | null {
  const blocked = latestOf(frames, DNS_RING_REFS.blocked);
  const total = latestOf(frames, DNS_RING_REFS.total);
  if (total === null) {
    return null;
  }

  const blockedCount = Math.max(0, blocked ?? 0);
  const top = readSeries(frames, DNS_RING_REFS.topBlocked).sort(
    (a, b) => (b.last ?? -Infinity) - (a.last ?? -Infinity),
  )[0];

  return {
    blocked: blockedCount,
    total,
    share: total > 0 ? Math.min(1, blockedCount / total) : null,
    topBlockedDomain: top?.labels.domain ?? null,
  };
}
