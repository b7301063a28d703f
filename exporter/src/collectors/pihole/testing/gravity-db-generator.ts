import Database from 'better-sqlite3';

/**
 * Builds a small `gravity.db` with the tables the collector reads: `gravity` (one row per
 * blocked domain and list) and `info`, where `pihole -g` stores the domain count.
 */
export function generateGravityDb(options: {
  path: string;
  domains: number;
  storeCount?: boolean;
}): void {
  const db = new Database(options.path);
  try {
    db.exec(`
      CREATE TABLE IF NOT EXISTS adlist (id INTEGER PRIMARY KEY AUTOINCREMENT,
        address TEXT UNIQUE NOT NULL, enabled BOOLEAN NOT NULL DEFAULT 1, date_added INTEGER,
        comment TEXT);
      CREATE TABLE IF NOT EXISTS gravity (domain TEXT NOT NULL,
        adlist_id INTEGER NOT NULL REFERENCES adlist (id));
      CREATE TABLE IF NOT EXISTS info (property TEXT PRIMARY KEY, value TEXT NOT NULL);
      DELETE FROM gravity;
      DELETE FROM info;
      INSERT OR IGNORE INTO adlist (id, address) VALUES (1, 'https://lists.example/hosts.txt');
    `);
    const insert = db.prepare('INSERT INTO gravity (domain, adlist_id) VALUES (?, 1)');
    db.transaction(() => {
      for (let i = 0; i < options.domains; i += 1) insert.run(`blocked${i}.ads.example`);
      if (options.storeCount ?? true) {
        db.prepare("INSERT INTO info (property, value) VALUES ('gravity_count', ?)").run(
          String(options.domains),
        );
      }
    })();
  } finally {
    db.close();
  }
}
