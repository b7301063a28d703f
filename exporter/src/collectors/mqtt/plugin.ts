import { defineCollector } from '../../core/collector.js';
import { MqttCollector } from './collector.js';
import { mqttSettingsSpec } from './settings.js';

export const mqttCollector = defineCollector({
  name: 'mqtt' as const,
  settings: mqttSettingsSpec,
  create(settings, { registry, logger }) {
    return new MqttCollector(settings, registry, logger);
  },
});
