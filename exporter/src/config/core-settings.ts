import type { SettingsSpec } from './settings.js';
import {
  httpPath,
  listenAddress,
  oneOf,
  positiveSeconds,
  subsetOf,
  text,
  type ListenAddress,
} from './values.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface CoreSettings {
  listenAddress: ListenAddress;
  telemetryPath: string;
  webConfigFile: string | undefined;
  collectors: string[];
  collectorTimeoutSeconds: number;
  logLevel: (typeof logLevels)[number];
}

export function coreSettingsSpec(collectorNames: readonly string[]): SettingsSpec<CoreSettings> {
  return {
    listenAddress: {
      env: 'GLASS_LISTEN_ADDRESS',
      flag: 'web.listen-address',
      description: 'Address and port the HTTP server listens on.',
      default: '0.0.0.0:9617',
      parse: listenAddress,
    },
    telemetryPath: {
      env: 'GLASS_TELEMETRY_PATH',
      flag: 'web.telemetry-path',
      description: 'Path that serves the metrics.',
      default: '/metrics',
      parse: httpPath,
    },
    webConfigFile: {
      env: 'GLASS_WEB_CONFIG_FILE',
      flag: 'web.config.file',
      description: 'exporter-toolkit web configuration (TLS, basic auth); none means plain HTTP.',
      parse: text,
    },
    collectors: {
      env: 'GLASS_COLLECTORS',
      flag: 'collectors',
      description: 'Comma-separated collectors to enable.',
      default: collectorNames.join(','),
      parse: subsetOf(collectorNames),
    },
    collectorTimeoutSeconds: {
      env: 'GLASS_COLLECTOR_TIMEOUT_SECONDS',
      flag: 'collector.timeout',
      description: 'Deadline of each collector in a scrape; a slower one is reported down.',
      default: '5',
      parse: positiveSeconds,
    },
    logLevel: {
      env: 'LOG_LEVEL',
      flag: 'log.level',
      description: 'Log level.',
      default: 'info',
      parse: oneOf(logLevels),
    },
  };
}
