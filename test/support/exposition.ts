/** Metric families of a Prometheus text exposition, by name, with their type. */
export function familiesOf(exposition: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    families.set(match[1]!, match[2]!);
  }
  return families;
}

/** The value of the first sample whose line starts with `selector`, e.g. `up{job="x"}`. */
export function sampleValue(exposition: string, selector: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${selector} `));
  return line === undefined ? undefined : Number(line.slice(selector.length + 1));
}
