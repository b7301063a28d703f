import { RejectedValue } from '../../config/settings.js';
import { commaList } from '../../config/values.js';

/** A container label copied onto `docker_container_info` under a Prometheus label name. */
export interface InfoLabel {
  readonly containerLabel: string;
  readonly metricLabel: string;
}

export const DEFAULT_INFO_LABELS = 'com.docker.compose.project,com.docker.compose.service';

/** Labels every engine sets itself, so they may not be reused. */
const RESERVED = new Set(['name', 'id', 'image']);

const WELL_KNOWN: Record<string, string> = {
  'com.docker.compose.project': 'compose_project',
  'com.docker.compose.service': 'compose_service',
};

const ACCEPTED =
  'a comma-separated list of container labels, each optionally renamed as ' +
  'metric_label=container.label (e.g. com.docker.compose.project,tier=app.tier), or "none"';

/**
 * Parses `DOCKER_LABELS`. The compose labels keep their short names (`compose_project`,
 * `compose_service`); any other label `a.b-c` becomes `label_a_b_c` unless renamed.
 */
export function infoLabels(raw: string): InfoLabel[] {
  if (raw.trim().toLowerCase() === 'none') return [];

  const labels = commaList(raw).map(parseOne);
  const names = labels.map((label) => label.metricLabel);
  const clash = names.find((name, index) => RESERVED.has(name) || names.indexOf(name) !== index);
  if (clash !== undefined) throw new RejectedValue(`${ACCEPTED}; "${clash}" is used twice`);
  return labels;
}

function parseOne(item: string): InfoLabel {
  const [left, right] = item.split('=', 2).map((part) => part.trim());
  const renamed = right !== undefined;
  const containerLabel = renamed ? right : left;
  if (!containerLabel) throw new RejectedValue(ACCEPTED);

  const metricLabel = renamed
    ? left
    : (WELL_KNOWN[containerLabel] ?? `label_${containerLabel.replace(/[^a-zA-Z0-9_]/g, '_')}`);
  if (
    !metricLabel ||
    !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(metricLabel) ||
    metricLabel.startsWith('__')
  ) {
    throw new RejectedValue(ACCEPTED);
  }
  return { containerLabel, metricLabel };
}
