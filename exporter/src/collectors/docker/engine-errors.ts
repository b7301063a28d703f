import { SourceError } from '../../core/errors.js';
import type { DockerHost } from './docker-host.js';

const PROXY_SECTIONS = 'CONTAINERS=1, EVENTS=1, VERSION=1 and PING=1';

/** Explains a failed engine call in words a user can act on. */
export function describeEngineFailure(err: unknown, host: DockerHost): SourceError {
  const code = (err as { code?: string } | null)?.code;
  const status = (err as { statusCode?: number } | null)?.statusCode;
  const where = `the Docker engine at ${host.url}`;
  const cause = { cause: err };

  if (code === 'ENOENT') {
    return new SourceError(
      `no socket at ${host.kind === 'unix' ? host.socketPath : host.url}`,
      'mount the engine socket into the container (e.g. /var/run/docker.sock, or ' +
        '/run/podman/podman.sock for Podman) or point DOCKER_HOST at it',
      cause,
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new SourceError(
      `permission denied opening ${host.url}`,
      "give the exporter's user the socket's group (compose: group_add) or use a socket proxy",
      cause,
    );
  }
  if (code === 'ECONNREFUSED') {
    return new SourceError(
      `${where} refused the connection`,
      'start the engine (or the socket proxy), or correct DOCKER_HOST',
      cause,
    );
  }
  if (status === 403) {
    return new SourceError(
      `${where} refused a request (HTTP 403)`,
      `a socket proxy blocks it: allow ${PROXY_SECTIONS} (GET only, POST=0 is fine)`,
      cause,
    );
  }
  if (isAbort(err)) {
    return new SourceError(
      `${where} did not answer in time`,
      'the engine is overloaded or hanging; check `docker info` on the host',
      cause,
    );
  }

  const detail = err instanceof Error ? err.message : String(err);
  return new SourceError(
    `${where} failed: ${detail}`,
    'check that the engine runs and that DOCKER_HOST points at it',
    cause,
  );
}

export function isAbort(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}
