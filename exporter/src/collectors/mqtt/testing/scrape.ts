import type { Registry } from 'prom-client';
import type { Collector } from '../../../core/collector.js';
import { formatText } from '../../../core/exposition.js';
import type { MetricFamily } from '../../../core/exposition.js';

/** What a scrape of one collector shows: the exposition text and the error collect threw. */
export interface Scrape {
  readonly text: string;
  readonly lines: readonly string[];
  readonly error: unknown;
}

export async function scrape(collector: Collector, registry: Registry): Promise<Scrape> {
  let error: unknown;
  try {
    await collector.collect(new AbortController().signal);
  } catch (err) {
    error = err;
  }

  const text = formatText((await registry.getMetricsAsJSON()) as unknown as MetricFamily[]);
  const lines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  return { text, lines, error };
}

/** Scrapes until `ready` holds, failing with the last exposition after `timeoutMs`. */
export async function scrapeUntil(
  collector: Collector,
  registry: Registry,
  ready: (result: Scrape) => boolean,
  timeoutMs = 10_000,
): Promise<Scrape> {
  const deadline = Date.now() + timeoutMs;
  let last = await scrape(collector, registry);

  while (!ready(last)) {
    if (Date.now() > deadline) {
      const problem = last.error instanceof Error ? `\nlast error: ${last.error.message}` : '';
      throw new Error(
        `condition not met within ${timeoutMs} ms; last scrape:\n${last.text}${problem}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await scrape(collector, registry);
  }
  return last;
}

export function counterValue(result: Scrape, line: string): number {
  const found = result.lines.find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}
