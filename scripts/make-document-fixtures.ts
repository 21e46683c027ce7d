/**
 * Writes tests/fixtures/documents/: the sample list as a web page (from tests/support/documents.ts;
 * the docs' examples post it) and as a PDF printed from HTML by Chromium, so that the tests
 * need no browser. Run it again
 * after changing the pages: `npx tsx scripts/make-document-fixtures.ts` (Chromium at
 * /usr/bin/chromium, or CHROMIUM_PATH; `apt-get install -y chromium`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium as playwright } from 'playwright-core';
import { printPage, sitePage } from '../tests/support/documents.js';

const out = new URL('../tests/fixtures/documents/', import.meta.url);
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p !== undefined && p !== '' && existsSync(p),
);
if (!executablePath) throw new Error('no Chromium: install it (apt-get install -y chromium) or set CHROMIUM_PATH');

mkdirSync(out, { recursive: true });
writeFileSync(new URL('sample-site.html', out), sitePage());

const browser = await playwright.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  await page.setContent(printPage(), { waitUntil: 'load' });
  // A5 with a running header (the title) and footer (page numbers) on every page, as a browser
  // prints a page; the list's narrow column wraps long entries, and the list crosses pages. With
  // this top margin, entry 23's last line is on the next page (and a paragraph crosses pages).
  const pdf = await page.pdf({
    format: 'A5',
    margin: { top: '2.2cm', bottom: '2cm', left: '1.5cm', right: '1.5cm' },
    displayHeaderFooter: true,
    headerTemplate: '<div style="font-size:8pt;width:100%;text-align:center"><span class="title"></span></div>',
    footerTemplate:
      '<div style="font-size:8pt;width:100%;text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
  });
  writeFileSync(new URL('sample-narrow.pdf', out), pdf);
} finally {
  await browser.close();
}
process.stderr.write(`wrote ${out.pathname}\n`);
