import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';

import { OutboxError, PayloadError } from '../errors.js';
import type { MailerMetrics } from '../metrics/metrics.js';
import type { Acceptance } from '../outbox/store.js';
import { checkAuthorization } from '../webhook/auth.js';
import { dedupeKeyOf } from '../webhook/dedupe-key.js';
import type { Notification } from '../webhook/notification.js';
import { parseNotification } from '../webhook/payload.js';

/** Largest webhook body accepted; Alertmanager's `max_alerts` keeps real ones far below. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface ServerOptions {
  log: Logger;
  metrics: MailerMetrics;
  webhookToken?: string;
  /** Stores the notification durably; rejects with OutboxError when it cannot. */
  accept: (dedupeKey: string, notification: Notification) => Promise<Acceptance>;
  /** Called after a new notification was stored. */
  onAccepted: () => void;
  isReady: () => boolean;
  /** False when /metrics has a listener of its own (see `buildMetricsServer`). */
  serveMetrics: boolean;
}

interface ErrorBody {
  error: string;
  message: string;
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { log, metrics } = options;
  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
  });

  // The handler parses JSON itself, so every content type reaches it and errors stay uniform.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler(
    (error: { statusCode?: number; code?: string; message: string }, request, reply) =>
      answerFrameworkError(error, request, reply, metrics),
  );
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `no route for ${request.method} ${request.url}`)),
  );

  app.post('/webhook', {
    onRequest: async (request, reply) => {
      if (options.webhookToken === undefined) {
        return;
      }
      const result = checkAuthorization(request.headers.authorization, options.webhookToken);
      if (result !== 'ok') {
        metrics.rejected.inc({ reason: 'unauthorized' });
        log.warn({ remoteAddress: request.ip, result }, 'webhook request not authorised');
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="glass-mailer"')
          .send(unauthorised(result));
      }
    },
    handler: async (request, reply) => handleWebhook(request, reply, options),
  });

  if (options.serveMetrics) addMetricsRoute(app, metrics);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) =>
    options.isReady()
      ? { status: 'ready' }
      : reply.code(503).send(errorBody('not_ready', 'the outbox database is not open')),
  );
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(LANDING));

  return app;
}

/**
 * Only /metrics, on a port apart from the webhook's, so that a network policy can let
 * Prometheus reach the metrics without letting it reach the webhook.
 */
export function buildMetricsServer(log: Logger, metrics: MailerMetrics): FastifyInstance {
  const app = Fastify({
    loggerInstance: log.child({ component: 'metrics-http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(errorBody('not_found', `this port serves only GET /metrics, not ${request.url}`)),
  );
  addMetricsRoute(app, metrics);
  return app;
}

function addMetricsRoute(app: FastifyInstance, metrics: MailerMetrics): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}

async function handleWebhook(request: FastifyRequest, reply: FastifyReply, options: ServerOptions) {
  const { log, metrics } = options;

  let notification: Notification;
  try {
    notification = parseNotification(JSON.parse(String(request.body ?? '')));
  } catch (error) {
    metrics.rejected.inc({ reason: 'invalid' });
    const body =
      error instanceof PayloadError
        ? errorBody('invalid_payload', `not an Alertmanager notification: ${error.message}`)
        : errorBody('invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
    log.warn({ remoteAddress: request.ip, problem: body.message }, 'webhook body rejected');
    return reply.code(400).send(body);
  }

  metrics.received.inc({ status: notification.status });
  const dedupeKey = dedupeKeyOf(notification);

  let acceptance: Acceptance;
  try {
    acceptance = await options.accept(dedupeKey, notification);
  } catch (error) {
    if (!(error instanceof OutboxError)) {
      throw error;
    }
    metrics.rejected.inc({ reason: 'storage' });
    log.error({ err: error, groupKey: notification.groupKey }, 'notification not stored');
    return reply
      .code(503)
      .send(
        errorBody('storage_failed', `the outbox cannot store the notification: ${error.message}`),
      );
  }

  const fields = {
    outboxId: acceptance.id,
    groupKey: notification.groupKey,
    status: notification.status,
    alerts: notification.alerts.length,
  };
  if (acceptance.duplicate) {
    metrics.duplicates.inc();
    log.info(fields, 'duplicate notification ignored');
    return { status: 'duplicate', id: acceptance.id };
  }

  log.info(fields, 'notification stored');
  options.onAccepted();
  return { status: 'accepted', id: acceptance.id };
}

function answerFrameworkError(
  error: { statusCode?: number; code?: string; message: string },
  request: FastifyRequest,
  reply: FastifyReply,
  metrics: MailerMetrics,
) {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    metrics.rejected.inc({ reason: 'too_large' });
    return reply
      .code(413)
      .send(errorBody('payload_too_large', `request body exceeds ${BODY_LIMIT_BYTES} bytes`));
  }

  const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
  }
  return reply
    .code(status)
    .send(errorBody(status >= 500 ? 'internal' : 'bad_request', error.message));
}

function unauthorised(result: 'missing' | 'wrong'): ErrorBody {
  return result === 'missing'
    ? errorBody('unauthorized', 'missing Authorization header (Bearer token or Basic auth)')
    : errorBody('unauthorized', 'wrong webhook token in the Authorization header');
}

function errorBody(error: string, message: string): ErrorBody {
  return { error, message };
}

const LANDING = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Glass Gallery mailer</title></head>
<body><h1>Glass Gallery mailer</h1>
<p>Alertmanager webhook receiver: <code>POST /webhook</code>.</p>
<p><a href="/metrics">Metrics</a> · <a href="/healthz">Health</a> · <a href="/readyz">Readiness</a></p>
</body></html>
`;
