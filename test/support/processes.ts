import { spawn, type ChildProcess } from 'node:child_process';

const KEPT_LOG_LINES = 60;
const STOP_GRACE_MS = 5000;

/** A real peer process whose recent output is kept for failure messages. */
export class PeerProcess {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
  ) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.child.on('error', (err) => {
      this.exitCode ??= null;
      this.keep(Buffer.from(`could not run ${command}: ${err.message}\n`));
    });
    this.child.on('exit', (code, signal) => {
      this.exitCode = code;
      this.keep(Buffer.from(`exited with code ${code} (signal ${signal})\n`));
    });
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  /** The last lines it printed, for an assertion message. */
  log(): string {
    return `--- ${this.name} ---\n${this.lines.join('\n')}`;
  }

  async stop(): Promise<void> {
    if (this.exited) return;

    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private keep(chunk: Buffer): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    this.lines.splice(0, Math.max(0, this.lines.length - KEPT_LOG_LINES));
  }
}

/** Polls until `check` returns a value, failing with the peers' logs when time runs out. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; peers?: PeerProcess[]; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;

  while (Date.now() < deadline) {
    const exited = options.peers?.find((peer) => peer.exited);
    if (exited) throw new Error(`${exited.name} exited while waiting for ${what}\n${exited.log()}`);

    try {
      const result = await check();
      if (result !== undefined) return result;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }

  const logs = (options.peers ?? []).map((peer) => peer.log()).join('\n');
  const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${reason}\n${logs}`);
}

/** Resolves with the body of a 200 answer, undefined otherwise. */
export async function httpText(url: string, init?: RequestInit): Promise<string | undefined> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
  return response.ok ? await response.text() : undefined;
}
