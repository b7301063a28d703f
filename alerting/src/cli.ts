#!/usr/bin/env node
import { readFileSync } from 'node:fs';

import { startMailer } from './app.js';
import { loadConfig } from './config/env.js';
import { ConfigError } from './errors.js';
import { createLogger } from './logging/logger.js';

const USAGE = `Usage: glass-mailer

Receives Alertmanager webhooks on POST /webhook and mails them through SMTP, with a durable
outbox. Configured by environment variables (secrets also as <VAR>_FILE):

  MAILER_LISTEN_ADDRESS   host:port to listen on (default 0.0.0.0:9095)
  MAILER_METRICS_LISTEN_ADDRESS
                          host:port of a listener for /metrics alone (default: /metrics is
                          served on MAILER_LISTEN_ADDRESS)
  MAILER_SMTP_URL         smtps://user:pass@host:465 or smtp://user:pass@host:587 (required)
  MAILER_SMTP_CA_FILE     PEM file of a private CA that signed the SMTP certificate
  MAILER_FROM             sender address (required)
  MAILER_TO               default recipients, comma-separated (required)
  MAILER_WEBHOOK_TOKEN    token callers must send as Bearer or Basic password
  MAILER_DATA_DIR         outbox directory (default ./data)

Options: --help, --version
`;

const EXIT_CONFIG = 78;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  if (argv.length > 0) {
    fail(`unknown argument ${JSON.stringify(argv[0])}; see glass-mailer --help`, 2);
  }

  const log = createLogger();
  let mailer;
  try {
    mailer = await startMailer({ config: loadConfig(process.env), log });
  } catch (error) {
    if (error instanceof ConfigError) {
      fail(error.message, EXIT_CONFIG);
    }
    throw error;
  }
  log.info(
    { url: mailer.url, metricsUrl: mailer.metricsUrl, version: packageVersion() },
    'mailer listening',
  );

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      return;
    }
    closing = true;
    log.info({ signal }, 'shutting down');
    mailer.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

function fail(message: string, code: number): never {
  process.stderr.write(`glass-mailer: ${message.replace(/[\r\n]+/g, ' ')}\n`);
  process.exit(code);
}

function packageVersion(): string {
  const url = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`glass-mailer: failed to start: ${String(error)}\n`);
  process.exit(1);
});
