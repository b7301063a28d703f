import { defineCollector } from '../../core/collector.js';
import { loadOnStart } from '../../core/load-on-start.js';
import { mqttSettingsSpec } from './settings.js';

export const mqttCollector = defineCollector({
  name: 'mqtt' as const,
  settings: mqttSettingsSpec,
  create(settings, { registry, logger }) {
    return loadOnStart('mqtt', async () => {
      const { MqttCollector } = await import('./collector.js');
      return new MqttCollector(settings, registry, logger);
    });
  },
});
