import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs';
import Database from 'better-sqlite3';
import {
  FAST_KEY_SQL,
  GUARDED_KEY_SQL,
  MAX_PACKED_CLIENT_ID,
  MAX_PACKED_FORWARD_ID,
} from './counter-key.js';
import { detectSchema, type FtlSchema } from './schema.js';
import { PACKED_WINDOW_SQL, UNPACKED_WINDOW_SQL } from './window-key.js';
import { describeOpenError, ftlStopped, isBusy, missingDatabase } from './source-errors.js';

/**
 * A read-only connection to `pihole-FTL.db`. Every method is one short statement, so no read
 * transaction outlives a call: FTL can always write and checkpoint its WAL between them. The
 * `session` table (v6 login secrets) is never read.
 */

export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/** type, status, reply_type, forward, client, reply_time */
export type UnpackedRow = [number, number, number | null, unknown, unknown, number | null];

/** minute, status, type, reply_type, client, domain, forward */
export type WindowRow = [number, number, number, number, unknown, unknown, unknown];

export interface ClientRow {
  readonly id: number;
  readonly ip: string;
  readonly name: string | null;
}

/** Keeps the page cache small: the reader scans once and never comes back to old pages. */
const CACHE_KIB = 2048;
const MAX_INLINE_UPSTREAMS = 32;

export class FtlDatabase {
  private readonly statements;
  private sumStatement?: { ids: string; statement: Database.Statement };

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly identity: FileIdentity,
    readonly schema: FtlSchema,
  ) {
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      maxId: prepare('SELECT MAX(id) FROM query_storage').pluck(),
      minId: prepare('SELECT MIN(id) FROM query_storage').pluck(),
      sequence: prepare("SELECT seq FROM sqlite_sequence WHERE name = 'query_storage'").pluck(),
      // "id + 0" keeps SQLite from walking the whole table in id order: it uses the index on
      // timestamp, which every FTL database has, to find the rows of the last 24 h.
      firstIdSince: prepare('SELECT MIN(id + 0) FROM query_storage WHERE timestamp >= ?').pluck(),
      fastKeys: prepare(keysSql(FAST_KEY_SQL)).pluck(),
      guardedKeys: prepare(keysSql(GUARDED_KEY_SQL)).pluck(),
      fastUnpacked: prepare(unpackedSql(FAST_KEY_SQL)).raw(),
      guardedUnpacked: prepare(unpackedSql(GUARDED_KEY_SQL)).raw(),
      textAt: prepare(
        "SELECT typeof(client) = 'text' OR typeof(domain) = 'text' OR typeof(forward) = 'text' " +
          'FROM query_storage WHERE id >= ? ORDER BY id LIMIT 1',
      ).pluck(),
      maxClientId: prepare('SELECT MAX(id) FROM client_by_id').pluck(),
      maxForwardId: prepare('SELECT MAX(id) FROM forward_by_id').pluck(),
      sumsByGroup: prepare(
        'SELECT forward, TOTAL(reply_time) FROM query_storage WHERE id > ? AND id <= ? ' +
          "AND typeof(forward) = 'integer' GROUP BY forward",
      ).raw(),
      // In both, the unary "+" keeps the id range, not the timestamp index, driving the read.
      packedWindow: prepare(PACKED_WINDOW_SQL).raw(),
      unpackedWindow: prepare(UNPACKED_WINDOW_SQL).raw(),
      lifetime: prepare('SELECT id, value FROM counters WHERE id IN (0, 1)').raw(),
      newest: prepare('SELECT value FROM ftl WHERE id = 1').pluck(),
      newestRow: prepare('SELECT MAX(timestamp) FROM query_storage').pluck(),
      devices: prepare('SELECT COUNT(*) FROM network').pluck(),
      clients: prepare('SELECT id, ip, name FROM client_by_id WHERE id > ? ORDER BY id'),
      forwards: prepare('SELECT id, forward FROM forward_by_id ORDER BY id').raw(),
      domain: prepare('SELECT domain FROM domain_by_id WHERE id = ?').pluck(),
    };
  }

  /** Throws a `SourceError` that says what is wrong with the file and how to fix it. */
  static open(path: string, busyTimeoutMs: number): FtlDatabase {
    const identity = fileIdentity(path);
    if (!identity) throw missingDatabase(path);

    let db: Database.Database | undefined;
    try {
      // SQLite says only "unable to open database file" when it may not read the file.
      accessSync(path, constants.R_OK);
      // SQLite would create the missing files even for a read-only connection, and files
      // owned by the exporter's user can keep FTL from opening its own database later.
      if (isWalFile(path) && !hasWalFiles(path)) throw ftlStopped(path);
      db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
      db.pragma(`cache_size = -${CACHE_KIB}`);
      const schema = detectSchema(db, path);
      return new FtlDatabase(db, path, identity, schema);
    } catch (err) {
      db?.close();
      // A lock is temporary: the caller decides how long to wait it out.
      if (isBusy(err)) throw err;
      throw describeOpenError(err, path);
    }
  }

  close(): void {
    this.db.close();
  }

  /** The highest id ever handed out; pruning lowers MAX(id) only when it empties the table. */
  highWater(): number | null {
    const maxId = this.statements.maxId.get() as number | null;
    const sequence = this.statements.sequence.get() as number | undefined;
    if (maxId === null && sequence === undefined) return null;
    return Math.max(maxId ?? -1, sequence ?? -1);
  }

  lowestId(): number | null {
    return this.statements.minId.get() as number | null;
  }

  firstIdSince(timestamp: number): number | null {
    return this.statements.firstIdSince.get(timestamp) as number | null;
  }

  /**
   * One packed key per row (see counter-key.ts), NULL for rows that need `unpackedRows`. The
   * guarded form also checks the type of every link column, which costs a third more time.
   */
  counterKeys(afterId: number, lastId: number, guarded: boolean): (number | null)[] {
    const statement = guarded ? this.statements.guardedKeys : this.statements.fastKeys;
    return statement.all(afterId, lastId) as (number | null)[];
  }

  /** Exactly the rows for which `counterKeys` gave NULL, column by column. */
  unpackedRows(afterId: number, lastId: number, guarded: boolean): UnpackedRow[] {
    const statement = guarded ? this.statements.guardedUnpacked : this.statements.fastUnpacked;
    return statement.all(afterId, lastId) as UnpackedRow[];
  }

  /**
   * The id of the last row that holds text in a link column, or null. Such rows predate
   * database version 10 and therefore come before every other row: a binary search finds the
   * end of them in a few dozen point reads.
   */
  lastTextRowId(lowestId: number, highestId: number): number | null {
    if (!this.statements.textAt.get(lowestId)) return null;

    let textId = lowestId;
    let integerId = highestId + 1;
    while (integerId - textId > 1) {
      const middle = Math.floor((textId + integerId) / 2);
      if (this.statements.textAt.get(middle)) textId = middle;
      else integerId = middle;
    }
    return textId;
  }

  /** Whether every link-table id fits the fast key. */
  linkIdsFitKey(): boolean {
    const client = (this.statements.maxClientId.get() as number | null) ?? 0;
    const forward = (this.statements.maxForwardId.get() as number | null) ?? 0;
    return client <= MAX_PACKED_CLIENT_ID && forward <= MAX_PACKED_FORWARD_ID;
  }

  /** Sum of response times per upstream id, without a sort: one TOTAL per known upstream. */
  responseTimeSums(afterId: number, lastId: number, upstreamIds: number[]): Map<number, number> {
    const sums = new Map<number, number>();
    if (upstreamIds.length === 0) return sums;

    if (upstreamIds.length > MAX_INLINE_UPSTREAMS) {
      for (const [id, sum] of this.statements.sumsByGroup.all(afterId, lastId) as [
        number,
        number,
      ][]) {
        sums.set(id, sum);
      }
      return sums;
    }

    const statement = this.sumStatementFor(upstreamIds);
    const row = statement.get(afterId, lastId) as number[];
    upstreamIds.forEach((id, index) => sums.set(id, row[index] ?? 0));
    return sums;
  }

  /**
   * Rows between the ids whose timestamp lies in [since, until), as pairs of integers
   * (see window-key.ts); the first is NULL for rows that `unpackedWindowRows` returns.
   */
  packedWindowRows(
    afterId: number,
    lastId: number,
    span: { baseMinute: number; since: number; until: number },
  ): [number | null, number][] {
    return this.statements.packedWindow.all(
      span.baseMinute,
      afterId,
      lastId,
      span.since,
      span.until,
    ) as [number | null, number][];
  }

  unpackedWindowRows(
    afterId: number,
    lastId: number,
    span: { since: number; until: number },
  ): WindowRow[] {
    return this.statements.unpackedWindow.all(
      afterId,
      lastId,
      span.since,
      span.until,
    ) as WindowRow[];
  }

  lifetimeCounters(): { total: number; blocked: number } | undefined {
    const rows = this.statements.lifetime.all() as [number, number][];
    const total = rows.find(([id]) => id === 0)?.[1];
    const blocked = rows.find(([id]) => id === 1)?.[1];
    if (total === undefined || blocked === undefined) return undefined;
    return { total: Number(total), blocked: Number(blocked) };
  }

  newestTimestamp(): number | null {
    const stored = Number(this.statements.newest.get());
    if (Number.isFinite(stored) && stored > 0) return stored;
    return this.statements.newestRow.get() as number | null;
  }

  networkDevices(): number {
    return this.statements.devices.get() as number;
  }

  clientsAfter(id: number): ClientRow[] {
    return this.statements.clients.all(id) as ClientRow[];
  }

  upstreams(): [number, string][] {
    return this.statements.forwards.all() as [number, string][];
  }

  domainName(id: number): string | undefined {
    return this.statements.domain.get(id) as string | undefined;
  }

  private sumStatementFor(upstreamIds: number[]): Database.Statement {
    const ids = upstreamIds.join(',');
    if (this.sumStatement?.ids !== ids) {
      const columns = upstreamIds
        .map((id) => `TOTAL(iif(forward = ${Math.trunc(id)}, reply_time, NULL))`)
        .join(', ');
      const statement = this.db
        .prepare(`SELECT ${columns} FROM query_storage WHERE id > ? AND id <= ?`)
        .raw();
      this.sumStatement = { ids, statement };
    }
    return this.sumStatement.statement;
  }
}

function keysSql(key: string): string {
  return `SELECT ${key} FROM query_storage WHERE id > ? AND id <= ?`;
}

function unpackedSql(key: string): string {
  return (
    'SELECT type, status, reply_type, forward, client, reply_time FROM query_storage ' +
    `WHERE id > ? AND id <= ? AND (${key}) IS NULL`
  );
}

/** Byte 18 of the SQLite header is 2 for a database in WAL mode. */
function isWalFile(path: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header[18] === 2;
  } finally {
    closeSync(fd);
  }
}

function hasWalFiles(path: string): boolean {
  return existsSync(`${path}-wal`) && existsSync(`${path}-shm`);
}

export function fileIdentity(path: string): FileIdentity | undefined {
  try {
    const stats = statSync(path);
    return { dev: stats.dev, ino: stats.ino };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw describeOpenError(err, path);
  }
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
