import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CollectorSet } from '../core/collector-set.js';
import {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  formatOpenMetrics,
  formatText,
  prefersOpenMetrics,
} from '../core/exposition.js';
import { BasicAuthVerifier } from './basic-auth.js';
import { renderStatusPage } from './status-page.js';
import type { WebConfig } from './web-config.js';

export interface ServerOptions {
  readonly collectors: CollectorSet;
  readonly telemetryPath: string;
  readonly collectorTimeoutSeconds: number;
  readonly webConfig?: WebConfig;
  readonly version: string;
  readonly logger: Logger;
}

/** Prometheus sends its scrape timeout; finishing a little earlier leaves room for the reply. */
const SCRAPE_TIMEOUT_HEADER = 'x-prometheus-scrape-timeout-seconds';
const REPLY_MARGIN_SECONDS = 0.5;
const STATUS_FRESHNESS_MS = 10_000;

export function buildServer(options: ServerOptions): FastifyInstance {
  const { collectors, telemetryPath, webConfig } = options;
  const tls = webConfig?.tls;

  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    ...(tls && {
      https: {
        cert: tls.cert,
        key: tls.key,
        ca: tls.clientCa,
        minVersion: tls.minVersion,
        maxVersion: tls.maxVersion,
        requestCert: tls.clientAuthType !== 'NoClientCert',
        rejectUnauthorized: tls.clientAuthType.startsWith('Require'),
      },
    }),
  }) as unknown as FastifyInstance;

  const auth = new BasicAuthVerifier(webConfig?.basicAuthUsers ?? new Map());
  app.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of Object.entries(webConfig?.headers ?? {})) {
      reply.header(name, value);
    }
    if (!auth.enabled || request.url === '/healthz') return;

    if (!(await auth.verify(request.headers.authorization))) {
      reply.header('WWW-Authenticate', 'Basic realm="glass-exporter"');
      await reply
        .code(401)
        .send({ error: 'unauthorized: missing or wrong basic auth credentials' });
    }
  });

  let lastScrapeAt = 0;
  const scrape = async (timeoutHeader?: string) => {
    lastScrapeAt = Date.now();
    return collectors.scrape(deadlineMs(options.collectorTimeoutSeconds, timeoutHeader));
  };

  app.get(telemetryPath, async (request, reply) => {
    const header = request.headers[SCRAPE_TIMEOUT_HEADER];
    const families = await scrape(Array.isArray(header) ? header[0] : header);

    if (prefersOpenMetrics(request.headers.accept)) {
      return reply.type(OPENMETRICS_CONTENT_TYPE).send(formatOpenMetrics(families));
    }
    return reply.type(TEXT_CONTENT_TYPE).send(formatText(families));
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (collectors.ready) return { status: 'ready' };
    return reply.code(503).send({ status: 'starting collectors' });
  });

  app.get('/api/status', async () => {
    if (Date.now() - lastScrapeAt > STATUS_FRESHNESS_MS) await scrape();
    return { version: options.version, collectors: collectors.statuses() };
  });

  if (telemetryPath !== '/') {
    const page = renderStatusPage({ version: options.version, telemetryPath });
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  }

  return app;
}

function deadlineMs(configuredSeconds: number, timeoutHeader: string | undefined): number {
  const prometheusSeconds = Number(timeoutHeader);
  const seconds =
    Number.isFinite(prometheusSeconds) && prometheusSeconds > REPLY_MARGIN_SECONDS
      ? Math.min(configuredSeconds, prometheusSeconds - REPLY_MARGIN_SECONDS)
      : configuredSeconds;
  return Math.round(seconds * 1000);
}
