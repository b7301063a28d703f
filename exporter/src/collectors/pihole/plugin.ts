import { defineCollector } from '../../core/collector.js';
import { SourceError } from '../../core/errors.js';

export const piholeCollector = defineCollector({
  name: 'pihole' as const,
  settings: {},
  create() {
    return {
      name: 'pihole',
      async start() {},
      async stop() {},
      async collect() {
        throw new SourceError('the pihole collector is not built yet', 'disable it in GLASS_COLLECTORS');
      },
    };
  },
});
