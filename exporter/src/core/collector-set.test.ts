import { pino } from 'pino';
import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Collector } from './collector.js';
import { CollectorSet, type CollectorEntry } from './collector-set.js';
import { SourceError } from './errors.js';
import { formatText } from './exposition.js';

const silent = pino({ level: 'silent' });

function entry(name: string, collect: Collector['collect']): CollectorEntry {
  const registry = new Registry();
  new Gauge({ name: `${name}_value`, help: 'test value', registers: [registry] }).set(7);
  const collector: Collector = { name, start: async () => {}, stop: async () => {}, collect };
  return { collector, registry, logger: silent };
}

async function scrapeText(set: CollectorSet, deadlineMs: number): Promise<string> {
  return formatText(await set.scrape(deadlineMs));
}

describe('CollectorSet', () => {
  it('reports each collector up or down without failing the scrape', async () => {
    const set = new CollectorSet(
      [
        entry('healthy', async () => {}),
        entry('broken', async () => {
          throw new SourceError('database missing at /x', 'mount it');
        }),
      ],
      new Registry(),
      silent,
    );

    const text = await scrapeText(set, 1000);

    expect(text).toContain('glass_collector_up{collector="healthy"} 1');
    expect(text).toContain('glass_collector_up{collector="broken"} 0');
    expect(text).toContain('healthy_value 7');
    expect(set.statuses().find((s) => s.name === 'broken')?.problem).toEqual({
      message: 'database missing at /x',
      hint: 'mount it',
    });
  });

  it('answers by the deadline when a collector never finishes, and aborts its signal', async () => {
    let aborted = false;
    const hanging = entry('hanging', (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => {});
    });
    const set = new CollectorSet([hanging, entry('quick', async () => {})], new Registry(), silent);

    const startedAt = performance.now();
    const text = await scrapeText(set, 200);
    const elapsed = performance.now() - startedAt;

    expect(elapsed).toBeLessThan(1000);
    expect(aborted).toBe(true);
    expect(text).toContain('glass_collector_up{collector="hanging"} 0');
    expect(text).toContain('glass_collector_up{collector="quick"} 1');
    expect(text).toContain('hanging_value 7');
    expect(set.statuses().find((s) => s.name === 'hanging')?.problem?.message).toContain(
      'did not finish within 200 ms',
    );
  });

  it('runs one collect at a time per collector when scrapes overlap', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const slow = entry('slow', async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 50));
      running -= 1;
    });
    const set = new CollectorSet([slow], new Registry(), silent);

    await Promise.all([set.scrape(1000), set.scrape(1000), set.scrape(1000)]);

    expect(mostAtOnce).toBe(1);
  });

  it('turns an unexpected exception into a down collector with a generic hint', async () => {
    const set = new CollectorSet(
      [
        entry('buggy', async () => {
          throw new TypeError('cannot read x of undefined');
        }),
      ],
      new Registry(),
      silent,
    );

    const text = await scrapeText(set, 1000);

    expect(text).toContain('glass_collector_up{collector="buggy"} 0');
    expect(set.statuses()[0]?.problem?.hint).toMatch(/log/);
  });

  it('is ready only after every collector has started', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowStart = entry('slow_start', async () => {});
    const set = new CollectorSet(
      [{ ...slowStart, collector: { ...slowStart.collector, start: () => gate } }],
      new Registry(),
      silent,
    );

    const starting = set.startAll();
    const readyBefore = set.ready;
    release();
    await starting;

    expect(readyBefore).toBe(false);
    expect(set.ready).toBe(true);
  });
});
