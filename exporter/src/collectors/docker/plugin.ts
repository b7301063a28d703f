import { defineCollector } from '../../core/collector.js';
import { positiveInteger, positiveSeconds } from '../../config/values.js';
import { DockerCollector } from './docker-collector.js';
import { dockerHost } from './docker-host.js';
import { DEFAULT_INFO_LABELS, infoLabels } from './info-labels.js';

export const dockerCollector = defineCollector({
  name: 'docker' as const,
  settings: {
    host: {
      env: 'DOCKER_HOST',
      flag: 'docker.host',
      description:
        'Engine API address: unix:///path/to/docker.sock, or tcp://host:port for a socket proxy.',
      default: 'unix:///var/run/docker.sock',
      parse: dockerHost,
    },
    statsIntervalSeconds: {
      env: 'DOCKER_STATS_INTERVAL_SECONDS',
      flag: 'docker.stats-interval',
      description: 'How often usage (CPU, memory, network, block I/O) is sampled and re-listed.',
      default: '15',
      parse: positiveSeconds,
    },
    statsConcurrency: {
      env: 'DOCKER_STATS_CONCURRENCY',
      flag: 'docker.stats-concurrency',
      description: 'Stats calls in flight at once while sampling.',
      default: '4',
      parse: positiveInteger,
    },
    infoLabels: {
      env: 'DOCKER_LABELS',
      flag: 'docker.labels',
      description:
        'Container labels copied onto docker_container_info (comma-separated; ' +
        'metric_label=container.label renames one; "none" for none).',
      default: DEFAULT_INFO_LABELS,
      parse: infoLabels,
    },
  },
  create(settings, { registry, logger }) {
    return new DockerCollector(settings, registry, logger);
  },
});
