import type { Logger } from 'pino';

import { type ComposedMail, composeMail, type ComposeSettings } from '../mail/compose.js';
import type { MailerMetrics } from '../metrics/metrics.js';
import type { OutboxRow, OutboxStore } from '../outbox/store.js';
import type { Notification } from '../webhook/notification.js';
import { backoffDelay, type RetryPolicy } from './backoff.js';
import { classifyFailure, type Failure } from './classify.js';
import type { MailSender } from './transport.js';

export interface WorkerOptions {
  store: OutboxStore;
  sender: MailSender;
  metrics: MailerMetrics;
  log: Logger;
  compose: ComposeSettings;
  policy: RetryPolicy;
  /** Mails in flight at once; match the transport's connection pool. */
  concurrency: number;
  now?: () => number;
}

// A claimed row is skipped by other passes until this lease ends; a crash frees it at restart.
const LEASE_MS = 10 * 60_000;
// Wakes up now and then even without news, e.g. after the clock jumped.
const IDLE_POLL_MS = 30_000;

/** Sends due outbox rows, retries with capped backoff and dead-letters permanent failures. */
export class DeliveryWorker {
  private readonly options: WorkerOptions;
  private readonly now: () => number;
  private inFlight = 0;
  private transportFailures = 0;
  private pausedUntil = 0;
  // While SMTP is unproven (at start, after a transport failure) one mail probes it alone, so
  // a wrong password costs one failed login per backoff step rather than one per queued mail.
  private probing = true;
  private timer: NodeJS.Timeout | undefined;
  private passQueued = false;
  private stopped = false;
  private readonly idle = new Set<() => void>();

  constructor(options: WorkerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.kick();
  }

  /** Asks for a pass soon, e.g. right after a notification was stored. */
  kick(): void {
    if (this.stopped || this.passQueued) {
      return;
    }
    this.passQueued = true;
    setImmediate(() => {
      this.passQueued = false;
      this.pass();
    });
  }

  /** Stops taking new rows and waits for sends in flight (up to `timeoutMs`). */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.inFlight === 0) {
      return;
    }

    await new Promise<void>((resolve) => {
      const timeout = setTimeout(resolve, timeoutMs);
      this.idle.add(() => {
        clearTimeout(timeout);
        resolve();
      });
    });
  }

  private pass(): void {
    if (this.stopped) {
      return;
    }

    const now = this.now();
    const limit = this.probing ? 1 : this.options.concurrency;
    const free = limit - this.inFlight;
    if (now >= this.pausedUntil && free > 0) {
      const rows = this.claim(now, free);
      for (const row of rows) {
        void this.deliver(row);
      }
    }

    this.scheduleNextPass(now);
  }

  private claim(now: number, limit: number): OutboxRow[] {
    try {
      return this.options.store.claimDue(now, limit, now + LEASE_MS);
    } catch (error) {
      this.options.log.error({ err: error }, 'cannot read the outbox');
      return [];
    }
  }

  private scheduleNextPass(now: number): void {
    let next: number | null = null;
    try {
      next = this.options.store.nextAttemptAt();
    } catch {
      next = null;
    }

    const due = Math.max(next ?? Infinity, this.pausedUntil);
    const delay = Math.min(Math.max(due - now, 0), IDLE_POLL_MS);
    clearTimeout(this.timer);
    if (delay === 0 && this.inFlight >= (this.probing ? 1 : this.options.concurrency)) {
      // Full: the next finished send kicks a new pass.
      return;
    }
    this.timer = setTimeout(() => this.pass(), delay);
    this.timer.unref();
  }

  private async deliver(row: OutboxRow): Promise<void> {
    this.inFlight += 1;
    try {
      await this.attempt(row);
    } catch (error) {
      // The row keeps its lease and is sent again later: a duplicate beats a lost mail.
      this.options.log.error({ outboxId: row.id, err: error }, 'cannot record delivery result');
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        for (const notify of this.idle) notify();
        this.idle.clear();
      }
      this.kick();
    }
  }

  private async attempt(row: OutboxRow): Promise<void> {
    const { store, sender, metrics, log } = this.options;
    const attempts = row.attempts + 1;

    let composed: ComposedMail;
    try {
      composed = composeMail(JSON.parse(row.payload) as Notification, row.id, this.options.compose);
    } catch (error) {
      const summary = `cannot build the mail: ${String(error)}`;
      store.markDead(row.id, attempts, this.now(), 'permanent', summary);
      metrics.failed.inc({ reason: 'permanent' });
      log.error({ outboxId: row.id, err: error }, 'mail dead-lettered');
      return;
    }

    if (composed.rejectedRecipients.length > 0) {
      log.warn(
        { outboxId: row.id, emailTo: composed.rejectedRecipients },
        'email_to is not an address list; default recipients used',
      );
    }

    try {
      const { response, rejected } = await sender.send(composed.mail);
      store.markSent(row.id, this.now());
      metrics.sent.inc();
      this.transportFailures = 0;
      this.probing = false;
      log.info(
        { outboxId: row.id, attempts, subject: composed.mail.subject, response },
        'mail sent',
      );
      if (rejected.length > 0) {
        log.warn({ outboxId: row.id, rejected }, 'SMTP server refused some recipients');
      }
    } catch (error) {
      this.recordFailure(row, attempts, classifyFailure(error), error);
    }
  }

  private recordFailure(row: OutboxRow, attempts: number, failure: Failure, error: unknown): void {
    const { store, metrics, log, policy } = this.options;
    const now = this.now();
    metrics.failed.inc({ reason: failure.reason });

    if (failure.transport) {
      this.probing = true;
    }
    if (failure.transport && now >= this.pausedUntil) {
      this.transportFailures += 1;
      this.pausedUntil = now + backoffDelay(this.transportFailures, policy);
    }

    const tooManyTries = failure.permanent && attempts >= policy.permanentAttempts;
    const tooOld = now - row.receivedAt >= policy.maxAgeMs;
    if (tooManyTries || tooOld) {
      store.markDead(row.id, attempts, now, failure.reason, failure.summary);
      log.error(
        { outboxId: row.id, attempts, reason: failure.reason, err: error },
        'mail dead-lettered',
      );
      return;
    }

    const retryAt = Math.max(now + backoffDelay(attempts, policy), this.pausedUntil);
    store.markRetry(row.id, attempts, retryAt, failure.reason, failure.summary);
    log.warn(
      {
        outboxId: row.id,
        attempts,
        reason: failure.reason,
        retryAt: new Date(retryAt),
        err: error,
      },
      'mail delivery failed; will retry',
    );
  }
}
