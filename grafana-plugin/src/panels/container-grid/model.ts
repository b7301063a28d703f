import { DataFrame } from '@grafana/data';

import { readSeries } from '../../data/frames';
import { StatusName } from '../../theme/palette';

/** The query refIds the grid reads; the scene names its queries after them. */
export const CONTAINER_REFS = {
  running: 'running',
  health: 'health',
  restarts: 'restarts',
  oomKilled: 'oomKilled',
  info: 'info',
} as const;

export type ContainerState =
  'healthy' | 'running' | 'starting' | 'unhealthy' | 'restarting' | 'oom-killed' | 'stopped';

export interface ContainerView {
  name: string;
  state: ContainerState;
  status: StatusName;
  /** What the container is: compose service or image. */
  subtitle: string;
  /** Short plain-words reason when something is wrong. */
  note: string;
}

export interface ContainerSummary {
  running: number;
  total: number;
  problems: ContainerView[];
  containers: ContainerView[];
}

const STATE_ORDER: ContainerState[] = [
  'unhealthy',
  'oom-killed',
  'restarting',
  'stopped',
  'starting',
  'running',
  'healthy',
];

export function buildContainers(frames: DataFrame[]): ContainerSummary {
  const health = labelByName(frames, CONTAINER_REFS.health, 'status');
  const restarts = valueByName(frames, CONTAINER_REFS.restarts);
  const oomKilled = valueByName(frames, CONTAINER_REFS.oomKilled);
  const subtitles = subtitleByName(frames);

  const containers = readSeries(frames, CONTAINER_REFS.running)
    .filter((series) => series.labels.name)
    .map((series) => {
      const name = series.labels.name!;
      const state = stateOf(
        series.last === 1,
        health.get(name),
        restarts.get(name) ?? 0,
        oomKilled.get(name) ?? 0,
      );
      return {
        name,
        state,
        status: statusOf(state),
        subtitle: subtitles.get(name) ?? '',
        note: noteOf(state, restarts.get(name) ?? 0),
      };
    })
    .sort(
      (a, b) =>
        STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || a.name.localeCompare(b.name),
    );

  const running = containers.filter((item) => item.state !== 'stopped').length;
  const problems = containers.filter((item) => item.status !== 'good' && item.status !== 'info');
  return { running, total: containers.length, problems, containers };
}

function stateOf(
  running: boolean,
  health: string | undefined,
  restarts: number,
  oomKilled: number,
): ContainerState {
  if (oomKilled === 1) {
    return 'oom-killed';
  }
  if (!running) {
    return 'stopped';
  }
  if (health === 'unhealthy') {
    return 'unhealthy';
  }
  if (restarts > 0) {
    return 'restarting';
  }
  if (health === 'starting') {
    return 'starting';
  }
  return health === 'healthy' ? 'healthy' : 'running';
}

function statusOf(state: ContainerState): StatusName {
  switch (state) {
    case 'healthy':
    case 'running':
      return 'good';
    case 'starting':
      return 'info';
    case 'restarting':
      return 'warning';
    case 'stopped':
      return 'idle';
    case 'unhealthy':
    case 'oom-killed':
      return 'bad';
  }
}

function noteOf(state: ContainerState, restarts: number): string {
  switch (state) {
    case 'unhealthy':
      return 'health check failing';
    case 'oom-killed':
      return 'killed: out of memory';
    case 'restarting':
      return `restarted ${Math.round(restarts)}× in range`;
    case 'stopped':
      return 'not running';
    case 'starting':
      return 'health check starting';
    default:
      return state === 'healthy' ? 'healthy' : 'running';
  }
}

function labelByName(frames: DataFrame[], refId: string, label: string): Map<string, string> {
  const byName = new Map<string, string>();
  for (const series of readSeries(frames, refId)) {
    const name = series.labels.name;
    const value = series.labels[label];
    if (name && value && series.last === 1) {
      byName.set(name, value);
    }
  }
  return byName;
}

function valueByName(frames: DataFrame[], refId: string): Map<string, number> {
  const byName = new Map<string, number>();
  for (const series of readSeries(frames, refId)) {
    if (series.labels.name && series.last !== null) {
      byName.set(series.labels.name, series.last);
    }
  }
  return byName;
}

function subtitleByName(frames: DataFrame[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const series of readSeries(frames, CONTAINER_REFS.info)) {
    const { name, compose_project: project, compose_service: service, image } = series.labels;
    if (name) {
      byName.set(name, project && service ? `${project} · ${service}` : (image ?? ''));
    }
  }
  return byName;
}
