// The statement page in a real browser: Debian's Chromium driven by playwright-core, against a
// real server process over real HTTP. Skipped, saying why, where no Chromium is installed
// (CI installs it: `apt-get install -y chromium` in .ci/run).
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium as playwright } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ADMIN_KEY, startLiveServer } from './support/live-server.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => p !== undefined && p !== '',
);
const chromium = CANDIDATES.find((path) => existsSync(path));
const SKIPPED = `SKIPPED: no Chromium binary at ${CANDIDATES.join(' or ')} (install it: apt-get install -y chromium; or set CHROMIUM_PATH)`;
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));

describe('the statement page in Chromium', () => {
  if (!chromium) process.stderr.write(`browser.test.ts: ${SKIPPED}\n`);

  it.skipIf(!chromium)(
    chromium
      ? 'reads the sample list, picks dates, sees a late signatory, with no failed request or console error'
      : SKIPPED,
    { timeout: 60_000 },
    async () => {
      const server = await startLiveServer();
      onTestFinished(server.stop);
      const browser = await playwright.launch({ executablePath: chromium, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('requestfailed', (request) =>
          problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
        );
        page.on('response', (response) => {
          if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
        });
        const rows = page.locator('#signatories tbody tr.signatory');

        // 1. From the statements page to the sample: 31 rows.
        await page.goto(`${server.base}/statements`);
        await page.getByRole('link', { name: 'Solidarity with the workers and popular masses in Kazakhstan!' }).click();
        await page.waitForURL(/\/statements\/stm_/);
        expect(await rows.count()).toBe(31);
        expect(await rows.nth(12).locator('td').nth(1).textContent()).toBe(
          '13. БКП Българска Комунистическа Партия (Bulgarian Communist Party)',
        );
        expect(await page.locator('#verified').textContent()).toMatch(/^Verified/);
        const id = /\/statements\/(stm_[\w-]+)/.exec(page.url())?.[1] ?? '';

        // 2. The day before the list: nobody.
        await page.fill('#asOf', '2022-01-20');
        await page.getByRole('button', { name: 'Show' }).click();
        await page.waitForURL(/asOf=2022-01-20/);
        expect(await rows.count()).toBe(0);
        expect(await page.locator('#empty').textContent()).toBe('No signatories as of this date.');

        // 3. A late signatory joins as of 1 February; a date after it shows it.
        const late = await fetch(`${server.base}/v1/statements/${id}/signatures`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            asOf: '2022-02-01',
            organization: { name: 'Kommunistische Partei Österreichs', abbreviation: 'KPÖ', country: 'AT' },
          }),
        });
        expect(late.status, await late.text()).toBe(201);
        await page.fill('#asOf', '2022-02-15');
        await page.getByRole('button', { name: 'Show' }).click();
        await page.waitForURL(/asOf=2022-02-15/);
        expect(await rows.count()).toBe(32);
        const last = rows.last().locator('td');
        expect([await last.nth(1).textContent(), await last.nth(3).textContent()]).toEqual([
          'KPÖ Kommunistische Partei Österreichs',
          'AT Austria',
        ]);

        // 4. A screenshot to look at (test-results/ is not committed).
        mkdirSync(RESULTS, { recursive: true });
        await page.screenshot({ path: `${RESULTS}statement-page.png`, fullPage: true });

        // Readable on a phone: nothing wider than the screen.
        await page.setViewportSize({ width: 390, height: 844 });
        expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(390);

        // 5. Nothing failed along the way.
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
