import { css, cx } from '@emotion/css';
import { GrafanaTheme2, PanelData, PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React, { ComponentType, useEffect, useState } from 'react';

import { ContainerGridPanel } from '../src/panels/container-grid/ContainerGridPanel';
import { DnsRingOptions, DnsRingPanel } from '../src/panels/dns-ring/DnsRingPanel';
import { DEFAULT_SENSOR_OPTIONS } from '../src/panels/sensor-cards/model';
import { SensorCardsPanel } from '../src/panels/sensor-cards/SensorCardsPanel';
import { StatTilesPanel } from '../src/panels/stat-tiles/StatTilesPanel';
import {
  CONTAINER_GRID_QUERIES,
  DNS_RING_QUERIES,
  OVERVIEW_TILE_QUERIES,
  OVERVIEW_TILES,
  SENSOR_CARD_QUERIES,
} from '../src/scenes/overview-panels';
import { QuerySpec } from '../src/scenes/query-spec';
import { backdropStyle } from '../src/theme/glass';
import { QueryWindow, runQueries } from './prometheus';

interface PanelSpec<T> {
  key: string;
  title: string;
  component: ComponentType<PanelProps<T>>;
  options: T;
  queries: QuerySpec[];
  height: number;
  width?: number;
}

// The Overview page's rows, with the same panels, options and queries as the app's scene.
const ROWS: Array<Array<PanelSpec<never>>> = [
  [panel('tiles', '', StatTilesPanel, { tiles: OVERVIEW_TILES }, OVERVIEW_TILE_QUERIES, 136)],
  [
    panel<DnsRingOptions>(
      'ring',
      'DNS blocked share',
      DnsRingPanel,
      { caption: 'in the selected time range' },
      DNS_RING_QUERIES,
      270,
      420,
    ),
    panel('containers', 'Containers', ContainerGridPanel, {}, CONTAINER_GRID_QUERIES, 270),
  ],
  [panel('sensors', 'Sensors', SensorCardsPanel, DEFAULT_SENSOR_OPTIONS, SENSOR_CARD_QUERIES, 200)],
];

function panel<T>(
  key: string,
  title: string,
  component: ComponentType<PanelProps<T>>,
  options: T,
  queries: QuerySpec[],
  height: number,
  width?: number,
): PanelSpec<never> {
  return { key, title, component, options, queries, height, width } as unknown as PanelSpec<never>;
}

interface Props {
  window: QueryWindow;
  onReady: () => void;
}

export function OverviewPreview({ window, onReady }: Props) {
  const styles = useStyles2(getStyles);
  const [data, setData] = useState<Record<string, PanelData>>({});

  useEffect(() => {
    const specs = ROWS.flat();
    Promise.all(
      specs.map(async (spec) => [spec.key, await runQueries(spec.queries, window)] as const),
    ).then((results) => {
      setData(Object.fromEntries(results));
      onReady();
    });
  }, [window, onReady]);

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <h1 className={styles.title}>Overview</h1>
        <p className={styles.subtitle}>
          Is the home lab fine? DNS, containers, sensors, alerts and the exporter at a glance.
        </p>
      </header>
      <div className={styles.backdrop}>
        {ROWS.map((row, index) => (
          <div key={index} className={styles.row}>
            {row.map((spec) => (
              <PreviewPanel key={spec.key} spec={spec} data={data[spec.key]} window={window} />
            ))}
          </div>
        ))}
      </div>
    </main>
  );
}

function PreviewPanel({
  spec,
  data,
  window,
}: {
  spec: PanelSpec<never>;
  data?: PanelData;
  window: QueryWindow;
}) {
  const styles = useStyles2(getStyles);
  const Component = spec.component;
  const width = spec.width ?? 900;
  const bodyHeight = spec.height - (spec.title ? 32 : 0);
  const panelData: PanelData = data ?? {
    state: 'Loading' as never,
    series: [],
    timeRange: window.range,
  };

  return (
    <section
      className={styles.panel}
      style={{ height: spec.height, flex: spec.width ? `0 0 ${spec.width}px` : 1 }}
    >
      {spec.title && <h2 className={styles.panelTitle}>{spec.title}</h2>}
      <div style={{ height: bodyHeight }}>
        <Component
          id={0}
          data={panelData}
          options={spec.options}
          timeRange={window.range}
          timeZone="browser"
          transparent
          width={width}
          height={bodyHeight}
          fieldConfig={{ defaults: {}, overrides: [] }}
          renderCounter={0}
          title={spec.title}
          eventBus={undefined as never}
          onOptionsChange={() => undefined}
          onFieldConfigChange={() => undefined}
          replaceVariables={(value: string) => value}
          onChangeTimeRange={() => undefined}
        />
      </div>
    </section>
  );
}

function getStyles(theme: GrafanaTheme2) {
  return {
    page: css({
      minHeight: '100vh',
      padding: theme.spacing(3),
      background: theme.colors.background.canvas,
    }),
    header: css({ marginBottom: theme.spacing(2) }),
    title: css({ margin: 0, fontSize: theme.typography.h2.fontSize }),
    subtitle: css({ margin: 0, color: theme.colors.text.secondary }),
    backdrop: cx(
      backdropStyle(theme),
      css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
    ),
    row: css({ display: 'flex', gap: theme.spacing(2) }),
    panel: css({ minWidth: 0, display: 'flex', flexDirection: 'column' }),
    panelTitle: css({
      margin: 0,
      padding: theme.spacing(0.5, 1),
      height: 32,
      fontSize: theme.typography.h6.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
    }),
  };
}
