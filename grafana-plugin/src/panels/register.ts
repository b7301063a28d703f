import { PanelPlugin } from '@grafana/data';
import { sceneUtils } from '@grafana/scenes';

import { PANEL_IDS } from '../constants';
import { ContainerGridPanel } from './container-grid/ContainerGridPanel';
import { DnsRingPanel } from './dns-ring/DnsRingPanel';
import { SensorCardsPanel } from './sensor-cards/SensorCardsPanel';
import { StatTilesPanel } from './stat-tiles/StatTilesPanel';

let registered = false;

/**
 * Registers the glass visualisations with Scenes. Scenes refuses a second registration of an
 * id, and the app root can mount more than once, so this runs at most once per page load.
 */
export function registerGlassPanels(): void {
  if (registered) {
    return;
  }
  registered = true;

  sceneUtils.registerRuntimePanelPlugin({
    pluginId: PANEL_IDS.statTiles,
    plugin: new PanelPlugin(StatTilesPanel),
  });
  sceneUtils.registerRuntimePanelPlugin({
    pluginId: PANEL_IDS.containerGrid,
    plugin: new PanelPlugin(ContainerGridPanel),
  });
  sceneUtils.registerRuntimePanelPlugin({
    pluginId: PANEL_IDS.sensorCards,
    plugin: new PanelPlugin(SensorCardsPanel),
  });
  sceneUtils.registerRuntimePanelPlugin({
    pluginId: PANEL_IDS.dnsRing,
    plugin: new PanelPlugin(DnsRingPanel),
  });
}
