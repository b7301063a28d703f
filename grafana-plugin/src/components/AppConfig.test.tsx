import { AppPlugin, AppPluginMeta, DataSourceInstanceSettings, PluginType } from '@grafana/data';
import {
  BackendSrv,
  BackendSrvRequest,
  DataSourceSrv,
  setBackendSrv,
  setDataSourceSrv,
} from '@grafana/runtime';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { Observable, of, throwError } from 'rxjs';

import { HubSettings } from '../types';
import { AppConfig } from './AppConfig';

// Stand-ins for the services a running Grafana registers at start-up.
function dataSource(uid: string, name: string, type: string): DataSourceInstanceSettings {
  return {
    uid,
    name,
    type,
    id: 0,
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    meta: {
      id: type,
      name: type,
      type: PluginType.datasource,
      metrics: true,
      info: { logos: { small: '', large: '' } },
    } as never,
  } as DataSourceInstanceSettings;
}

const dataSources = [
  dataSource('prom-home', 'Home Prometheus', 'prometheus'),
  dataSource('prom-lab', 'Lab Prometheus', 'prometheus'),
  dataSource('am-home', 'Home Alertmanager', 'alertmanager'),
];

function installDataSources() {
  const srv: Partial<DataSourceSrv> = {
    getList: (filters = {}) =>
      dataSources.filter((ds) => !filters.pluginId || ds.type === filters.pluginId),
    getInstanceSettings: (ref) => {
      const uid = typeof ref === 'string' ? ref : ref?.uid;
      return dataSources.find((ds) => ds.uid === uid || ds.name === uid);
    },
  };
  setDataSourceSrv(srv as DataSourceSrv);
}

function installBackend(fetch: (request: BackendSrvRequest) => Observable<unknown>) {
  const requests: BackendSrvRequest[] = [];
  setBackendSrv({
    fetch: (request: BackendSrvRequest) => {
      requests.push(request);
      return fetch(request);
    },
  } as unknown as BackendSrv);
  return requests;
}

function pluginWith(jsonData: HubSettings, enabled = true): AppPlugin<HubSettings> {
  const plugin = new AppPlugin<HubSettings>();
  plugin.meta = {
    id: 'glassgallery-hub-app',
    enabled,
    pinned: true,
    jsonData,
  } as AppPluginMeta<HubSettings>;
  return plugin;
}

async function choose(inputId: string, optionName: string) {
  const input = document.getElementById(inputId);
  if (!input) {
    throw new Error(`no input #${inputId}`);
  }
  await userEvent.click(input);
  await userEvent.click(await screen.findByText(optionName));
}

describe('AppConfig', () => {
  const reload = vi.fn();

  beforeEach(() => {
    installDataSources();
    reload.mockReset();
    Object.defineProperty(window, 'location', {
      value: { ...window.location, reload },
      writable: true,
    });
  });

  it('saves the chosen Prometheus and Alertmanager in jsonData and enables the app', async () => {
    const requests = installBackend(() => of({ data: {} }));
    render(<AppConfig plugin={pluginWith({}, false)} query={{}} />);

    await choose('glass-prometheus', 'Lab Prometheus');
    await choose('glass-alertmanager', 'Home Alertmanager');
    await userEvent.click(screen.getByRole('button', { name: 'Enable and save' }));

    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(requests).toEqual([
      {
        url: '/api/plugins/glassgallery-hub-app/settings',
        method: 'POST',
        data: {
          enabled: true,
          pinned: true,
          jsonData: { prometheusUid: 'prom-lab', alertmanagerUid: 'am-home' },
        },
      },
    ]);
  });

  it('shows the provisioned data source and keeps it when saving', async () => {
    const requests = installBackend(() => of({ data: {} }));
    render(<AppConfig plugin={pluginWith({ prometheusUid: 'prom-home' })} query={{}} />);

    expect(await screen.findByText('Home Prometheus')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.data.jsonData).toEqual({ prometheusUid: 'prom-home' });
  });

  it('cannot be saved before a Prometheus data source is picked', () => {
    installBackend(() => of({ data: {} }));
    render(<AppConfig plugin={pluginWith({}, false)} query={{}} />);

    expect(screen.getByRole('button', { name: 'Enable and save' })).toBeDisabled();
  });

  it('explains a refused save and does not reload', async () => {
    installBackend(() =>
      throwError(() => ({ status: 403, data: { message: 'Permission denied' } })),
    );
    render(<AppConfig plugin={pluginWith({ prometheusUid: 'prom-home' })} query={{}} />);

    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText(/HTTP 403\): Permission denied/)).toBeInTheDocument();
    expect(reload).not.toHaveBeenCalled();
  });
});
