/** Reads the shape of a payload once so that every firmware parser sees the same thing. */

export type Payload =
  | { readonly shape: 'empty' }
  | { readonly shape: 'number'; readonly value: number }
  | { readonly shape: 'no-value' }
  | { readonly shape: 'json'; readonly value: unknown }
  | { readonly shape: 'broken-json' }
  | { readonly shape: 'state-word'; readonly word: string }
  | { readonly shape: 'text'; readonly text: string };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What firmwares publish when a sensor has no reading (ESPHome `nan`, HA `unavailable`). */
const NO_VALUE_WORDS = new Set(['nan', '-nan', 'none', 'null', 'unknown', 'unavailable']);

/** Switch and presence states: meaningful to their devices, but not sensor readings. */
const STATE_WORDS = new Set([
  'on',
  'off',
  'true',
  'false',
  'online',
  'offline',
  'open',
  'closed',
  'opening',
  'closing',
  'stopped',
  'yes',
  'no',
  'locked',
  'unlocked',
  'connected',
  'disconnected',
  'ok',
]);

export function readPayload(payload: Buffer): Payload {
  const text = payload.toString('utf8').trim();
  if (text === '') return { shape: 'empty' };

  if (NUMBER.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? { shape: 'number', value } : { shape: 'text', text };
  }

  const lower = text.toLowerCase();
  if (NO_VALUE_WORDS.has(lower)) return { shape: 'no-value' };
  if (STATE_WORDS.has(lower)) return { shape: 'state-word', word: lower };

  const first = text[0];
  if (first === '{' || first === '[') return readJson(text);

  return { shape: 'text', text };
}

function readJson(text: string): Payload {
  try {
    return { shape: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { shape: 'broken-json' };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite JSON number, or undefined for anything else (strings, null, NaN). */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
