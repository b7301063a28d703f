import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { glassCardStyle } from '../../theme/glass';
import { toneColor, ToneName } from '../../theme/palette';
import { PanelStatus } from '../../data/frames';

interface Props {
  status: Exclude<PanelStatus, { kind: 'ready' }>;
  /** Plain-words hint for the empty state, naming the metrics the panel needs. */
  emptyHint: string;
}

/** Empty, error and loading states in plain words, so a panel is never blank. */
export function PanelMessage({ status, emptyHint }: Props) {
  const styles = useStyles2(getStyles);

  if (status.kind === 'loading') {
    return <div className={cx(styles.box, styles.quiet)}>Loading…</div>;
  }

  const tone: ToneName = status.kind === 'error' ? 'rose' : 'butter';
  const title = status.kind === 'error' ? 'The query failed' : 'No data yet';
  const detail = status.kind === 'error' ? status.message : emptyHint;

  return (
    <div className={styles.box} role="status">
      <div className={styles.card}>
        <span className={styles.badge(tone)} aria-hidden />
        <div>
          <div className={styles.title}>{title}</div>
          <div className={styles.detail}>{detail}</div>
        </div>
      </div>
    </div>
  );
}

function getStyles(theme: GrafanaTheme2) {
  return {
    box: css({
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      width: '100%',
      height: '100%',
      padding: theme.spacing(1),
    }),
    quiet: css({ color: theme.colors.text.secondary }),
    card: cx(
      glassCardStyle(theme),
      css({
        display: 'flex',
        gap: theme.spacing(1.5),
        alignItems: 'flex-start',
        maxWidth: 520,
        padding: theme.spacing(1.5, 2),
      }),
    ),
    badge: (tone: ToneName) =>
      css({
        flex: 'none',
        width: 10,
        height: 10,
        marginTop: 6,
        borderRadius: theme.shape.radius.circle,
        background: toneColor(theme, tone),
      }),
    title: css({ fontWeight: theme.typography.fontWeightMedium }),
    detail: css({
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
    }),
  };
}
