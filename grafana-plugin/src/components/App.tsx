import { AppRootProps } from '@grafana/data';
import { SceneApp, useSceneApp } from '@grafana/scenes';
import React, { useMemo } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

import { ROUTES } from '../constants';
import { registerGlassPanels } from '../panels/register';
import { createHubApp } from '../scenes/app';
import { HubSettings } from '../types';

registerGlassPanels();

const apps = new Map<string, () => SceneApp>();

/** One factory per settings, so `useSceneApp` keeps the same app across navigation. */
function factoryFor(settings: HubSettings): () => SceneApp {
  const key = JSON.stringify([settings.prometheusUid ?? '', settings.alertmanagerUid ?? '']);
  let factory = apps.get(key);
  if (!factory) {
    factory = () => createHubApp(settings);
    apps.set(key, factory);
  }
  return factory;
}

export default function App({ meta }: AppRootProps<HubSettings>) {
  const settings = meta.jsonData ?? {};
  const factory = useMemo(() => factoryFor(settings), [settings]);
  const scene = useSceneApp(factory);

  // The app's own root has no page of its own: it opens the Overview.
  return (
    <Routes>
      <Route index element={<Navigate to={ROUTES.Overview} replace />} />
      <Route path="*" element={<scene.Component model={scene} />} />
    </Routes>
  );
}
