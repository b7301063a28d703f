import { css, cx } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';

import { panelStatus } from '../../data/frames';
import { glassCardStyle } from '../../theme/glass';
import { toneColor, toneWash } from '../../theme/palette';
import { PanelMessage } from '../shared/PanelMessage';
import { format } from '../stat-tiles/model';
import { buildDnsRing, DnsRingView } from './model';

export interface DnsRingOptions {
  /** What the numbers cover, shown under the ring, e.g. "in the selected time range". */
  caption?: string;
}

const EMPTY_HINT =
  'No data from pihole_* — is the exporter’s Pi-hole collector up and can it read pihole-FTL.db?';

/** Blocked share of DNS queries as a pastel ring with the figure in its centre. */
export function DnsRingPanel({ data, options, width, height }: PanelProps<DnsRingOptions>) {
  const styles = useStyles2(getStyles);
  const status = panelStatus(data);
  const view = status.kind === 'ready' ? buildDnsRing(data.series) : null;

  if (status.kind !== 'ready' || !view) {
    const shown = status.kind === 'ready' ? { kind: 'empty' as const } : status;
    return <PanelMessage status={shown} emptyHint={EMPTY_HINT} />;
  }

  const size = Math.max(96, Math.min(width - 210, height - 28, 200));
  return (
    <div className={styles.wrapper}>
      <Ring view={view} size={size} />
      <div className={styles.legend}>
        <LegendRow tone="rose" label="blocked" value={format(view.blocked, 'short', 0)} />
        <LegendRow
          tone="mint"
          label="allowed"
          value={format(view.total - view.blocked, 'short', 0)}
        />
        <div className={styles.caption}>
          {view.share === null ? 'No DNS queries in this time range' : (options.caption ?? '')}
        </div>
        {view.topBlockedDomain && (
          <div className={styles.caption}>
            most blocked: <span className={styles.domain}>{view.topBlockedDomain}</span>
          </div>
        )}
      </div>
    </div>
  );
}

function Ring({ view, size }: { view: DnsRingView; size: number }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const stroke = Math.max(10, size * 0.12);
  const radius = (size - stroke) / 2;
  const circumference = 2 * Math.PI * radius;
  const blockedLength = (view.share ?? 0) * circumference;
  const percent = view.share === null ? '—' : `${(view.share * 100).toFixed(1)} %`;

  return (
    <div className={styles.ring} style={{ width: size, height: size }}>
      <svg width={size} height={size} role="img" aria-label={`blocked share ${percent}`}>
        <circle
          cx={size / 2}
          cy={size / 2}
          r={radius}
          fill="none"
          stroke={view.share === null ? toneWash(theme, 'slate', 2) : toneColor(theme, 'mint')}
          strokeOpacity={0.7}
          strokeWidth={stroke}
        />
        <circle
          cx={size / 2}
          cy={size / 2}
          r={radius}
          fill="none"
          stroke={toneColor(theme, 'rose')}
          strokeWidth={stroke}
          strokeLinecap={blockedLength > 0 ? 'round' : 'butt'}
          strokeDasharray={`${blockedLength} ${circumference}`}
          transform={`rotate(-90 ${size / 2} ${size / 2})`}
        />
      </svg>
      <div className={styles.centre}>
        <div className={styles.percent}>{percent}</div>
        <div className={styles.caption}>blocked</div>
      </div>
    </div>
  );
}

function LegendRow({
  tone,
  label,
  value,
}: {
  tone: 'rose' | 'mint';
  label: string;
  value: string;
}) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.row}>
      <span className={styles.dot} style={{ background: toneColor(theme, tone) }} aria-hidden />
      <span className={styles.label}>{label}</span>
      <span className={styles.value}>{value}</span>
    </div>
  );
}

function getStyles(theme: GrafanaTheme2) {
  return {
    wrapper: cx(
      glassCardStyle(theme),
      css({
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: theme.spacing(3),
        height: '100%',
        padding: theme.spacing(1.5),
      }),
    ),
    ring: css({ position: 'relative', flex: 'none' }),
    centre: css({
      position: 'absolute',
      inset: 0,
      display: 'flex',
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'center',
    }),
    percent: css({ fontSize: 26, fontWeight: theme.typography.fontWeightMedium }),
    legend: css({
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(0.75),
      minWidth: 150,
    }),
    row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
    dot: css({ width: 10, height: 10, borderRadius: theme.shape.radius.circle }),
    label: css({ color: theme.colors.text.secondary, flex: 1 }),
    value: css({ fontWeight: theme.typography.fontWeightMedium }),
    caption: css({
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
    }),
    domain: css({
      color: theme.colors.text.primary,
      fontFamily: theme.typography.fontFamilyMonospace,
    }),
  };
}
