import { css, cx } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';

import { panelStatus } from '../../data/frames';
import { glassCardStyle } from '../../theme/glass';
import { toneColor, toneWash } from '../../theme/palette';
import { PanelMessage } from '../shared/PanelMessage';
import { Sparkline } from '../shared/Sparkline';
import { buildTiles, StatTilesOptions, TileView } from './model';

/** A row of glass tiles, each answering one question with one figure. */
export function StatTilesPanel({ data, options }: PanelProps<StatTilesOptions>) {
  const styles = useStyles2(getStyles);
  const status = panelStatus(data);

  if (status.kind === 'error' || (status.kind === 'loading' && data.series.length === 0)) {
    return <PanelMessage status={status} emptyHint="" />;
  }

  const tiles = buildTiles(data.series, options.tiles ?? []);
  return (
    <div className={styles.grid}>
      {tiles.map((tile) => (
        <Tile key={tile.key} tile={tile} />
      ))}
    </div>
  );
}

function Tile({ tile }: { tile: TileView }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const accent = toneColor(theme, tile.tone);

  return (
    <section
      className={cx(styles.tile, css({ backgroundImage: tileWash(theme, tile) }))}
      aria-label={tile.title}
    >
      <header className={styles.title}>
        <span className={styles.dot} style={{ background: accent }} aria-hidden />
        {tile.title}
      </header>
      <div
        className={cx(
          styles.value,
          tile.textual && styles.textValue,
          tile.empty && styles.emptyValue,
        )}
        style={{ color: accent }}
        title={tile.value}
      >
        {tile.value}
      </div>
      {tile.detail && <div className={styles.detail}>{tile.detail}</div>}
      {tile.trend.length > 1 && (
        <div className={styles.trend}>
          <Sparkline values={tile.trend} color={accent} width={96} height={28} />
        </div>
      )}
    </section>
  );
}

function tileWash(theme: GrafanaTheme2, tile: TileView): string {
  return `linear-gradient(135deg, ${toneWash(theme, tile.tone, 1.2)}, transparent 65%)`;
}

function getStyles(theme: GrafanaTheme2) {
  return {
    grid: css({
      display: 'grid',
      gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))',
      gap: theme.spacing(1.5),
      height: '100%',
      alignContent: 'stretch',
    }),
    tile: cx(
      glassCardStyle(theme),
      css({
        display: 'flex',
        flexDirection: 'column',
        minHeight: 112,
        padding: theme.spacing(1.5, 2),
        overflow: 'hidden',
      }),
    ),
    title: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
      letterSpacing: '0.02em',
    }),
    dot: css({
      width: 8,
      height: 8,
      borderRadius: theme.shape.radius.circle,
      flex: 'none',
    }),
    value: css({
      marginTop: theme.spacing(0.5),
      fontSize: 28,
      lineHeight: 1.2,
      fontWeight: theme.typography.fontWeightMedium,
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    }),
    textValue: css({
      fontSize: 18,
      lineHeight: 1.35,
      whiteSpace: 'normal',
      wordBreak: 'break-all',
      display: '-webkit-box',
      WebkitLineClamp: 2,
      WebkitBoxOrient: 'vertical',
    }),
    emptyValue: css({ color: theme.colors.text.disabled }),
    detail: css({
      marginTop: 'auto',
      paddingTop: theme.spacing(0.5),
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      position: 'relative',
      zIndex: 1,
    }),
    trend: css({
      position: 'absolute',
      right: theme.spacing(1.5),
      top: theme.spacing(1.5),
      opacity: 0.9,
    }),
  };
}
