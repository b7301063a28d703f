import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SourceError } from '../../core/errors.js';

/**
 * The number of domains on Pi-hole's blocklists, from `gravity.db`. `pihole -g` writes a new
 * file, so the count is read again only when the file changes.
 */

export type GravityReading = { count: number } | { problem: SourceError };

export class GravityCount {
  private cached?: { signature: string; reading: GravityReading };

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {}

  read(): GravityReading {
    let signature: string;
    try {
      const stats = statSync(this.path);
      signature = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    } catch (err) {
      return { problem: this.describe(err) };
    }

    if (this.cached?.signature === signature) return this.cached.reading;

    const reading = this.count();
    this.cached = { signature, reading };
    return reading;
  }

  private count(): GravityReading {
    let db: Database.Database | undefined;
    try {
      db = new Database(this.path, {
        readonly: true,
        fileMustExist: true,
        timeout: this.busyTimeoutMs,
      });
      // Pi-hole stores the count when it builds gravity; counting the table is the fallback.
      const hasInfo =
        db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'info'").get() !==
        undefined;
      const stored = hasInfo
        ? (db.prepare("SELECT value FROM info WHERE property = 'gravity_count'").pluck().get() as
            unknown | undefined)
        : undefined;
      const count = Number(stored ?? db.prepare('SELECT COUNT(*) FROM gravity').pluck().get());
      return { count };
    } catch (err) {
      return { problem: this.describe(err) };
    } finally {
      db?.close();
    }
  }

  private describe(err: unknown): SourceError {
    const code = (err as { code?: unknown }).code;
    const detail = err instanceof Error ? err.message : String(err);
    if (code === 'ENOENT') {
      return new SourceError(
        `the Pi-hole blocklist database ${this.path} does not exist`,
        'mount /etc/pihole into the exporter or set PIHOLE_GRAVITY_DB; run pihole -g to build it',
      );
    }
    return new SourceError(
      `cannot read the Pi-hole blocklist database ${this.path} (${detail})`,
      'check that PIHOLE_GRAVITY_DB points at gravity.db and that the exporter may read it',
    );
  }
}
