import { AppPlugin, AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import React, { lazy, Suspense } from 'react';

import { AppConfig } from './components/AppConfig';
import { HubSettings } from './types';

const LazyApp = lazy(() => import('./components/App'));

function App(props: AppRootProps<HubSettings>) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading the Glass Gallery hub…" />}>
      <LazyApp {...props} />
    </Suspense>
  );
}

export const plugin = new AppPlugin<HubSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
