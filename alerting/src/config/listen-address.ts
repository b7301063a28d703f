import { isIP } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

const BRACKETED = /^\[([^\]]+)\]:(\d+)$/;
const PLAIN = /^([^:[\]]+):(\d+)$/;
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** Parses `host:port` or `[ipv6]:port`; returns a problem description instead of throwing. */
export function parseListenAddress(text: string): ListenAddress | string {
  const match = BRACKETED.exec(text) ?? PLAIN.exec(text);
  if (!match) {
    return 'not in host:port form';
  }

  const host = match[1] ?? '';
  const port = Number(match[2]);
  if (text.startsWith('[') && isIP(host) !== 6) {
    return `"${host}" in brackets is not an IPv6 address`;
  }
  if (!text.startsWith('[') && isIP(host) === 0 && !HOSTNAME.test(host)) {
    return `"${host}" is not an IP address or host name`;
  }
  if (!Number.isInteger(port) || port > 65535) {
    return `port ${match[2]} is out of range 0-65535`;
  }

  return { host, port };
}
