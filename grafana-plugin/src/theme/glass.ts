import { css } from '@emotion/css';
import { colorManipulator, GrafanaTheme2 } from '@grafana/data';

import { GLASS_LIGHT, GLASS_SHADE, toneWash } from './palette';

const { alpha } = colorManipulator;

/**
 * The soft gradient the glass sits on. Grafana's canvas is flat, so the app paints its own;
 * glass only reads as glass when something colourful is behind it.
 */
export function backdropStyle(theme: GrafanaTheme2) {
  const canvas = theme.colors.background.canvas;
  const strength = theme.isDark ? 1.7 : 1.6;
  return css({
    position: 'relative',
    minHeight: '100%',
    padding: theme.spacing(2),
    borderRadius: theme.shape.radius.lg,
    background: [
      `radial-gradient(60% 55% at 8% 0%, ${toneWash(theme, 'lavender', strength)}, transparent 70%)`,
      `radial-gradient(50% 50% at 95% 10%, ${toneWash(theme, 'sky', strength)}, transparent 70%)`,
      `radial-gradient(55% 60% at 70% 100%, ${toneWash(theme, 'mint', strength)}, transparent 70%)`,
      `radial-gradient(40% 45% at 15% 95%, ${toneWash(theme, 'peach', strength)}, transparent 70%)`,
      canvas,
    ].join(', '),
  });
}

/** A translucent card: tinted surface, hairline border, blur of whatever is behind it. */
export function glassCardStyle(theme: GrafanaTheme2) {
  const surface = theme.colors.background.primary;
  const edge = theme.isDark ? alpha(GLASS_LIGHT, 0.14) : alpha(GLASS_LIGHT, 0.7);
  return css({
    position: 'relative',
    background: alpha(surface, theme.isDark ? 0.42 : 0.55),
    border: `1px solid ${edge}`,
    borderRadius: theme.shape.radius.lg,
    boxShadow: theme.isDark
      ? `0 8px 24px ${alpha(GLASS_SHADE, 0.28)}, inset 0 1px 0 ${alpha(GLASS_LIGHT, 0.08)}`
      : `0 8px 24px ${alpha(theme.colors.text.primary, 0.08)}, inset 0 1px 0 ${edge}`,
    backdropFilter: 'blur(14px) saturate(140%)',
    WebkitBackdropFilter: 'blur(14px) saturate(140%)',
    color: theme.colors.text.primary,
    '@supports not (backdrop-filter: blur(1px))': {
      background: alpha(surface, theme.isDark ? 0.9 : 0.94),
    },
  });
}
