import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Mosquitto broker (Debian package `mosquitto`) on a free loopback port, with a config of
 * its own, for tests and benchmarks. It can be stopped and started again on the same port.
 */
export interface MosquittoOptions {
  /** When given, anonymous clients are refused and these users are the only ones accepted. */
  readonly users?: Readonly<Record<string, string>>;
  /** Serve MQTT over TLS with this PEM certificate and key. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  /** Seconds between `$SYS` statistics publications. */
  readonly sysIntervalSeconds?: number;
}

/** Another process may take the free port before Mosquitto binds it; then try another. */
const START_ATTEMPTS = 3;

export class Mosquitto {
  private process: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly configPath: string,
    private readonly passwordFile: string | undefined,
    private readonly tls: boolean,
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    let lastError: unknown;
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
      const broker = Mosquitto.configure(options, await freePort());
      try {
        await broker.resume();
        return broker;
      } catch (err) {
        lastError = err;
        await broker.stop();
      }
    }
    throw lastError;
  }

  private static configure(options: MosquittoOptions, port: number): Mosquitto {
    const dir = mkdtempSync(join(tmpdir(), 'glass-mosquitto-'));
    const lines = [
      `listener ${port} 127.0.0.1`,
      'persistence false',
      `sys_interval ${options.sysIntervalSeconds ?? 10}`,
      // Running as root, Mosquitto would switch to a `mosquitto` user that cannot read this dir.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
    ];

    if (options.tls) {
      lines.push(`certfile ${options.tls.certFile}`, `keyfile ${options.tls.keyFile}`);
    }

    const passwordFile = options.users ? join(dir, 'passwords') : undefined;
    if (options.users && passwordFile) {
      writeFileSync(passwordFile, '');
      for (const [user, password] of Object.entries(options.users)) {
        execFileSync('mosquitto_passwd', ['-b', passwordFile, user, password]);
      }
      lines.push('allow_anonymous false', `password_file ${passwordFile}`);
    } else {
      lines.push('allow_anonymous true');
    }

    const configPath = join(dir, 'mosquitto.conf');
    writeFileSync(configPath, `${lines.join('\n')}\n`);
    return new Mosquitto(port, dir, configPath, passwordFile, options.tls !== undefined);
  }

  get url(): string {
    return `${this.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  /** Starts the broker process (again) and waits until it accepts connections. */
  async resume(): Promise<void> {
    const child = spawn('mosquitto', ['-c', this.configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    child.stdout?.on('data', (chunk: Buffer) => this.keepOutput(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.keepOutput(chunk));

    const failed = new Promise<never>((_, reject) => {
      child.once('error', (err) =>
        reject(new Error(`cannot run mosquitto (apt-get install mosquitto): ${err.message}`)),
      );
      child.once('exit', (code) =>
        reject(new Error(`mosquitto exited with ${code} before listening:\n${this.output}`)),
      );
    });
    await Promise.race([waitForPort(this.port, 5000), failed]);
  }

  /** Adds a user to the password file and makes the running broker re-read it. */
  addUser(user: string, password: string): void {
    if (!this.passwordFile) throw new Error('this broker was started without users');
    execFileSync('mosquitto_passwd', ['-b', this.passwordFile, user, password]);
    this.process?.kill('SIGHUP');
  }

  /** Stops the broker process; the port stays reserved for `resume`. */
  async pause(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;

    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  async stop(): Promise<void> {
    await this.pause();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private keepOutput(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-4000);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
