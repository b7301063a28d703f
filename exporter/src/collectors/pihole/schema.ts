import type { Database } from 'better-sqlite3';
import { SourceError } from '../../core/errors.js';

/**
 * Which FTL database layout a file has, read from `ftl` row 0. Versions 12 (FTL v5.14 to
 * v5.25) and 21 (FTL v6.0 to v6.4) are supported; they differ only in columns the collector
 * does not read, and in v6 writing fractional timestamps.
 */

export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [12, 21];

export interface FtlSchema {
  readonly version: number;
}

export class UnsupportedSchemaError extends SourceError {
  constructor(
    path: string,
    readonly version: string,
  ) {
    super(
      `${path} has FTL database version ${version}, which this exporter does not read`,
      `supported versions: ${SUPPORTED_SCHEMA_VERSIONS.join(' (Pi-hole v5.14-5.25) and ')} ` +
        '(Pi-hole v6.0-6.4); upgrade the exporter, or point PIHOLE_FTL_DB at a supported file',
    );
  }
}

export function detectSchema(db: Database, path: string): FtlSchema {
  const tables = new Set(
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('ftl', 'query_storage')",
      )
      .pluck()
      .all() as string[],
  );
  if (!tables.has('ftl') || !tables.has('query_storage')) {
    throw new SourceError(
      `${path} is an SQLite database but not Pi-hole's query database (no ftl/query_storage table)`,
      'set PIHOLE_FTL_DB to the path of pihole-FTL.db (usually /etc/pihole/pihole-FTL.db)',
    );
  }

  const raw = db.prepare('SELECT value FROM ftl WHERE id = 0').pluck().get();
  // Old files hold the version as text; v6 and v5 write an integer.
  const version = Number(typeof raw === 'string' ? raw.trim() : raw);
  if (!SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
    throw new UnsupportedSchemaError(path, raw === undefined ? 'unknown' : String(raw));
  }
  return { version };
}
