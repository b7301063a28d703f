import { SourceError } from '../../core/errors.js';

/** Turns what the file system and SQLite report into errors a Pi-hole owner can act on. */

const MOUNT_HINT = 'mount /etc/pihole read-only into the exporter, or set PIHOLE_FTL_DB';

export function missingDatabase(path: string): SourceError {
  return new SourceError(
    `the Pi-hole query database ${path} does not exist`,
    `${MOUNT_HINT}; FTL creates the file at its first start`,
  );
}

export function ftlStopped(path: string): SourceError {
  return new SourceError(
    `${path} is in WAL mode but its -wal and -shm files are missing: FTL is not running`,
    'start FTL (pihole restartdns, or start the Pi-hole container); FTL keeps the -wal and -shm ' +
      'files while it runs, and the exporter never creates files beside the database',
  );
}

export function describeOpenError(err: unknown, path: string): SourceError {
  if (err instanceof SourceError) return err;

  const code = (err as { code?: unknown }).code;
  const detail = err instanceof Error ? err.message : String(err);

  if (code === 'ENOENT') return missingDatabase(path);
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM') {
    return permissionDenied(path, detail);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new SourceError(
      `${path} is damaged or not an SQLite database (${detail})`,
      'check that PIHOLE_FTL_DB points at pihole-FTL.db; if the file is damaged, stop FTL, ' +
        'move the file away and start FTL again so that it creates a new one',
      { cause: err },
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY_CANTINIT') {
    return new SourceError(
      `cannot open ${path} read-only (${detail})`,
      'in WAL mode SQLite needs the -wal and -shm files beside the database, or a writable ' +
        'directory to create them: mount the whole Pi-hole directory (not only the file) and ' +
        'make sure the exporter may read every file in it',
      { cause: err },
    );
  }
  if (isBusy(err)) {
    return new SourceError(
      `${path} stayed locked by another process`,
      'FTL or another program holds a write lock for a long time; check for stuck sqlite3 ' +
        'sessions or restart FTL (pihole restartdns)',
      { cause: err },
    );
  }
  return new SourceError(`cannot read ${path}: ${detail}`, 'the exporter log has the details', {
    cause: err,
  });
}

function permissionDenied(path: string, detail: string): SourceError {
  return new SourceError(
    `permission denied reading ${path} (${detail})`,
    'Pi-hole v6 makes the file readable by user and group pihole only (mode 0640): run the ' +
      'exporter as user pihole or add it to group pihole',
  );
}

export function permissionError(path: string, err: unknown): SourceError {
  return permissionDenied(path, err instanceof Error ? err.message : String(err));
}

/** SQLite reports a competing writer as BUSY or LOCKED, with extended codes after an underscore. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}
