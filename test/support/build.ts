import { spawnSync } from 'node:child_process';
import { repositoryRoot } from './repository.js';

/** Builds a workspace the way a user does before running its CLI. */
export function buildWorkspace(workspace: 'exporter' | 'alerting'): void {
  const result = spawnSync('npm', ['run', 'build', '--workspace', workspace], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) {
    throw new Error(`npm run build -w ${workspace} failed:\n${result.stdout}${result.stderr}`);
  }
}
