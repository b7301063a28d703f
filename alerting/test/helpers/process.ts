import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { waitFor } from './ports.js';

const WORKSPACE = fileURLToPath(new URL('../..', import.meta.url));

export interface MailerProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  /** Resolves with the first log record whose msg matches. */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Runs the glass-mailer CLI from source as its own process. */
export function spawnMailer(env: Record<string, string>): MailerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts'], {
    cwd: WORKSPACE,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  collectLines(child.stdout!, stdout);
  collectLines(child.stderr!, stderr);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLog: (message, timeoutMs = 15_000) =>
      waitFor(
        `log "${message}" from the mailer process`,
        () =>
          stdout
            .map((line) => JSON.parse(line) as Record<string, unknown>)
            .find((record) => record.msg === message),
        timeoutMs,
      ),
  };
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    into.push(...lines.filter((line) => line !== ''));
  });
}
