import { css, cx } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';

import { panelStatus } from '../../data/frames';
import { glassCardStyle } from '../../theme/glass';
import { STATUS_TONES, toneColor, toneWash } from '../../theme/palette';
import { PanelMessage } from '../shared/PanelMessage';
import { buildContainers, ContainerView } from './model';

export interface ContainerGridOptions {
  /** Show only containers that need attention (unhealthy, restarting, stopped). */
  problemsOnly?: boolean;
}

const EMPTY_HINT =
  'No data from docker_* — is the exporter’s Docker collector up and can it reach the socket?';

/** Every container as a glass chip with a status dot; problems first. */
export function ContainerGridPanel({ data, options }: PanelProps<ContainerGridOptions>) {
  const styles = useStyles2(getStyles);
  const status = panelStatus(data);
  const summary = status.kind === 'ready' ? buildContainers(data.series) : null;

  if (status.kind !== 'ready' || !summary || summary.total === 0) {
    const shown = status.kind === 'ready' ? { kind: 'empty' as const } : status;
    return <PanelMessage status={shown} emptyHint={EMPTY_HINT} />;
  }

  const shown = options.problemsOnly ? summary.problems : summary.containers;
  const problemNames = summary.problems.map((item) => item.name).join(', ');

  return (
    <div className={styles.wrapper}>
      <div className={styles.summary}>
        <strong>
          {summary.running} of {summary.total} running
        </strong>
        <span className={styles.muted}>
          {summary.problems.length === 0 ? ' · all healthy' : ` · attention: ${problemNames}`}
        </span>
      </div>
      <ul className={styles.grid} aria-label="containers">
        {shown.map((container) => (
          <ContainerChip key={container.name} container={container} />
        ))}
      </ul>
    </div>
  );
}

function ContainerChip({ container }: { container: ContainerView }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const tone = STATUS_TONES[container.status];
  const accent = toneColor(theme, tone);

  return (
    <li
      className={cx(
        styles.chip,
        css({
          backgroundImage: `linear-gradient(120deg, ${toneWash(theme, tone)}, transparent 70%)`,
        }),
      )}
      data-state={container.state}
    >
      <span
        className={styles.dot}
        style={{ background: accent, boxShadow: `0 0 0 4px ${toneWash(theme, tone, 1.4)}` }}
        aria-hidden
      />
      <div className={styles.text}>
        <div className={styles.name} title={container.name}>
          {container.name}
        </div>
        <div className={styles.muted} title={container.subtitle}>
          <span style={{ color: container.status === 'good' ? undefined : accent }}>
            {container.note}
          </span>
          {container.subtitle && ` · ${container.subtitle}`}
        </div>
      </div>
    </li>
  );
}

function getStyles(theme: GrafanaTheme2) {
  return {
    wrapper: css({
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(1),
      height: '100%',
    }),
    summary: css({ fontSize: theme.typography.body.fontSize }),
    muted: css({
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    }),
    grid: css({
      listStyle: 'none',
      margin: 0,
      padding: 0,
      display: 'grid',
      gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
      gap: theme.spacing(1),
      overflowY: 'auto',
    }),
    chip: cx(
      glassCardStyle(theme),
      css({
        display: 'flex',
        alignItems: 'center',
        gap: theme.spacing(1.5),
        padding: theme.spacing(1, 1.5),
        minWidth: 0,
      }),
    ),
    dot: css({ width: 10, height: 10, borderRadius: theme.shape.radius.circle, flex: 'none' }),
    text: css({ minWidth: 0 }),
    name: css({
      fontWeight: theme.typography.fontWeightMedium,
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    }),
  };
}
