import {
  DataFrame,
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
import { Observable, of } from 'rxjs';

let panelLoaderInstalled = false;

export const HOME_PROMETHEUS = {
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

/**
 * Registers what a running Grafana registers at start-up (data source service, query runner,
 * panel plugin loader), answering each query refId with the given frames. The scene reaches them
 * through @grafana/runtime exactly as it would inside Grafana. Returns the requests it received.
 */
export function installGrafanaServices(answers: Record<string, DataFrame[]>): DataQueryRequest[] {
  const requests: DataQueryRequest[] = [];
  const ref = { uid: HOME_PROMETHEUS.uid, type: 'prometheus' };
  const api = { ...ref, name: HOME_PROMETHEUS.name, meta: HOME_PROMETHEUS.meta, getRef: () => ref };
  const srv: Partial<DataSourceSrv> = {
    getList: () => [HOME_PROMETHEUS],
    getInstanceSettings: () => HOME_PROMETHEUS,
    get: async () => api as unknown as DataSourceApi,
  };

  setDataSourceSrv(srv as DataSourceSrv);
  if (!panelLoaderInstalled) {
    // Grafana allows this one to be set once per page load, like at its own start-up.
    setPluginImportUtils({
      getPanelPluginFromCache: () => undefined,
      importPanelPlugin: (id: string) => Promise.reject(new Error(`no core panel ${id} in tests`)),
    });
    panelLoaderInstalled = true;
  }
  setRunRequest((_ds, request): Observable<PanelData> => {
    requests.push(request);
    const series = request.targets.flatMap((target) => answers[target.refId] ?? []);
    return of({ state: LoadingState.Done, series, timeRange: request.range });
  });

  return requests;
}
