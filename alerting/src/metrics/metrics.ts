import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

import { FAILURE_REASONS, type FailureReason } from '../delivery/classify.js';
import type { OutboxStats } from '../outbox/store.js';

export type RejectionReason = 'unauthorized' | 'invalid' | 'too_large' | 'storage';

const REJECTION_REASONS: readonly RejectionReason[] = [
  'unauthorized',
  'invalid',
  'too_large',
  'storage',
];

export interface MailerMetrics {
  registry: Registry;
  received: Counter<'status'>;
  duplicates: Counter;
  rejected: Counter<'reason'>;
  sent: Counter;
  failed: Counter<'reason'>;
}

/**
 * Counters are updated as events happen; the outbox gauges are read from SQLite at scrape
 * time, so they are right after a restart and never drift from the stored state.
 */
export function createMetrics(readStats: () => OutboxStats, now = Date.now): MailerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const received = new Counter({
    name: 'mailer_notifications_received_total',
    help: 'Well-formed, authorised webhook notifications received, by notification status.',
    labelNames: ['status'] as const,
    registers,
  });
  const duplicates = new Counter({
    name: 'mailer_notifications_duplicate_total',
    help: 'Received notifications that repeated an earlier one and sent no mail.',
    registers,
  });
  const rejected = new Counter({
    name: 'mailer_notifications_rejected_total',
    help: 'Webhook requests answered with an error, by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  const sent = new Counter({
    name: 'mailer_emails_sent_total',
    help: 'Mails accepted by the SMTP server.',
    registers,
  });
  const failed = new Counter({
    name: 'mailer_emails_failed_total',
    help: 'Failed delivery attempts, by reason (connection, auth, temporary, permanent).',
    labelNames: ['reason'] as const,
    registers,
  });

  for (const status of ['firing', 'resolved']) received.inc({ status }, 0);
  for (const reason of REJECTION_REASONS) rejected.inc({ reason }, 0);
  for (const reason of FAILURE_REASONS) failed.inc({ reason: reason satisfies FailureReason }, 0);

  registerOutboxGauges(registers, readStats, now);
  return { registry, received, duplicates, rejected, sent, failed };
}

function registerOutboxGauges(
  registers: Registry[],
  readStats: () => OutboxStats,
  now: () => number,
): void {
  // A closed or broken database must not fail the whole scrape; the gauges keep their values.
  const withStats = (use: (stats: OutboxStats) => void) => () => {
    try {
      use(readStats());
    } catch {
      return;
    }
  };

  const pending: Gauge = new Gauge({
    name: 'mailer_outbox_pending',
    help: 'Mails in the outbox waiting for delivery or a retry.',
    registers,
    collect: withStats((stats) => pending.set(stats.pending)),
  });
  const dead: Gauge = new Gauge({
    name: 'mailer_outbox_dead',
    help: 'Mails given up after permanent failures (kept for 7 days).',
    registers,
    collect: withStats((stats) => dead.set(stats.dead)),
  });
  const oldest: Gauge = new Gauge({
    name: 'mailer_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending mail; 0 when nothing is pending.',
    registers,
    collect: withStats((stats) => {
      const receivedAt = stats.oldestPendingReceivedAt;
      oldest.set(receivedAt === null ? 0 : Math.max(0, (now() - receivedAt) / 1000));
    }),
  });
  const lastSuccess: Gauge = new Gauge({
    name: 'mailer_smtp_last_success_timestamp_seconds',
    help: 'Unix time of the last mail accepted by the SMTP server; 0 if none yet.',
    registers,
    collect: withStats((stats) => lastSuccess.set((stats.lastSentAt ?? 0) / 1000)),
  });
}
