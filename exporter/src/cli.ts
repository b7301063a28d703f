#!/usr/bin/env -S node --max-semi-space-size=2 --optimize-for-size --expose-gc --v8-pool-size=1
// The flags keep V8 from growing its heap for the long first read of a large Pi-hole database,
// let the Pi-hole collector return the garbage of that read at once, and keep one V8 helper
// thread instead of four (each would hold memory of its own; an exporter needs one).
import { pino, type Logger } from 'pino';
import { loadCoreSettings, startExporter, type RunningExporter } from './app.js';
import { collectorNames, collectorPlugins } from './collectors/index.js';
import { coreSettingsSpec } from './config/core-settings.js';
import { parseFlags } from './config/flags.js';
import { flagOf, type Setting } from './config/settings.js';
import { ConfigError } from './core/errors.js';
import { exporterVersion } from './version.js';

const SHUTDOWN_LIMIT_MS = 5000;

const allSettings: Setting<unknown>[] = [
  ...Object.values(coreSettingsSpec(collectorNames)),
  ...collectorPlugins.flatMap((plugin) => Object.values(plugin.settings) as Setting<unknown>[]),
];

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage());
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`glass-exporter ${exporterVersion} (node ${process.version})\n`);
    return;
  }

  const knownFlags = new Set(allSettings.flatMap((s) => [flagOf(s), `${flagOf(s)}-file`]));
  const sources = { env: process.env, flags: parseFlags(argv, knownFlags) };
  const core = loadCoreSettings(sources);
  const logger = pino({ level: core.logLevel, base: { service: 'glass-exporter' } });

  const exporter = await startExporter(core, sources, logger);
  handleShutdown(exporter, logger);
}

function handleShutdown(exporter: RunningExporter, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');

    setTimeout(() => {
      logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();

    exporter.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function usage(): string {
  const rows = allSettings.map((setting) => {
    const fallback = setting.default === undefined ? '' : ` (default ${setting.default})`;
    return `  --${flagOf(setting)}  [${setting.env}]\n      ${setting.description}${fallback}\n`;
  });
  return (
    'Usage: glass-exporter [--flag=value ...]\n' +
    'Every flag can also be set by its environment variable, or by <VARIABLE>_FILE.\n\n' +
    rows.join('')
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`glass-exporter: ${err.message}\n`);
    process.exit(2);
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    process.stderr.write(
      `glass-exporter: cannot listen (${code}): ${(err as Error).message}; ` +
        'choose another GLASS_LISTEN_ADDRESS\n',
    );
    process.exit(1);
  }
  process.stderr.write(`glass-exporter: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
