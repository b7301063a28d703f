import { defineCollector } from '../../core/collector.js';
import { SourceError } from '../../core/errors.js';

export const mqttCollector = defineCollector({
  name: 'mqtt' as const,
  settings: {},
  create() {
    return {
      name: 'mqtt',
      async start() {},
      async stop() {},
      async collect() {
        throw new SourceError('the mqtt collector is not built yet', 'disable it in GLASS_COLLECTORS');
      },
    };
  },
});
