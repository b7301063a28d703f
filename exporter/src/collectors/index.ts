import type { CollectorPlugin } from '../core/collector.js';
import { dockerCollector } from './docker/plugin.js';
import { mqttCollector } from './mqtt/plugin.js';
import { piholeCollector } from './pihole/plugin.js';

/** Every collector the exporter knows, by the name used in GLASS_COLLECTORS. */
export const collectorPlugins = [piholeCollector, dockerCollector, mqttCollector] as const;

export type CollectorName = (typeof collectorPlugins)[number]['name'];

export const collectorNames = collectorPlugins.map((plugin) => plugin.name) as CollectorName[];

export function pluginNamed(name: string): CollectorPlugin<object> | undefined {
  return collectorPlugins.find((plugin) => plugin.name === name) as
    CollectorPlugin<object> | undefined;
}
