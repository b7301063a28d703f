import { DataFrame } from '@grafana/data';

import { readSeries, Series } from '../../data/frames';
import { ToneName } from '../../theme/palette';

export const SENSOR_REFS = {
  temperature: 'temperature',
  humidity: 'humidity',
  up: 'up',
  lastSeenAge: 'lastSeenAge',
} as const;

export interface SensorThresholds {
  /** Below this the card reads "cold" (sky). */
  cold: number;
  /** From this the card reads "warm" (butter). */
  warm: number;
  /** From this the card reads "hot" (rose); matches the default alert rule. */
  hot: number;
}

export interface SensorCardsOptions {
  thresholds: SensorThresholds;
  /** A device not heard from for this long is shown offline. */
  offlineAfterSeconds: number;
}

export const DEFAULT_SENSOR_OPTIONS: SensorCardsOptions = {
  thresholds: { cold: 16, warm: 26, hot: 30 },
  offlineAfterSeconds: 600,
};

export interface SensorCardView {
  device: string;
  /** Sensor names on the device, e.g. "AM2301". */
  sensors: string[];
  temperature: number | null;
  humidity: number | null;
  trend: Array<number | null>;
  tone: ToneName;
  comfort: string;
  offline: boolean;
  lastSeenAgeSeconds: number | null;
}

export function buildSensorCards(
  frames: DataFrame[],
  options: SensorCardsOptions,
): SensorCardView[] {
  const temperatures = groupByDevice(readSeries(frames, SENSOR_REFS.temperature));
  const humidities = groupByDevice(readSeries(frames, SENSOR_REFS.humidity));
  const up = latestByDevice(readSeries(frames, SENSOR_REFS.up));
  const ages = latestByDevice(readSeries(frames, SENSOR_REFS.lastSeenAge));

  const devices = new Set([...temperatures.keys(), ...humidities.keys(), ...up.keys()]);

  return [...devices].sort().map((device) => {
    const temperatureSeries = temperatures.get(device)?.[0];
    const humiditySeries = humidities.get(device)?.[0];
    const age = ages.get(device) ?? null;
    const offline = up.get(device) === 0 || (age !== null && age > options.offlineAfterSeconds);
    const temperature = temperatureSeries?.last ?? null;
    const sensors = [...(temperatures.get(device) ?? []), ...(humidities.get(device) ?? [])]
      .map((series) => series.labels.sensor)
      .filter((name): name is string => Boolean(name));

    return {
      device,
      sensors: [...new Set(sensors)],
      temperature,
      humidity: humiditySeries?.last ?? null,
      trend: temperatureSeries?.values ?? [],
      offline,
      lastSeenAgeSeconds: age,
      ...comfortOf(temperature, offline, options.thresholds),
    };
  });
}

function comfortOf(
  temperature: number | null,
  offline: boolean,
  thresholds: SensorThresholds,
): { tone: ToneName; comfort: string } {
  if (offline) {
    return { tone: 'slate', comfort: 'offline' };
  }
  if (temperature === null) {
    return { tone: 'lavender', comfort: 'no temperature' };
  }
  if (temperature >= thresholds.hot) {
    return { tone: 'rose', comfort: 'hot' };
  }
  if (temperature >= thresholds.warm) {
    return { tone: 'butter', comfort: 'warm' };
  }
  if (temperature < thresholds.cold) {
    return { tone: 'sky', comfort: 'cold' };
  }
  return { tone: 'mint', comfort: 'comfortable' };
}

function groupByDevice(series: Series[]): Map<string, Series[]> {
  const byDevice = new Map<string, Series[]>();
  for (const item of series) {
    const device = item.labels.device;
    if (device) {
      byDevice.set(device, [...(byDevice.get(device) ?? []), item]);
    }
  }
  return byDevice;
}

function latestByDevice(series: Series[]): Map<string, number> {
  const byDevice = new Map<string, number>();
  for (const item of series) {
    if (item.labels.device && item.last !== null) {
      byDevice.set(item.labels.device, item.last);
    }
  }
  return byDevice;
}

/** "3 min ago", "2 h ago": how long a device has been silent. */
export function formatAge(seconds: number): string {
  if (seconds < 90) {
    return `${Math.max(0, Math.round(seconds))} s ago`;
  }
  if (seconds < 90 * 60) {
    return `${Math.round(seconds / 60)} min ago`;
  }
  if (seconds < 36 * 3600) {
    return `${Math.round(seconds / 3600)} h ago`;
  }
  return `${Math.round(seconds / 86400)} d ago`;
}
