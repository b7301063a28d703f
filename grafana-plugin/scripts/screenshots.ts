/**
 * `npm run screenshots`: renders the Overview's glass visualisations in headless Chromium, dark
 * and light, with live data, and writes docs/screenshots/overview-{dark,light}.png.
 *
 * Without PROMETHEUS_URL it starts a small real stack on loopback first (exporter, Podman,
 * embedded MQTT broker, Prometheus; see scripts/stack). With it, that Prometheus is used as is.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../../test/support/chromium';

import { startPreviewServer } from './preview-server';
import { sleep, waitFor } from './stack/process';
import { startTestStack, TestStack } from './stack';

const repoDir = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const outDir = join(repoDir, 'docs/screenshots');
/** History the stack gathers before the shot, so trends have a shape. */
const WARM_UP_MS = Number(process.env.SCREENSHOT_WARM_UP_MS ?? 75_000);

function log(message: string): void {
  process.stdout.write(`screenshots: ${message}\n`);
}

async function promValue(prometheusUrl: string, query: string): Promise<number | undefined> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as {
    data?: { result?: Array<{ value: [number, string] }> };
  };
  const value = body.data?.result?.[0]?.value[1];
  return value === undefined ? undefined : Number(value);
}

/** Waits until every collector is up and an alert fires, then lets history accumulate. */
async function warmUp(prometheusUrl: string, startedAt: number): Promise<void> {
  await waitFor(
    'all three collectors up in Prometheus',
    async () =>
      (await promValue(prometheusUrl, 'sum(glass_collector_up)')) === 3 ? true : undefined,
    { timeoutMs: 60_000 },
  );
  await waitFor(
    'a firing alert',
    async () =>
      (await promValue(prometheusUrl, 'count(ALERTS{alertstate="firing"})')) ? true : undefined,
    { timeoutMs: 90_000 },
  );
  const remaining = WARM_UP_MS - (Date.now() - startedAt);
  if (remaining > 0) {
    log(`gathering ${Math.round(remaining / 1000)} s more history`);
    await sleep(remaining);
  }
}

async function capture(previewUrl: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const theme of ['dark', 'light'] as const) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${previewUrl}?theme=${theme}&minutes=5`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
      await page.waitForTimeout(500);
      const file = join(outDir, `overview-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await page.close();
      log(`wrote ${file}`);
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  let stack: TestStack | undefined;
  let prometheusUrl = process.env.PROMETHEUS_URL;

  try {
    if (!prometheusUrl) {
      stack = await startTestStack(repoDir, log);
      prometheusUrl = stack.prometheusUrl;
      await warmUp(prometheusUrl, startedAt);
    }

    log(`rendering the preview against ${prometheusUrl}`);
    const preview = await startPreviewServer(prometheusUrl);
    try {
      await capture(preview.url);
    } finally {
      await preview.close();
    }
  } finally {
    await stack?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `screenshots failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
