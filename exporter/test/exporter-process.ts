import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

export interface ExporterProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly logs: string[];
  stop(): Promise<number | null>;
}

/** Environment that keeps a test exporter off every real default path and port. */
export const isolatedEnv: NodeJS.ProcessEnv = {
  GLASS_LISTEN_ADDRESS: '127.0.0.1:0',
  PIHOLE_FTL_DB: '/nonexistent/pihole-FTL.db',
  PIHOLE_GRAVITY_DB: '/nonexistent/gravity.db',
  DOCKER_HOST: 'unix:///nonexistent/docker.sock',
  MQTT_EMBEDDED_LISTEN: '127.0.0.1:0',
  LOG_LEVEL: 'info',
};

/** Starts the real CLI from source and waits for its "listening" log line. */
export async function startExporterProcess(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<ExporterProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) resolve(entry.url);
      }
    });
    child.once('exit', (code) => reject(new Error(`exporter exited (${code}): ${logs.join('')}`)));
  });

  return {
    child,
    url,
    logs,
    stop: () => stopProcess(child),
  };
}

export async function stopProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;

  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion (for start-up failures and --help). */
export async function runCli(env: NodeJS.ProcessEnv, args: string[] = []): Promise<CliRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}
