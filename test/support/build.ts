import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryPath, repositoryRoot } from './repository.js';

/**
 * Builds a workspace the way a user does before running its CLI. Like make, it skips the build
 * when the last successful one is newer than every source and configuration file of the
 * workspace, so the test files that start the CLIs build them once between them. A failed build
 * leaves no mark and is tried again.
 */
export function buildWorkspace(workspace: 'exporter' | 'alerting'): void {
  if (isUpToDate(workspace)) return;

  // A source saved while the build runs may be missing from it, so the mark takes the start time.
  const started = new Date();
  const result = spawnSync('npm', ['run', 'build', '--workspace', workspace], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) {
    throw new Error(`npm run build -w ${workspace} failed:\n${result.stdout}${result.stderr}`);
  }
  const mark = successMark(workspace);
  writeFileSync(mark, `${workspace} built from ${repositoryRoot}\n`);
  utimesSync(mark, started, started);
}

function successMark(workspace: string): string {
  const checkout = createHash('sha256').update(repositoryRoot).digest('hex').slice(0, 12);
  return join(tmpdir(), `glass-build-${checkout}-${workspace}`);
}

function isUpToDate(workspace: string): boolean {
  const mark = successMark(workspace);
  if (!existsSync(mark) || !existsSync(repositoryPath(workspace, 'dist', 'cli.js'))) return false;

  const inputs = [
    ...sourceFiles(repositoryPath(workspace, 'src')),
    repositoryPath(workspace, 'package.json'),
    repositoryPath(workspace, 'tsconfig.build.json'),
    repositoryPath('tsconfig.json'),
  ];
  const built = statSync(mark).mtimeMs;
  return inputs.every((file) => statSync(file).mtimeMs < built);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}
