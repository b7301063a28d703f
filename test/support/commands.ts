import { spawnSync } from 'node:child_process';

export interface CommandResult {
  status: number | null;
  output: string;
}

/** Runs a peer tool to completion; stdout and stderr together, as a user would read them. */
export function runCommand(command: string, args: string[], cwd: string): CommandResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.error) {
    throw new Error(`${command} could not run: ${result.error.message}`, { cause: result.error });
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
