import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { collectorNames, pluginNamed } from './collectors/index.js';
import { coreSettingsSpec, type CoreSettings } from './config/core-settings.js';
import { loadSettings, type SettingSources } from './config/settings.js';
import { CollectorSet, type CollectorEntry } from './core/collector-set.js';
import { buildServer } from './http/server.js';
import { loadWebConfig } from './http/web-config.js';
import { exporterVersion } from './version.js';

export interface RunningExporter {
  readonly server: FastifyInstance;
  readonly collectors: CollectorSet;
  /** The address actually bound, e.g. `http://127.0.0.1:9617`. */
  readonly url: string;
  close(): Promise<void>;
}

export function loadCoreSettings(sources: SettingSources): CoreSettings {
  return loadSettings(coreSettingsSpec(collectorNames), sources);
}

/**
 * Validates every setting of the enabled collectors and the web config, then listens and starts
 * the collectors. Anything invalid throws before the port is bound.
 */
export async function startExporter(
  core: CoreSettings,
  sources: SettingSources,
  logger: Logger,
): Promise<RunningExporter> {
  const entries = core.collectors.map((name): CollectorEntry => {
    const plugin = pluginNamed(name);
    if (!plugin) throw new Error(`collector ${name} is not known`);

    const settings = loadSettings(plugin.settings, sources);
    const registry = new Registry();
    const collectorLogger = logger.child({ collector: name });
    const collector = plugin.create(settings, { registry, logger: collectorLogger });
    return { collector, registry, logger: collectorLogger };
  });
  const webConfig = core.webConfigFile ? loadWebConfig(core.webConfigFile) : undefined;

  const coreRegistry = new Registry();
  collectDefaultMetrics({ register: coreRegistry });
  new Gauge({
    name: 'glass_build_info',
    help: 'Build of the running Glass Gallery exporter; always 1.',
    labelNames: ['version', 'nodejs_version'],
    registers: [coreRegistry],
  }).set({ version: exporterVersion, nodejs_version: process.version }, 1);

  const collectors = new CollectorSet(entries, coreRegistry, logger);
  const server = buildServer({
    collectors,
    telemetryPath: core.telemetryPath,
    collectorTimeoutSeconds: core.collectorTimeoutSeconds,
    webConfig,
    version: exporterVersion,
    logger,
  });

  await server.listen({ host: core.listenAddress.host, port: core.listenAddress.port });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : core.listenAddress.port;
  const host = core.listenAddress.host.includes(':')
    ? `[${core.listenAddress.host}]`
    : core.listenAddress.host;
  const url = `${webConfig?.tls ? 'https' : 'http'}://${host}:${port}`;
  logger.info({ url, collectors: core.collectors, tls: Boolean(webConfig?.tls) }, 'listening');

  const started = collectors.startAll();

  return {
    server,
    collectors,
    url,
    async close() {
      // Stopping at once cuts short a start still waiting on a slow source; stopping again
      // once every start has settled releases what a start opened meanwhile.
      await Promise.all([collectors.stopAll(), server.close()]);
      await started;
      await collectors.stopAll();
    },
  };
}
