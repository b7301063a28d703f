import { EmbeddedScene, SceneApp, SceneAppPage } from '@grafana/scenes';

import { prefixRoute, ROUTES } from '../constants';
import { HubSettings } from '../types';
import { alertsScene } from './alerts';
import { containersScene } from './containers';
import { dnsScene } from './dns';
import { overviewScene } from './overview';
import { sensorsScene } from './sensors';

interface PageSpec {
  route: ROUTES;
  title: string;
  subTitle: string;
  build: (settings: HubSettings) => EmbeddedScene;
}

export const PAGES: PageSpec[] = [
  {
    route: ROUTES.Overview,
    title: 'Overview',
    subTitle:
      'Is the home lab fine? DNS, containers, sensors, alerts and the exporter at a glance.',
    build: overviewScene,
  },
  {
    route: ROUTES.Dns,
    title: 'DNS',
    subTitle: 'Pi-hole queries, blocking, upstreams and clients.',
    build: dnsScene,
  },
  {
    route: ROUTES.Containers,
    title: 'Containers',
    subTitle: 'Docker or Podman containers: state, health and resources.',
    build: containersScene,
  },
  {
    route: ROUTES.Sensors,
    title: 'Sensors',
    subTitle: 'ESP32 readings over MQTT.',
    build: sensorsScene,
  },
  {
    route: ROUTES.Alerts,
    title: 'Alerts',
    subTitle: 'Firing alerts and the e-mail delivery of the alert mailer.',
    build: alertsScene,
  },
];

export function createHubApp(settings: HubSettings): SceneApp {
  return new SceneApp({
    name: 'glass-gallery-hub',
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
    pages: PAGES.map(
      (page) =>
        new SceneAppPage({
          title: page.title,
          subTitle: page.subTitle,
          url: prefixRoute(page.route),
          routePath: page.route,
          getScene: () => page.build(settings),
        }),
    ),
  });
}
