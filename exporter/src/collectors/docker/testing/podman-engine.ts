import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const scripts = join(repositoryRoot, 'scripts/podman');

/** The busybox image that scripts/podman/start.sh imports. */
export const BUSYBOX = 'localhost/glass/busybox:latest';

export interface PodmanEngine {
  /** `unix:///...` for DOCKER_HOST. */
  readonly dockerHost: string;
  readonly socketPath: string;
  /** Extra environment that selects this engine's service (empty for the shared one). */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Starts the project-local Podman engine (or reuses it when it already runs). `socketName` gives
 * a service of its own on the same storage, for tests that stop and restart the service.
 */
export async function startPodmanEngine(socketName?: string): Promise<PodmanEngine> {
  const env: Record<string, string> = socketName ? { GLASS_PODMAN_SOCKET_NAME: socketName } : {};
  const { stdout } = await run('bash', [join(scripts, 'start.sh')], {
    env: { ...process.env, ...env },
    timeout: 120_000,
  });

  const line = stdout.trim().split('\n').pop() ?? '';
  const dockerHost = line.replace(/^DOCKER_HOST=/, '');
  if (!dockerHost.startsWith('unix://')) {
    throw new Error(`scripts/podman/start.sh printed no DOCKER_HOST line: ${stdout}`);
  }
  return { dockerHost, socketPath: dockerHost.slice('unix://'.length), env };
}

/** Stops the service of `engine`; containers keep running (conmon supervises them). */
export async function stopPodmanService(engine: PodmanEngine): Promise<void> {
  await run('bash', [join(scripts, 'stop.sh')], {
    env: { ...process.env, ...engine.env },
    timeout: 60_000,
  });
}

/** The process id of the engine's API service, from the pid file beside its socket. */
export async function servicePid(engine: PodmanEngine): Promise<number> {
  const text = await readFile(engine.socketPath.replace(/\.sock$/, '.pid'), 'utf8');
  return Number(text.trim());
}

/** Runs the podman CLI on the project-local storage. */
export async function podman(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [join(scripts, 'podman.sh'), ...args], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/**
 * Names test containers with a prefix of their own and removes every one of them on `cleanup`,
 * so that parallel or failed runs never leave containers behind for the next one.
 */
export class TestContainers {
  readonly prefix = `glass-test-${process.pid}-${randomBytes(3).toString('hex')}-`;

  name(suffix: string): string {
    return `${this.prefix}${suffix}`;
  }

  /** `podman run -d` with the busybox image; `options` go before the image. */
  async run(suffix: string, options: string[], command: string[]): Promise<string> {
    return podman('run', '-d', '--name', this.name(suffix), ...options, BUSYBOX, ...command);
  }

  async create(suffix: string, command: string[]): Promise<string> {
    return podman('create', '--name', this.name(suffix), BUSYBOX, ...command);
  }

  async cleanup(): Promise<void> {
    const ids = await podman('ps', '--all', '--quiet', '--filter', `name=^${this.prefix}`);
    const list = ids.split('\n').filter((id) => id !== '');
    if (list.length > 0) await podman('rm', '--force', '--time', '0', ...list);
  }
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
