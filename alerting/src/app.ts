import type { AddressInfo } from 'node:net';

import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import type { MailerConfig } from './config/env.js';
import type { ListenAddress } from './config/listen-address.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './delivery/backoff.js';
import { createSmtpSender, type MailSender, type TransportOptions } from './delivery/transport.js';
import { DeliveryWorker } from './delivery/worker.js';
import { ConfigError } from './errors.js';
import { buildMetricsServer, buildServer } from './http/server.js';
import { createMetrics } from './metrics/metrics.js';
import { GroupCommit } from './outbox/group-commit.js';
import { OutboxStore } from './outbox/store.js';

/** Duplicates are recognised for this long; a later identical notification mails again. */
export const DEFAULT_DEDUPE_WINDOW_MS = 3_600_000;
/** Sent and dead-lettered rows are kept this long for deduplication and inspection. */
const RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_INTERVAL_MS = 3_600_000;

export interface MailerOptions {
  config: MailerConfig;
  log: Logger;
  retryPolicy?: Partial<RetryPolicy>;
  dedupeWindowMs?: number;
  transport?: TransportOptions;
}

export interface RunningMailer {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:9095. */
  url: string;
  /** Base URL that serves /metrics: `url`, or the metrics listener's when it has one. */
  metricsUrl: string;
  port: number;
  store: OutboxStore;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** Opens the outbox, starts delivery and the HTTP server; fails before listening on bad setup. */
export async function startMailer(options: MailerOptions): Promise<RunningMailer> {
  const { config, log } = options;
  const store = openStore(config.dataDir);
  const resumed = store.resume(Date.now());
  const metrics = createMetrics(() => store.stats());
  log.info(
    {
      dataDir: config.dataDir,
      pendingMails: resumed.pending,
      requeuedAfterLoginFailure: resumed.requeued,
      smtp: config.smtp.redactedUrl,
      webhookAuth: config.webhookToken !== undefined,
    },
    'outbox opened',
  );
  if (config.webhookToken === undefined) {
    log.warn({}, 'MAILER_WEBHOOK_TOKEN is not set; the webhook accepts any caller');
  }

  const transport = { pool: true, maxConnections: 3, ...options.transport };
  const sender: MailSender = createSmtpSender(config, transport);
  const worker = new DeliveryWorker({
    store,
    sender,
    metrics,
    log: log.child({ component: 'delivery' }),
    compose: { from: config.from, defaultTo: config.to },
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
    concurrency: transport.pool ? transport.maxConnections : 1,
  });

  const commits = new GroupCommit(store, options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS);
  const server = buildServer({
    log,
    metrics,
    webhookToken: config.webhookToken,
    accept: (dedupeKey, notification) => commits.accept(dedupeKey, JSON.stringify(notification)),
    onAccepted: () => worker.kick(),
    isReady: () => store.isOpen,
    serveMetrics: config.metricsListen === undefined,
  });
  const metricsServer = config.metricsListen && buildMetricsServer(log, metrics);

  try {
    await listen(server, 'MAILER_LISTEN_ADDRESS', config.listen);
    if (metricsServer && config.metricsListen) {
      await listen(metricsServer, 'MAILER_METRICS_LISTEN_ADDRESS', config.metricsListen);
    }
  } catch (error) {
    await server.close();
    sender.close();
    store.close();
    throw error;
  }

  worker.start();
  const pruner = setInterval(() => prune(store, log), PRUNE_INTERVAL_MS).unref();
  prune(store, log);

  const url = baseUrl(server);

  return {
    url,
    metricsUrl: metricsServer ? baseUrl(metricsServer) : url,
    port: (server.server.address() as AddressInfo).port,
    store,
    server,
    async close() {
      clearInterval(pruner);
      await Promise.all([server.close(), metricsServer?.close()]);
      await worker.stop();
      sender.close();
      store.close();
    },
  };
}

function openStore(dataDir: string): OutboxStore {
  try {
    return new OutboxStore(dataDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      'MAILER_DATA_DIR',
      `MAILER_DATA_DIR=${JSON.stringify(dataDir)} is unusable: ${reason}; ` +
        'accepted: a writable directory (created if missing)',
      { cause: error },
    );
  }
}

function baseUrl(server: FastifyInstance): string {
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

async function listen(
  server: FastifyInstance,
  variable: string,
  address: ListenAddress,
): Promise<void> {
  try {
    await server.listen({ host: address.host, port: address.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(
      variable,
      `${variable}=${JSON.stringify(`${address.host}:${address.port}`)} cannot be used ` +
        `(${code}); accepted: a free port on an address of this host`,
      { cause: error },
    );
  }
}

function prune(store: OutboxStore, log: Logger): void {
  try {
    const removed = store.prune(Date.now() - RETENTION_MS);
    if (removed > 0) {
      log.info({ removed }, 'old outbox rows removed');
    }
  } catch (error) {
    log.error({ err: error }, 'cannot prune the outbox');
  }
}
