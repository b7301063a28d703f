/** Prometheus and Alertmanager duration strings: `1h30m`, `5m`, `30s`, `250ms`. */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

export function durationMs(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new Error(`"${text}" is not a Prometheus duration`);
  }
  return parts.reduce((total, part) => total + Number(part[1]) * UNIT_MS[part[2]!]!, 0);
}

/** The same duration divided by `factor`, never below 1 ms. */
export function scaleDuration(text: string, factor: number): string {
  return `${Math.max(1, Math.round(durationMs(text) / factor))}ms`;
}
