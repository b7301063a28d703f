import { css, cx } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';

import { panelStatus } from '../../data/frames';
import { glassCardStyle } from '../../theme/glass';
import { toneColor, toneWash } from '../../theme/palette';
import { PanelMessage } from '../shared/PanelMessage';
import { Sparkline } from '../shared/Sparkline';
import {
  buildSensorCards,
  DEFAULT_SENSOR_OPTIONS,
  formatAge,
  SensorCardsOptions,
  SensorCardView,
} from './model';

const EMPTY_HINT =
  'No data from sensor_* — is the exporter’s MQTT collector up and are devices publishing?';

/** One glass card per device: latest temperature and humidity, trend, comfort colour. */
export function SensorCardsPanel({ data, options }: PanelProps<SensorCardsOptions>) {
  const styles = useStyles2(getStyles);
  const status = panelStatus(data);
  const merged = { ...DEFAULT_SENSOR_OPTIONS, ...options };
  const cards = status.kind === 'ready' ? buildSensorCards(data.series, merged) : [];

  if (status.kind !== 'ready' || cards.length === 0) {
    const shown = status.kind === 'ready' ? { kind: 'empty' as const } : status;
    return <PanelMessage status={shown} emptyHint={EMPTY_HINT} />;
  }

  return (
    <ul className={styles.grid} aria-label="sensors">
      {cards.map((card) => (
        <SensorCard key={card.device} card={card} />
      ))}
    </ul>
  );
}

function SensorCard({ card }: { card: SensorCardView }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const accent = toneColor(theme, card.tone);
  const wash = `linear-gradient(150deg, ${toneWash(theme, card.tone, 1.3)}, transparent 70%)`;

  return (
    <li className={cx(styles.card, css({ backgroundImage: wash }))} data-offline={card.offline}>
      <div className={styles.header}>
        <span className={styles.device} title={card.device}>
          {card.device}
        </span>
        <span className={styles.badge} style={{ color: accent, borderColor: accent }}>
          {card.comfort}
        </span>
      </div>
      <div className={styles.figures}>
        <span className={styles.temperature} style={{ color: card.offline ? undefined : accent }}>
          {card.temperature === null ? '—' : `${card.temperature.toFixed(1)} °C`}
        </span>
        {card.humidity !== null && (
          <span className={styles.humidity}>{Math.round(card.humidity * 100)} % RH</span>
        )}
      </div>
      <div className={styles.footer}>
        <span className={styles.muted}>{footerText(card)}</span>
        {!card.offline && <Sparkline values={card.trend} color={accent} width={110} height={30} />}
      </div>
    </li>
  );
}

function footerText(card: SensorCardView): string {
  if (card.offline && card.lastSeenAgeSeconds !== null) {
    return `last seen ${formatAge(card.lastSeenAgeSeconds)}`;
  }
  if (card.offline) {
    return 'not reporting';
  }
  return card.sensors.join(', ');
}

function getStyles(theme: GrafanaTheme2) {
  return {
    grid: css({
      listStyle: 'none',
      margin: 0,
      padding: 0,
      display: 'grid',
      gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))',
      gap: theme.spacing(1.5),
      height: '100%',
      overflowY: 'auto',
    }),
    card: cx(
      glassCardStyle(theme),
      css({
        display: 'flex',
        flexDirection: 'column',
        gap: theme.spacing(0.5),
        padding: theme.spacing(1.5, 2),
        '&[data-offline="true"]': { opacity: 0.72 },
      }),
    ),
    header: css({
      display: 'flex',
      justifyContent: 'space-between',
      alignItems: 'center',
      gap: theme.spacing(1),
    }),
    device: css({
      fontWeight: theme.typography.fontWeightMedium,
      minWidth: 0,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    }),
    badge: css({
      fontSize: theme.typography.bodySmall.fontSize,
      border: '1px solid',
      borderRadius: theme.shape.radius.pill,
      padding: theme.spacing(0, 1),
      flex: 'none',
    }),
    figures: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(1.5) }),
    temperature: css({ fontSize: 28, fontWeight: theme.typography.fontWeightMedium }),
    humidity: css({ color: theme.colors.text.secondary }),
    footer: css({
      display: 'flex',
      justifyContent: 'space-between',
      alignItems: 'flex-end',
      gap: theme.spacing(1),
    }),
    muted: css({
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      minWidth: 0,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    }),
  };
}
