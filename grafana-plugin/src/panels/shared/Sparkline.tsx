import React, { useId } from 'react';

interface Props {
  values: Array<number | null>;
  color: string;
  width?: number;
  height?: number;
}

/**
 * A tiny SVG trend line with a soft fill. Drawn by hand rather than with uPlot so it stays
 * crisp inside small glass cards and renders identically in the preview.
 */
export function Sparkline({ values, color, width = 120, height = 32 }: Props) {
  const gradientId = useId();
  const points = toPoints(values, width, height);
  if (points.length < 2) {
    return null;
  }

  const line = points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${x},${y}`).join(' ');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const area = `${line} L${last[0]},${height} L${first[0]},${height} Z`;

  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden>
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor={color} stopOpacity={0.35} />
          <stop offset="1" stopColor={color} stopOpacity={0} />
        </linearGradient>
      </defs>
      <path d={area} fill={`url(#${gradientId})`} />
      <path d={line} fill="none" stroke={color} strokeWidth={1.8} strokeLinejoin="round" />
    </svg>
  );
}

/** Scales finite values into the box, leaving a pixel of air so the stroke is not clipped. */
export function toPoints(
  values: Array<number | null>,
  width: number,
  height: number,
): Array<[number, number]> {
  const finite = values
    .map((value, index) => ({ value, index }))
    .filter((point): point is { value: number; index: number } => {
      return point.value !== null && Number.isFinite(point.value);
    });
  if (finite.length === 0) {
    return [];
  }

  const min = Math.min(...finite.map((point) => point.value));
  const max = Math.max(...finite.map((point) => point.value));
  const span = max - min || 1;
  const steps = Math.max(values.length - 1, 1);

  return finite.map(({ value, index }) => {
    const x = (index / steps) * width;
    const y = height - 1 - ((value - min) / span) * (height - 2);
    return [round(x), round(y)];
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
