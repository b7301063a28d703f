import { RejectedValue } from './settings.js';

/** Parsers shared by the settings of the core and of every collector. */

export function text(raw: string): string {
  return raw;
}

export function positiveInteger(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new RejectedValue('a whole number of 1 or more');
  }
  return value;
}

export function positiveSeconds(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new RejectedValue('a number of seconds above 0, such as 15 or 2.5');
  }
  return value;
}

export function boolean(raw: string): boolean {
  const normalised = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  throw new RejectedValue('true or false');
}

export function commaList(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function oneOf<T extends string>(choices: readonly T[]) {
  return (raw: string): T => {
    const normalised = raw.trim().toLowerCase();
    const match = choices.find((choice) => choice === normalised);
    if (match === undefined) throw new RejectedValue(`one of ${choices.join(', ')}`);
    return match;
  };
}

export function subsetOf<T extends string>(choices: readonly T[]) {
  return (raw: string): T[] => {
    const items = commaList(raw.toLowerCase());
    const unknown = items.filter((item) => !choices.includes(item as T));
    if (unknown.length > 0) {
      throw new RejectedValue(`a comma-separated list of ${choices.join(', ')}`);
    }
    return [...new Set(items)] as T[];
  };
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** `host:port`, `:port` (all interfaces) or `[ipv6]:port`. */
export function listenAddress(raw: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(raw.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new RejectedValue('host:port such as 0.0.0.0:9617, :9617 or [::1]:9617');
  }

  const host = match[1] ?? (match[2] || '0.0.0.0');
  return { host, port };
}

/** An HTTP path starting with a slash, such as /metrics. */
export function httpPath(raw: string): string {
  if (!/^\/[\w\-./~]*$/.test(raw.trim())) {
    throw new RejectedValue('a path starting with /, such as /metrics');
  }
  return raw.trim();
}
