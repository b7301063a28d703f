import { hostname } from 'node:os';
import { defineCollector } from '../../core/collector.js';
import { RejectedValue } from '../../config/settings.js';
import { boolean, text } from '../../config/values.js';
import { loadOnStart } from '../../core/load-on-start.js';
import type { PiholeSettings } from './collector.js';

function wholeNumberUpTo(max: number) {
  return (raw: string): number => {
    const value = Number(raw.trim());
    if (!/^\d+$/.test(raw.trim()) || value < 1 || value > max) {
      throw new RejectedValue(`a whole number from 1 to ${max}`);
    }
    return value;
  };
}

export const piholeCollector = defineCollector<PiholeSettings>({
  name: 'pihole' as const,
  settings: {
    ftlDb: {
      env: 'PIHOLE_FTL_DB',
      description: "Path of FTL's long-term query database, opened read-only.",
      default: '/etc/pihole/pihole-FTL.db',
      parse: text,
    },
    gravityDb: {
      env: 'PIHOLE_GRAVITY_DB',
      description: "Path of Pi-hole's blocklist database, for the number of blocked domains.",
      default: '/etc/pihole/gravity.db',
      parse: text,
    },
    topN: {
      env: 'PIHOLE_TOP_N',
      description: 'How many domains and clients the top lists of the last 24 h show.',
      default: '10',
      parse: wholeNumberUpTo(100),
    },
    maxClients: {
      env: 'PIHOLE_MAX_CLIENTS',
      description: 'Clients with a series of their own in pihole_client_queries_total.',
      default: '50',
      parse: wholeNumberUpTo(1000),
    },
    compatMetrics: {
      env: 'PIHOLE_COMPAT_METRICS',
      description: "Also expose eko/pihole-exporter's gauges (Grafana dashboard 10176).",
      default: 'true',
      parse: boolean,
    },
    hostname: {
      env: 'PIHOLE_HOSTNAME',
      description: 'Value of the hostname label on the compatibility gauges.',
      default: hostname(),
      parse: text,
    },
  },
  create(settings, { registry, logger }) {
    return loadOnStart('pihole', async () => {
      const { PiholeCollector } = await import('./collector.js');
      return new PiholeCollector(settings, registry, logger);
    });
  },
});
