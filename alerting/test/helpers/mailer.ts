import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { type RunningMailer, startMailer } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import type { RetryPolicy } from '../../src/delivery/backoff.js';
import { createLogger } from '../../src/logging/logger.js';
import { SMTP_PASSWORD, SMTP_USER } from './smtp-peer.js';
import { testCertificate } from './tls.js';

export const WEBHOOK_TOKEN = 's3cret-webhook-token';

/** Fast retries so that tests wait for seconds, not minutes. */
export const FAST_RETRIES: Partial<RetryPolicy> = { baseDelayMs: 150, maxDelayMs: 600 };

export interface TestMailer extends RunningMailer {
  logLines: string[];
  dataDir: string;
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  metricsText(): Promise<string>;
}

export interface TestMailerOptions {
  smtpPort: number;
  password?: string;
  dataDir?: string;
  token?: string | null;
  retryPolicy?: Partial<RetryPolicy>;
  env?: Record<string, string>;
}

export function smtpUrl(port: number, password = SMTP_PASSWORD, scheme = 'smtp'): string {
  const credentials = `${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(password)}`;
  return `${scheme}://${credentials}@127.0.0.1:${port}`;
}

/** The mailer in this process, configured through the same variables the CLI reads. */
export async function startTestMailer(options: TestMailerOptions): Promise<TestMailer> {
  const certificate = await testCertificate();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'glass-mailer-data-'));
  const token = options.token === undefined ? WEBHOOK_TOKEN : options.token;
  const env: Record<string, string> = {
    MAILER_LISTEN_ADDRESS: '127.0.0.1:0',
    MAILER_SMTP_URL: smtpUrl(options.smtpPort, options.password),
    MAILER_SMTP_CA_FILE: certificate.caFile,
    MAILER_FROM: 'Glass Gallery <alerts@example.org>',
    MAILER_TO: 'owner@example.org',
    MAILER_DATA_DIR: dataDir,
    ...(token === null ? {} : { MAILER_WEBHOOK_TOKEN: token }),
    ...options.env,
  };

  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ level: 'debug', destination });

  const mailer = await startMailer({
    config: loadConfig(env),
    log,
    retryPolicy: options.retryPolicy ?? FAST_RETRIES,
  });

  const ownsDataDir = options.dataDir === undefined;
  const close = mailer.close.bind(mailer);
  return Object.assign(mailer, {
    logLines,
    dataDir,
    async close() {
      await close();
      if (ownsDataDir) {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    async post(body: unknown, headers: Record<string, string> = {}) {
      return fetch(`${mailer.url}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async metricsText() {
      return (await fetch(`${mailer.metricsUrl}/metrics`)).text();
    },
  });
}

/** Reads one sample from Prometheus text output, e.g. metric('mailer_outbox_dead'). */
export function metricValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
