import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Shape of the project's FTL database generator (exporter testing helper). */
type Generate = (options: {
  path: string;
  rows: number;
  schemaVersion?: number;
  endTime?: number;
  startTime?: number;
  seed?: number;
}) => unknown;

export interface PiholeDatabase {
  path: string;
  stop: () => void;
}

/**
 * A generated pihole-FTL.db that keeps growing like FTL's periodic flush, so query rates and the
 * blocked share are live rather than flat.
 */
export async function startPiholeDatabase(repoDir: string, dir: string): Promise<PiholeDatabase> {
  const generatorPath = join(repoDir, 'exporter/src/collectors/pihole/testing/ftl-db-generator.ts');
  const { generateFtlDb } = (await import(pathToFileURL(generatorPath).href)) as {
    generateFtlDb: Generate;
  };
  const path = join(dir, 'pihole-FTL.db');
  const now = Date.now() / 1000;
  generateFtlDb({ path, rows: 20_000, schemaVersion: 21, endTime: now, seed: 11 });

  let seed = 12;
  const timer = setInterval(() => {
    const end = Date.now() / 1000;
    generateFtlDb({ path, rows: 60 + (seed % 5) * 15, startTime: end - 5, endTime: end, seed });
    seed++;
  }, 5000);

  return { path, stop: () => clearInterval(timer) };
}
