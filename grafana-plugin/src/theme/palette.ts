import { colorManipulator, GrafanaTheme2 } from '@grafana/data';

/**
 * The M3 pastel tonal palette: the only hard-coded colours of the app. Each tone has a light
 * pastel (used as-is on dark surfaces) and a deeper shade of the same hue (used on light
 * surfaces, where the pastel would be too faint to read).
 */
const TONES = {
  lavender: { pastel: '#cbb7f6', deep: '#6a4fb0' },
  sky: { pastel: '#a9d4f5', deep: '#2c6a9c' },
  mint: { pastel: '#a7e8c8', deep: '#23785a' },
  butter: { pastel: '#f5e3a1', deep: '#8a6500' },
  peach: { pastel: '#ffc8a8', deep: '#a4521f' },
  rose: { pastel: '#f6b3c2', deep: '#b2375a' },
  slate: { pastel: '#c6cbd6', deep: '#5b6472' },
} as const;

/** Light and shade of the glass itself: its bright edge and the shadow under a card. */
export const GLASS_LIGHT = '#ffffff';
export const GLASS_SHADE = '#000000';

export type ToneName = keyof typeof TONES;

export const TONE_NAMES = Object.keys(TONES) as ToneName[];

/** Meaning-to-tone mapping shared by every visualisation. */
export const STATUS_TONES = {
  good: 'mint',
  warning: 'butter',
  bad: 'rose',
  idle: 'slate',
  info: 'sky',
} as const satisfies Record<string, ToneName>;

export type StatusName = keyof typeof STATUS_TONES;

/** Accent colour of a tone for the theme: dots, strokes and figures. */
export function toneColor(theme: GrafanaTheme2, tone: ToneName): string {
  return theme.isDark ? TONES[tone].pastel : TONES[tone].deep;
}

/** Faint wash of a tone, used behind glass and as tile tint. */
export function toneWash(theme: GrafanaTheme2, tone: ToneName, strength = 1): string {
  const alpha = (theme.isDark ? 0.16 : 0.28) * strength;
  return colorManipulator.alpha(TONES[tone].pastel, alpha);
}
