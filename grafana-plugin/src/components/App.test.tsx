import { AppPluginMeta, PluginType } from '@grafana/data';
import { LocationServiceProvider, locationService } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import React, { ReactNode, useLayoutEffect, useState } from 'react';
import { Route, Router, Routes, useLocation } from 'react-router-dom';

import { seriesFrame } from '../test/frames';
import { installGrafanaServices } from '../test/grafana-services';
import { HubSettings } from '../types';
import App from './App';

vi.mock('react-use', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-use')>();
  const size = { width: 1200, height: 400, x: 0, y: 0, top: 0, left: 0, bottom: 400, right: 1200 };
  return { ...actual, useMeasure: () => [() => undefined, size] };
});

const meta = {
  id: 'glassgallery-hub-app',
  name: 'Glass Gallery Hub',
  type: PluginType.app,
  enabled: true,
  jsonData: { prometheusUid: 'prom-home' },
  info: { logos: { small: '', large: '' } },
} as unknown as AppPluginMeta<HubSettings>;

function CurrentPath() {
  return <output aria-label="path">{useLocation().pathname}</output>;
}

/** Grafana's routing: one history shared by react-router and the location service. */
function GrafanaRouter({ children }: { children: ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((next: typeof location) => setLocation(next)), [history]);

  return (
    <LocationServiceProvider service={locationService}>
      <Router location={location} navigator={history}>
        {children}
      </Router>
    </LocationServiceProvider>
  );
}

function renderAppAt(path: string) {
  locationService.push(path);

  // Grafana mounts an app's root page under /a/<plugin id>/*.
  render(
    <GrafanaRouter>
      <Routes>
        <Route
          path="/a/glassgallery-hub-app/*"
          element={
            <App
              meta={meta}
              basename="/a/glassgallery-hub-app"
              query={{}}
              path=""
              onNavChanged={() => undefined}
            />
          }
        />
      </Routes>
      <CurrentPath />
    </GrafanaRouter>,
  );
}

describe('App', () => {
  beforeEach(() => {
    installGrafanaServices({
      collectors: [seriesFrame('collectors', { collector: 'docker' }, [1])],
    });
  });

  it('opens the Overview from the app root', async () => {
    renderAppAt('/a/glassgallery-hub-app');

    expect(await screen.findByRole('region', { name: 'Exporter collectors' })).toHaveTextContent(
      '1 / 1',
    );
    expect(screen.getByRole('status', { name: 'path' })).toHaveTextContent(
      '/a/glassgallery-hub-app/overview',
    );
  });

  it('renders the DNS page at its own address', async () => {
    renderAppAt('/a/glassgallery-hub-app/dns');

    expect(
      await screen.findByRole('region', { name: 'Domains on blocklists' }),
    ).toBeInTheDocument();
  });
});
