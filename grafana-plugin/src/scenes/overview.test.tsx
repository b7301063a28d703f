import {
  DataQueryRequest,
  DataSourceApi,
  DataSourceInstanceSettings,
  LoadingState,
  PanelData,
  PluginType,
} from '@grafana/data';
import {
  DataSourceSrv,
  setDataSourceSrv,
  setPluginImportUtils,
  setRunRequest,
} from '@grafana/runtime';
import { render, screen, within } from '@testing-library/react';
import React from 'react';
import { Observable, of } from 'rxjs';

import { sceneGraph } from '@grafana/scenes';

import { registerGlassPanels } from '../panels/register';
import { CONTAINER_RUNNING } from '../queries';
import { seriesFrame } from '../test/frames';
import { overviewScene } from './overview';

// Panels only draw once they know their size; jsdom has no layout, so report a fixed one.
vi.mock('react-use', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-use')>();
  const size = { width: 1200, height: 400, x: 0, y: 0, top: 0, left: 0, bottom: 400, right: 1200 };
  return { ...actual, useMeasure: () => [() => undefined, size] };
});

const prometheus = {
  uid: 'prom-home',
  name: 'Home Prometheus',
  type: 'prometheus',
  id: 1,
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: {
    id: 'prometheus',
    name: 'Prometheus',
    type: PluginType.datasource,
    info: { logos: { small: '', large: '' } },
  },
} as unknown as DataSourceInstanceSettings;

/** What Prometheus would answer, by query refId. */
const ANSWERS: Record<string, ReturnType<typeof seriesFrame>[]> = {
  dnsRate: [seriesFrame('dnsRate', {}, [120, 180])],
  containersRunning: [seriesFrame('containersRunning', {}, [4])],
  containersTotal: [seriesFrame('containersTotal', {}, [4])],
  collectors: [
    seriesFrame('collectors', { collector: 'pihole' }, [1]),
    seriesFrame('collectors', { collector: 'mqtt' }, [0]),
  ],
  temperature: [seriesFrame('temperature', { device: 'garage', sensor: 'AM2301' }, [30.5, 31])],
  running: [seriesFrame('running', { name: 'pihole' }, [1])],
};

function installGrafanaServices(requests: DataQueryRequest[]) {
  // A running Grafana registers these services at start-up; the scene reaches them through
  // @grafana/runtime exactly as it would inside Grafana.
  const ref = { uid: prometheus.uid, type: 'prometheus' };
  const api = { ...ref, name: prometheus.name, meta: prometheus.meta, getRef: () => ref };
  const srv: Partial<DataSourceSrv> = {
    getList: () => [prometheus],
    getInstanceSettings: () => prometheus,
    get: async () => api as unknown as DataSourceApi,
  };
  setDataSourceSrv(srv as DataSourceSrv);
  setPluginImportUtils({
    getPanelPluginFromCache: () => undefined,
    importPanelPlugin: (id: string) => Promise.reject(new Error(`no core panel ${id} in tests`)),
  });
  setRunRequest((_ds, request): Observable<PanelData> => {
    requests.push(request);
    const series = request.targets.flatMap((target) => ANSWERS[target.refId] ?? []);
    return of({ state: LoadingState.Done, series, timeRange: request.range });
  });
}

describe('Overview scene', () => {
  beforeAll(() => registerGlassPanels());

  it('queries the configured Prometheus and shows the answers in the glass panels', async () => {
    const requests: DataQueryRequest[] = [];
    installGrafanaServices(requests);
    const scene = overviewScene({ prometheusUid: 'prom-home' });

    render(<scene.Component model={scene} />);

    const collectors = await screen.findByRole('region', { name: 'Exporter collectors' });
    expect(within(collectors).getByText('1 / 2')).toBeInTheDocument();
    expect(within(collectors).getByText('down: mqtt')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Containers running' })).toHaveTextContent('4 / 4');
    expect(await screen.findByText('31.0 °C')).toBeInTheDocument();
    expect(await screen.findByText('1 of 1 running')).toBeInTheDocument();

    const exprs = requests.flatMap((request) =>
      request.targets.map((t) => (t as { expr?: string }).expr),
    );
    expect(exprs).toContain('glass_collector_up');
    expect(exprs).toContain(CONTAINER_RUNNING);
    expect(sceneGraph.interpolate(scene, CONTAINER_RUNNING)).toBe(
      'docker_container_running{name=~".+"}',
    );
    expect(requests.every((request) => request.targets[0]?.datasource?.uid === 'prom-home')).toBe(
      true,
    );
  });
});
