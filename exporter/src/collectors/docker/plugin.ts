import { defineCollector } from '../../core/collector.js';
import { SourceError } from '../../core/errors.js';

export const dockerCollector = defineCollector({
  name: 'docker' as const,
  settings: {},
  create() {
    return {
      name: 'docker',
      async start() {},
      async stop() {},
      async collect() {
        throw new SourceError('the docker collector is not built yet', 'disable it in GLASS_COLLECTORS');
      },
    };
  },
});
