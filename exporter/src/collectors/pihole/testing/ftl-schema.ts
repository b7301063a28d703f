import type { Database } from 'better-sqlite3';

/**
 * The on-disk layout of `pihole-FTL.db` as FTL leaves it after its migrations: database
 * version 12 (FTL v5.14 to v5.25) and 21 (FTL v6.0 to v6.4). Only the timestamp index exists
 * on disk; v6 names it without the trailing "s".
 */
export type FtlSchemaVersion = 12 | 21;

export const SUPPORTED_GENERATOR_VERSIONS: readonly FtlSchemaVersion[] = [12, 21];

export function createFtlSchema(db: Database, version: FtlSchemaVersion): void {
  const isV6 = version === 21;
  const v6Columns = isV6 ? ', list_id INTEGER, ede INTEGER' : '';
  const timestampIndex = isV6 ? 'idx_queries_timestamp' : 'idx_queries_timestamps';
  const ftlColumns = isV6 ? ', description TEXT' : '';
  const viewListId = isV6 ? ', list_id, ede' : '';

  db.exec(`
    CREATE TABLE ftl (id INTEGER PRIMARY KEY NOT NULL, value BLOB NOT NULL${ftlColumns});
    CREATE TABLE query_storage (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      timestamp INTEGER NOT NULL,
      type INTEGER NOT NULL,
      status INTEGER NOT NULL,
      domain INTEGER NOT NULL,
      client INTEGER NOT NULL,
      forward INTEGER,
      additional_info INTEGER,
      reply_type INTEGER,
      reply_time REAL,
      dnssec INTEGER${v6Columns}
    );
    CREATE INDEX ${timestampIndex} ON query_storage (timestamp);
    CREATE TABLE counters (id INTEGER PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
    CREATE TABLE network (
      id INTEGER PRIMARY KEY NOT NULL,
      hwaddr TEXT UNIQUE NOT NULL,
      interface TEXT NOT NULL,
      firstSeen INTEGER NOT NULL,
      lastQuery INTEGER NOT NULL,
      numQueries INTEGER NOT NULL,
      macVendor TEXT,
      aliasclient_id INTEGER
    );
    CREATE TABLE network_addresses (
      network_id INTEGER NOT NULL,
      ip TEXT UNIQUE NOT NULL,
      lastSeen INTEGER NOT NULL DEFAULT (cast(strftime('%s', 'now') as int)),
      name TEXT,
      nameUpdated INTEGER,
      FOREIGN KEY(network_id) REFERENCES network(id)
    );
    CREATE TABLE aliasclient (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, comment TEXT);
    CREATE TABLE message (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      timestamp INTEGER NOT NULL,
      type TEXT NOT NULL,
      message TEXT NOT NULL,
      blob1 BLOB, blob2 BLOB, blob3 BLOB, blob4 BLOB, blob5 BLOB
    );
    CREATE TABLE domain_by_id (id INTEGER PRIMARY KEY, domain TEXT NOT NULL);
    CREATE TABLE client_by_id (id INTEGER PRIMARY KEY, ip TEXT NOT NULL, name TEXT);
    CREATE TABLE forward_by_id (id INTEGER PRIMARY KEY, forward TEXT NOT NULL);
    CREATE TABLE addinfo_by_id (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, content NOT NULL);
    CREATE UNIQUE INDEX domain_by_id_domain_idx ON domain_by_id(domain);
    CREATE UNIQUE INDEX client_by_id_client_idx ON client_by_id(ip,name);
    CREATE UNIQUE INDEX forward_by_id_forward_idx ON forward_by_id(forward);
    CREATE UNIQUE INDEX addinfo_by_id_idx ON addinfo_by_id(type,content);
    CREATE VIEW queries AS SELECT id, timestamp, type, status,
      CASE typeof(domain) WHEN 'integer'
        THEN (SELECT d.domain FROM domain_by_id d WHERE d.id = q.domain) ELSE domain END domain,
      CASE typeof(client) WHEN 'integer'
        THEN (SELECT c.ip FROM client_by_id c WHERE c.id = q.client) ELSE client END client,
      CASE typeof(forward) WHEN 'integer'
        THEN (SELECT f.forward FROM forward_by_id f WHERE f.id = q.forward) ELSE forward END forward,
      CASE typeof(additional_info) WHEN 'integer'
        THEN (SELECT a.content FROM addinfo_by_id a WHERE a.id = q.additional_info)
        ELSE additional_info END additional_info,
      reply_type, reply_time, dnssec${viewListId}
      FROM query_storage q;
  `);

  if (isV6) {
    db.exec(`
      CREATE INDEX idx_network_addresses_network_id ON network_addresses (network_id);
      CREATE TABLE session (
        id INTEGER PRIMARY KEY,
        login_at TIMESTAMP NOT NULL,
        valid_until TIMESTAMP NOT NULL,
        remote_addr TEXT NOT NULL,
        user_agent TEXT,
        sid TEXT NOT NULL,
        csrf TEXT NOT NULL,
        tls_login BOOL,
        tls_mixed BOOL,
        app BOOL,
        cli BOOL,
        x_forwarded_for TEXT
      );
    `);
  }
}
