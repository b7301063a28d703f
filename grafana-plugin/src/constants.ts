import pluginJson from './plugin.json';

export const PLUGIN_ID: string = pluginJson.id;

export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

export enum ROUTES {
  Overview = 'overview',
  Dns = 'dns',
  Containers = 'containers',
  Sensors = 'sensors',
  Alerts = 'alerts',
}

export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/** Ids of the visualisations the app registers at run time; prefixed so they cannot collide. */
export const PANEL_IDS = {
  statTiles: 'glassgallery-stat-tiles',
  containerGrid: 'glassgallery-container-grid',
  sensorCards: 'glassgallery-sensor-cards',
  dnsRing: 'glassgallery-dns-ring',
} as const;
