import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { OutboxError } from '../errors.js';

export type OutboxState = 'pending' | 'sent' | 'dead';

export interface OutboxRow {
  id: number;
  dedupeKey: string;
  receivedAt: number;
  payload: string;
  attempts: number;
}

export interface OutboxStats {
  pending: number;
  dead: number;
  oldestPendingReceivedAt: number | null;
  lastSentAt: number | null;
}

export interface AcceptItem {
  dedupeKey: string;
  payload: string;
}

export interface Acceptance {
  id: number;
  duplicate: boolean;
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY,
  dedupe_key TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  failure_reason TEXT,
  last_error TEXT,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_by_dedupe_key ON outbox (dedupe_key, received_at);
CREATE INDEX IF NOT EXISTS outbox_by_due_time ON outbox (state, next_attempt_at);
CREATE TABLE IF NOT EXISTS facts (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** Durable queue of notifications in SQLite (WAL, synchronous=FULL); one process per file. */
export class OutboxStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements;
  private readonly transactions;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, 'outbox.sqlite');
    this.db = new Database(this.path);
    this.db.pragma('journal_mode = WAL');
    // FULL makes each commit survive power loss, which is what the 2xx answer promises.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.statements = this.prepare();
    this.transactions = this.prepareTransactions();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Stores a notification unless the same content arrived within the dedupe window. */
  accept(dedupeKey: string, payload: string, now: number, dedupeWindowMs: number): Acceptance {
    const [acceptance] = this.acceptMany([{ dedupeKey, payload }], now, dedupeWindowMs);
    return acceptance!;
  }

  /** Stores several notifications in one transaction, so they share one disk sync. */
  acceptMany(items: readonly AcceptItem[], now: number, dedupeWindowMs: number): Acceptance[] {
    try {
      return this.transactions.accept.immediate(items, now, now - dedupeWindowMs);
    } catch (error) {
      throw new OutboxError(`cannot store notification in ${this.path}: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  /** Hands out due rows and leases them until `leaseUntil` so no other pass takes them. */
  claimDue(now: number, limit: number, leaseUntil: number): OutboxRow[] {
    return this.transactions.claim.immediate(now, limit, leaseUntil);
  }

  nextAttemptAt(): number | null {
    const row = this.statements.nextDue.get() as { at: number | null } | undefined;
    return row?.at ?? null;
  }

  markSent(id: number, now: number): void {
    this.transactions.sent.immediate(id, now);
  }

  markRetry(id: number, attempts: number, nextAttemptAt: number, reason: string, error: string) {
    this.statements.retry.run({ id, attempts, nextAttemptAt, reason, error });
  }

  markDead(id: number, attempts: number, now: number, reason: string, error: string): void {
    this.statements.dead.run({ id, attempts, now, reason, error });
  }

  /**
   * Prepares the queue after a start: pending rows are due at once, and mails that died on a
   * rejected login get another chance, since fixing the password takes a restart.
   */
  resume(now: number): { pending: number; requeued: number } {
    const requeued = this.statements.requeueAuthDead.run({ now }).changes;
    this.statements.resumePending.run({ now });
    return { pending: this.stats().pending, requeued };
  }

  /** Deletes sent and dead rows older than the retention; pending rows are always kept. */
  prune(olderThan: number): number {
    return this.statements.prune.run({ olderThan }).changes;
  }

  stats(): OutboxStats {
    const counts = this.statements.stats.get() as {
      pending: number;
      dead: number;
      oldest: number | null;
    };
    const lastSent = this.statements.readFact.get({ name: 'last_sent_at' }) as
      { value: number } | undefined;

    return {
      pending: counts.pending,
      dead: counts.dead,
      oldestPendingReceivedAt: counts.oldest,
      lastSentAt: lastSent?.value ?? null,
    };
  }

  /** Exposed for diagnostics and fault tests, e.g. to emulate a full disk. */
  pragma(statement: string): unknown {
    return this.db.pragma(statement);
  }

  close(): void {
    if (this.db.open) {
      this.db.close();
    }
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new OutboxError(
        `${this.path} was written by a newer mailer (schema ${version}); upgrade the mailer`,
      );
    }
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  private prepare() {
    const db = this.db;
    return {
      findRecent: db.prepare(
        `SELECT id FROM outbox WHERE dedupe_key = ? AND received_at >= ?
         ORDER BY received_at DESC LIMIT 1`,
      ),
      insert: db.prepare(
        `INSERT INTO outbox (dedupe_key, received_at, payload, state, next_attempt_at)
         VALUES (?, ?, ?, 'pending', ?)`,
      ),
      due: db.prepare(
        `SELECT id, dedupe_key AS dedupeKey, received_at AS receivedAt, payload, attempts
         FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      lease: db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE id = ?'),
      nextDue: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE state = 'pending'`),
      sent: db.prepare(
        `UPDATE outbox SET state = 'sent', attempts = attempts + 1, finished_at = ?,
         failure_reason = NULL, last_error = NULL WHERE id = ?`,
      ),
      retry: db.prepare(
        `UPDATE outbox SET attempts = @attempts, next_attempt_at = @nextAttemptAt,
         failure_reason = @reason, last_error = @error WHERE id = @id`,
      ),
      dead: db.prepare(
        `UPDATE outbox SET state = 'dead', attempts = @attempts, finished_at = @now,
         failure_reason = @reason, last_error = @error WHERE id = @id`,
      ),
      requeueAuthDead: db.prepare(
        `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = @now,
         finished_at = NULL WHERE state = 'dead' AND failure_reason = 'auth'`,
      ),
      resumePending: db.prepare(
        `UPDATE outbox SET next_attempt_at = @now
         WHERE state = 'pending' AND next_attempt_at > @now`,
      ),
      prune: db.prepare(
        `DELETE FROM outbox WHERE state IN ('sent', 'dead') AND finished_at < @olderThan`,
      ),
      stats: db.prepare(
        `SELECT
           COALESCE(SUM(state = 'pending'), 0) AS pending,
           COALESCE(SUM(state = 'dead'), 0) AS dead,
           MIN(CASE WHEN state = 'pending' THEN received_at END) AS oldest
         FROM outbox WHERE state != 'sent'`,
      ),
      writeFact: db.prepare(
        `INSERT INTO facts (name, value) VALUES (@name, @value)
         ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)`,
      ),
      readFact: db.prepare('SELECT value FROM facts WHERE name = @name'),
    };
  }

  private prepareTransactions() {
    const { db, statements } = this;

    const acceptOne = (dedupeKey: string, payload: string, now: number, windowStart: number) => {
      const earlier = statements.findRecent.get(dedupeKey, windowStart) as
        { id: number } | undefined;
      if (earlier) {
        return { id: earlier.id, duplicate: true };
      }

      const result = statements.insert.run(dedupeKey, now, payload, now);
      return { id: Number(result.lastInsertRowid), duplicate: false };
    };

    const accept = db.transaction(
      (items: readonly AcceptItem[], now: number, windowStart: number): Acceptance[] =>
        items.map((item) => acceptOne(item.dedupeKey, item.payload, now, windowStart)),
    );

    const claim = db.transaction((now: number, limit: number, leaseUntil: number) => {
      const rows = statements.due.all(now, limit) as OutboxRow[];
      for (const row of rows) {
        statements.lease.run(leaseUntil, row.id);
      }
      return rows;
    });

    const sent = db.transaction((id: number, now: number) => {
      statements.sent.run(now, id);
      statements.writeFact.run({ name: 'last_sent_at', value: now });
    });

    return { accept, claim, sent };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
