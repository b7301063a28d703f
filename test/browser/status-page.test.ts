import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedEnv,
  startExporterProcess,
  type ExporterProcess,
} from '../../exporter/test/exporter-process.js';
import { launchChromium } from '../support/chromium.js';

/** The exporter's status page as a person sees it: rendered by Chromium from /api/status. */

let exporter: ExporterProcess;
let browser: Browser;

beforeAll(async () => {
  exporter = await startExporterProcess(isolatedEnv);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await exporter?.stop();
});

describe('the exporter status page in a browser', () => {
  it('shows each collector with its state, and the reason and hint of one that is down', async () => {
    const page = await browser.newPage();
    await page.goto(`${exporter.url}/`);

    const pihole = page.locator('section.card', { hasText: 'Pi-hole' });
    await pihole.waitFor({ timeout: 10_000 });

    expect(await page.locator('section.card').count()).toBe(3);
    expect(await pihole.locator('.pill').textContent()).toBe('down');
    expect(await pihole.locator('.problem').textContent()).toContain('/nonexistent/pihole-FTL.db');
    expect(await pihole.locator('.hint').textContent()).toContain('PIHOLE_FTL_DB');
    expect(await page.locator('#updated').textContent()).toMatch(/^updated /);
    await page.close();
  });
});
