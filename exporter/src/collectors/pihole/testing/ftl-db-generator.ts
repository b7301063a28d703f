import { closeSync, existsSync, openSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createFtlSchema, type FtlSchemaVersion } from './ftl-schema.js';

/**
 * Builds a realistic `pihole-FTL.db` for tests, benchmarks and previews: the real v5 (database
 * version 12) or v6 (21) layout, 40 clients, 5000 domains of which some are ad domains,
 * 3 upstreams, and a mix of statuses, query types, reply types and reply times close to what a
 * home network produces. Given an existing file, it appends rows the way FTL's periodic flush
 * does: one transaction with the new queries, the link-table rows, `ftl` id 1 and `counters`.
 */

export interface GenerateOptions {
  readonly path: string;
  readonly rows: number;
  /** Required for a new file; an existing file keeps its own version. */
  readonly schemaVersion?: FtlSchemaVersion;
  /** Unix seconds of the newest generated query; defaults to now. */
  readonly endTime?: number;
  /** Unix seconds of the oldest generated query; defaults to what `queriesPerDay` implies. */
  readonly startTime?: number;
  /** Query rate that sets the time span when `startTime` is not given. Default 55,000. */
  readonly queriesPerDay?: number;
  readonly seed?: number;
  /**
   * Rows at the start of a new file stored the way FTL stored them before database version 10:
   * domain, client and upstream as text instead of link-table ids.
   */
  readonly textValuedRows?: number;
  /** Journal mode of a new file; FTL v6 uses WAL, v5 the rollback journal. */
  readonly journalMode?: 'wal' | 'delete';
  /**
   * Leave a WAL file as a cleanly stopped FTL does, without `-wal` and `-shm`. By default they
   * stay, as they do while FTL runs with the file open.
   */
  readonly asIfFtlStopped?: boolean;
}

export interface GenerateResult {
  readonly path: string;
  readonly schemaVersion: FtlSchemaVersion;
  readonly firstId: number;
  readonly lastId: number;
  readonly rows: number;
  readonly blockedRows: number;
  readonly newestTimestamp: number;
}

export const CLIENT_COUNT = 40;
export const DOMAIN_COUNT = 5000;
export const UPSTREAMS = ['127.0.0.1#5335', '1.1.1.1#53', '9.9.9.9#53'] as const;

const INSERT_BATCH = 200;
const AD_DOMAIN_EVERY = 7;

export function generateFtlDb(options: GenerateOptions): GenerateResult {
  const isNew = !existsSync(options.path);
  const db = new Database(options.path);
  try {
    if (isNew) {
      const version = options.schemaVersion;
      if (version === undefined) throw new Error('schemaVersion is required for a new file');
      prepareNewFile(db, version, options.endTime ?? Date.now() / 1000);
    }

    const version = readVersion(db);
    const result = appendQueries(db, version, options, isNew);

    if (isNew) {
      const mode = options.journalMode ?? (version === 21 ? 'wal' : 'delete');
      db.pragma(`journal_mode = ${mode}`);
    }
    return result;
  } finally {
    const wal = db.pragma('journal_mode', { simple: true }) === 'wal';
    db.close();
    if (wal && !options.asIfFtlStopped) keepWalFiles(options.path);
  }
}

/**
 * Creates the `-wal` and `-shm` files that SQLite removes when its last connection closes, so
 * that a WAL file looks like one that FTL holds open.
 */
export function keepWalFiles(path: string): void {
  for (const suffix of ['-wal', '-shm']) closeSync(openSync(`${path}${suffix}`, 'a'));
}

function prepareNewFile(db: Database.Database, version: FtlSchemaVersion, now: number): void {
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  createFtlSchema(db, version);

  const fill = db.transaction(() => {
    const ftl = db.prepare('INSERT INTO ftl (id, value) VALUES (?, ?)');
    // Integers go in as BigInt: the value column has no affinity, so a JS number would be a REAL.
    ftl.run(0, BigInt(version));
    ftl.run(1, 0n);
    ftl.run(2, BigInt(Math.floor(now - 91 * 86_400)));
    db.prepare('INSERT INTO counters (id, value) VALUES (0, 0), (1, 0)').run();

    const domain = db.prepare('INSERT INTO domain_by_id (id, domain) VALUES (?, ?)');
    for (let i = 0; i < DOMAIN_COUNT; i += 1) domain.run(i + 1, domainName(i));

    const client = db.prepare('INSERT INTO client_by_id (id, ip, name) VALUES (?, ?, ?)');
    clients().forEach((c, i) => client.run(i + 1, c.ip, c.name));

    const forward = db.prepare('INSERT INTO forward_by_id (id, forward) VALUES (?, ?)');
    UPSTREAMS.forEach((upstream, i) => forward.run(i + 1, upstream));

    fillNetwork(db, now);
  });
  fill();
}

/** Client ids 1..41: 40 addresses, one of which was seen under an older name as well. */
function clients(): { ip: string; name: string | null }[] {
  const list: { ip: string; name: string | null }[] = [];
  for (let i = 0; i < CLIENT_COUNT; i += 1) {
    const ip = i < 34 ? `192.168.1.${10 + i}` : `fd00::${(i + 1).toString(16)}`;
    let name: string | null = `${CLIENT_KINDS[i % CLIENT_KINDS.length]}-${i}.lan`;
    if (i % 9 === 4) name = null;
    if (i % 13 === 7) name = '';
    list.push({ ip, name });
  }
  list.push({ ip: '192.168.1.10', name: 'old-laptop.lan' });
  return list;
}

const CLIENT_KINDS = ['laptop', 'phone', 'tv', 'tablet', 'nas', 'printer', 'esp32', 'console'];

function domainName(index: number): string {
  if (index % AD_DOMAIN_EVERY === 3) return `ads${index}.tracker-${index % 97}.example`;
  return `host${index}.site-${index % 389}.example`;
}

function fillNetwork(db: Database.Database, now: number): void {
  const device = db.prepare(
    'INSERT INTO network (id, hwaddr, interface, firstSeen, lastQuery, numQueries, macVendor) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const address = db.prepare(
    'INSERT INTO network_addresses (network_id, ip, lastSeen, name) VALUES (?, ?, ?, ?)',
  );
  const list = clients().slice(0, CLIENT_COUNT);

  // IPv6 clients share a device with an IPv4 one, so there are fewer devices than addresses.
  const devices = 34;
  for (let i = 0; i < devices; i += 1) {
    const mac = `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255)
      .toString(16)
      .padStart(2, '0')}`;
    device.run(i + 1, mac, 'eth0', Math.floor(now - 80 * 86_400), Math.floor(now), 1000, null);
  }
  list.forEach((c, i) => address.run((i % devices) + 1, c.ip, Math.floor(now), c.name));
}

function readVersion(db: Database.Database): FtlSchemaVersion {
  const row = db.prepare('SELECT value FROM ftl WHERE id = 0').get() as
    { value: unknown } | undefined;
  const version = Number(row?.value);
  if (version !== 12 && version !== 21) {
    throw new Error(`cannot append to a database of version ${String(row?.value)}`);
  }
  return version;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

function timeSpan(db: Database.Database, options: GenerateOptions, isNew: boolean): Span {
  const end = options.endTime ?? Date.now() / 1000;
  if (options.startTime !== undefined) return { start: options.startTime, end };

  if (!isNew) {
    const newest = db.prepare('SELECT MAX(timestamp) AS t FROM query_storage').get() as {
      t: number | null;
    };
    if (newest.t !== null && newest.t < end) return { start: newest.t, end };
  }

  const perDay = options.queriesPerDay ?? 55_000;
  return { start: end - (options.rows / perDay) * 86_400, end };
}

function appendQueries(
  db: Database.Database,
  version: FtlSchemaVersion,
  options: GenerateOptions,
  isNew: boolean,
): GenerateResult {
  const span = timeSpan(db, options, isNew);
  const random = mulberry32(options.seed ?? 20_261_203);
  const isV6 = version === 21;
  const columns = isV6 ? 13 : 11;
  const rowSql = `(${new Array(columns).fill('?').join(',')})`;
  const insertSql = (n: number) =>
    `INSERT INTO query_storage VALUES ${new Array(n).fill(rowSql).join(',')}`;
  const fullBatch = db.prepare(insertSql(INSERT_BATCH));
  const addinfo = db.prepare('INSERT OR IGNORE INTO addinfo_by_id (type, content) VALUES (1, ?)');
  const addinfoId = db.prepare('SELECT id FROM addinfo_by_id WHERE type = 1 AND content = ?');

  const last = db
    .prepare(
      'SELECT MAX(IFNULL((SELECT MAX(id) FROM query_storage), -1), IFNULL((SELECT seq FROM ' +
        "sqlite_sequence WHERE name = 'query_storage'), -1)) AS id",
    )
    .get() as { id: number };
  // v6 assigns ids itself and starts at 0; v5 leaves them to AUTOINCREMENT, which starts at 1.
  // Neither reuses the ids of pruned rows.
  const firstId = last.id >= 0 ? last.id + 1 : isV6 ? 0 : 1;
  const textRows = isNew ? (options.textValuedRows ?? 0) : 0;
  const step = options.rows > 0 ? (span.end - span.start) / options.rows : 0;
  const cnameInfo = new Map<number, number>();

  let blockedRows = 0;
  let newest = span.start;
  const run = db.transaction(() => {
    let values: unknown[] = [];
    for (let n = 0; n < options.rows; n += 1) {
      const id = firstId + n;
      const at = span.start + step * (n + random());
      newest = Math.max(newest, at);
      const row = randomQuery(random, isV6);
      if (row.blocked) blockedRows += 1;

      let info: number | null = null;
      if (row.cname) {
        let known = cnameInfo.get(row.domain);
        if (known === undefined) {
          const target = `cdn-${row.domain}.tracker-cname.example`;
          addinfo.run(target);
          known = (addinfoId.get(target) as { id: number }).id;
          cnameInfo.set(row.domain, known);
        }
        info = known;
      }

      const legacy = n < textRows;
      values.push(
        id,
        isV6 ? Math.round(at * 1e6) / 1e6 : Math.floor(at),
        row.type,
        row.status,
        legacy ? domainName(row.domain - 1) : row.domain,
        legacy ? clients()[row.client - 1]?.ip : row.client,
        legacy && row.forward !== null ? UPSTREAMS[row.forward - 1] : row.forward,
        info,
        row.replyType,
        row.replyTime,
        row.dnssec,
      );
      if (isV6) values.push(row.listId, row.ede);

      if (values.length === INSERT_BATCH * columns) {
        fullBatch.run(values);
        values = [];
      }
    }
    if (values.length > 0) db.prepare(insertSql(values.length / columns)).run(values);

    const newestStored = isV6 ? newest : BigInt(Math.floor(newest));
    db.prepare('UPDATE ftl SET value = ? WHERE id = 1').run(newestStored);
    db.prepare('UPDATE counters SET value = value + ? WHERE id = 0').run(options.rows);
    db.prepare('UPDATE counters SET value = value + ? WHERE id = 1').run(blockedRows);
    if (isV6 && options.rows > 0) {
      db.prepare(
        "INSERT OR REPLACE INTO sqlite_sequence (name, seq) VALUES ('query_storage', ?)",
      ).run(firstId + options.rows - 1);
    }
  });
  run();

  return {
    path: options.path,
    schemaVersion: version,
    firstId,
    lastId: firstId + options.rows - 1,
    rows: options.rows,
    blockedRows,
    newestTimestamp: newest,
  };
}

interface RandomQuery {
  type: number;
  status: number;
  domain: number;
  client: number;
  forward: number | null;
  replyType: number;
  replyTime: number | null;
  dnssec: number;
  listId: number | null;
  ede: number;
  blocked: boolean;
  cname: boolean;
}

type Weighted = readonly (readonly [number, number])[];

const ALLOWED_STATUSES: Weighted = [
  [2, 520],
  [3, 380],
  [17, 30],
  [12, 20],
  [13, 2],
  [14, 1],
  [0, 3],
];
const BLOCKED_V5: Weighted = [
  [1, 850],
  [4, 50],
  [5, 30],
  [9, 20],
  [10, 5],
  [11, 5],
  [6, 10],
  [7, 10],
  [8, 10],
  [15, 2],
  [16, 5],
];
const BLOCKED_V6: Weighted = [...BLOCKED_V5, [18, 3]];

const QUERY_TYPES: Weighted = [
  [1, 550],
  [2, 270],
  [16, 90],
  [6, 40],
  [4, 15],
  [7, 10],
  [15, 5],
  [5, 3],
  [9, 3],
  [13, 2],
  [3, 1],
  [10, 1],
  [12, 1],
  [8, 1],
  [11, 1],
  [357, 2],
  [199, 1],
];

const ANSWERED_REPLIES: Weighted = [
  [4, 800],
  [1, 80],
  [2, 60],
  [3, 40],
  [5, 5],
  [7, 8],
  [8, 3],
  [6, 1],
  [9, 1],
  [10, 1],
  [11, 1],
  [13, 1],
];
const BLOCKED_REPLIES: Weighted = [
  [4, 900],
  [2, 50],
  [1, 50],
];
const UPSTREAM_WEIGHTS: Weighted = [
  [1, 50],
  [2, 35],
  [3, 15],
];
/** Median response time in seconds of each upstream: a local resolver, then two public ones. */
const UPSTREAM_MEDIAN = [0, 0.03, 0.012, 0.022];

function randomQuery(random: () => number, isV6: boolean): RandomQuery {
  const domain = pickDomain(random);
  const isAdDomain = (domain - 1) % AD_DOMAIN_EVERY === 3;
  const status = pick(random, isAdDomain ? (isV6 ? BLOCKED_V6 : BLOCKED_V5) : ALLOWED_STATUSES);
  const blocked = isAdDomain && status !== 0;
  const forwarded = status === 2 || status === 12 || status === 13;
  const forward = forwarded ? pick(random, UPSTREAM_WEIGHTS) : null;

  let replyType = blocked ? pick(random, BLOCKED_REPLIES) : pick(random, ANSWERED_REPLIES);
  let replyTime: number | null = forwarded
    ? logNormal(random, UPSTREAM_MEDIAN[forward ?? 1] ?? 0.02)
    : random() * 0.0008;
  if ((forwarded && random() < 0.007) || status === 14 || status === 0) {
    replyType = 0;
    replyTime = null;
  }

  return {
    type: pick(random, QUERY_TYPES),
    status,
    domain,
    client: pickClient(random),
    forward,
    replyType,
    replyTime,
    dnssec: forwarded && random() < 0.2 ? 2 : 0,
    listId: blocked ? 1 + Math.floor(random() * 3) : null,
    ede: status === 18 ? 15 : -1,
    blocked,
    cname: status === 9 || status === 10 || status === 11,
  };
}

/** Popularity falls steeply: a few domains take most queries, like on a real network. */
function pickDomain(random: () => number): number {
  return 1 + Math.min(DOMAIN_COUNT - 1, Math.floor(DOMAIN_COUNT * random() ** 3));
}

function pickClient(random: () => number): number {
  if (random() < 0.01) return CLIENT_COUNT + 1;
  return 1 + Math.min(CLIENT_COUNT - 1, Math.floor(CLIENT_COUNT * random() ** 1.6));
}

/** Cumulative weights per table, computed once: the generator picks millions of times. */
const cumulativeTables = new WeakMap<Weighted, { values: number[]; bounds: number[] }>();

function pick(random: () => number, table: Weighted): number {
  let cumulative = cumulativeTables.get(table);
  if (!cumulative) {
    let total = 0;
    const bounds = table.map(([, weight]) => (total += weight));
    cumulative = { values: table.map(([value]) => value), bounds: bounds.map((b) => b / total) };
    cumulativeTables.set(table, cumulative);
  }

  const point = random();
  const { values, bounds } = cumulative;
  for (let i = 0; i < bounds.length; i += 1) {
    if (point < (bounds[i] ?? 1)) return values[i] ?? 0;
  }
  return values[values.length - 1] ?? 0;
}

function logNormal(random: () => number, median: number): number {
  const u = Math.max(random(), 1e-12);
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return Math.min(3, Math.max(0.0002, median * Math.exp(0.8 * normal)));
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function main(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rows: { type: 'string', default: '10000' },
      schema: { type: 'string', default: '21' },
      'per-day': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const path = positionals[0];
  const schema = Number(values.schema);
  const rows = Number(values.rows);
  if (!path || (schema !== 12 && schema !== 21) || !Number.isSafeInteger(rows) || rows < 0) {
    console.error(
      'usage: ftl-db-generator.ts [--rows N] [--schema 12|21] [--per-day N] [--seed N] out.db',
    );
    process.exit(2);
  }

  const startedAt = performance.now();
  const result = generateFtlDb({
    path,
    rows,
    schemaVersion: schema,
    queriesPerDay: values['per-day'] ? Number(values['per-day']) : undefined,
    seed: values.seed ? Number(values.seed) : undefined,
  });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    `${result.path}: ${result.rows} rows (ids ${result.firstId}..${result.lastId}), ` +
      `schema ${result.schemaVersion}, ${seconds} s\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
