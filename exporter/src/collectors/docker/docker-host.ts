import { RejectedValue } from '../../config/settings.js';

/** Where the engine API listens: a Unix socket, or a TCP address such as a socket proxy. */
export type DockerHost =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly url: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly url: string };

const ACCEPTED = 'unix:///path/to/docker.sock or tcp://host:port (plain HTTP, e.g. a socket proxy)';

/** Parses `DOCKER_HOST` the way the Docker CLI spells it. */
export function dockerHost(raw: string): DockerHost {
  const value = raw.trim();

  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new RejectedValue(ACCEPTED);
    return { kind: 'unix', socketPath, url: value };
  }

  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]]+):(\d{1,5})\/?$/.exec(value);
  const port = Number(tcp?.[2]);
  if (!tcp?.[1] || port < 1 || port > 65535) throw new RejectedValue(ACCEPTED);

  const host = tcp[1].replace(/^\[|\]$/g, '');
  return { kind: 'tcp', host, port, url: value };
}
