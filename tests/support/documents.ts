// The sample list (data/sample/…txt) as the documents coalitions publish: a statement's web page
// inside a site (menu, cookie banner, sidebar and footer with numbered lists of their own), the
// same with its list as a table with a country column, and the page to print as a PDF.
import { readFileSync } from 'node:fs';
import { countryName } from '../../src/lib/country-detect.js';
import { parseDocument } from '../../src/lib/published-list/document.js';
import { splitTrailingCountry } from '../../src/lib/published-list/entry.js';
import { row } from './published-list.js';
import { sample } from './imports.js';

/** The sample's parts, read off its lines: issuer line, title, paragraphs, header, entries. */
export function sampleParts() {
  const blocks = sample
    .trim()
    .split(/\n\s*\n/)
    .map((b) => b.trim());
  const headerAt = blocks.findIndex((b) => b.startsWith('Signatories ('));
  const [issuer = '', title = '', ...paragraphs] = blocks.slice(0, headerAt);
  const entries = blocks
    .slice(headerAt + 1)
    .flatMap((b) => b.split('\n'))
    .map((line) => {
      const m = /^(\d+)\. (.*)$/.exec(line.trim());
      if (!m) throw new Error(`not an entry: ${line}`);
      return { number: Number(m[1]), text: m[2] ?? '' };
    });
  return { issuer, title, paragraphs, header: blocks[headerAt] ?? '', entries };
}

/** What every document of the sample must parse to: number, abbreviation, name, translation, country. */
export const sampleRows = () => parseDocument(sample).entries.map(row);

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The statement's body: issuer line, title, paragraphs, header; then the list as given. */
function article(list: string): string {
  const { issuer, title, paragraphs, header } = sampleParts();
  return `<article class="post">
  <header class="entry-header"><p class="kicker">${escapeHtml(issuer)}</p><h1 class="entry-title">${escapeHtml(title)}</h1></header>
  <div class="entry-content">
    ${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n    ')}
    <h2>${escapeHtml(header)}</h2>
    ${list}
  </div>
</article>`;
}

/**
 * The list as two ordered lists, split where the text has its blank line (the second with
 * `start="22"`), one item numbered by `value`, and some markup inside items.
 */
function orderedLists(): string {
  const { entries } = sampleParts();
  const item = (e: { number: number; text: string }) =>
    e.number === 5
      ? `<li value="5"><strong>${escapeHtml(e.text.split(' ')[0] ?? '')}</strong> ${escapeHtml(e.text.split(' ').slice(1).join(' '))}</li>`
      : `<li>${escapeHtml(e.text)}</li>`;
  return `<ol>\n${entries
    .filter((e) => e.number <= 21)
    .map(item)
    .join('\n')}\n</ol>\n<ol start="22">\n${entries
    .filter((e) => e.number > 21)
    .map(item)
    .join('\n')}\n</ol>`;
}

/** The list as a table: number, organisation and country columns under a header row. */
function table(headers: [string, string, string] = ['No.', 'Organisation', 'Country']): string {
  const parsed = parseDocument(sample).entries;
  const rows = sampleParts().entries.map((e, i) => {
    const country = countryName(parsed[i]?.country ?? '') ?? '';
    const name = splitTrailingCountry(e.text)?.rest ?? e.text;
    return `<tr><td>${e.number}.</td><td>${escapeHtml(name)}</td><td>${escapeHtml(country)}</td></tr>`;
  });
  return `<table class="signatories">\n<thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

const numbered = (items: string[]) => `<ol>${items.map((i) => `<li><a href="#">${i}</a></li>`).join('')}</ol>`;

/**
 * The statement's page inside a site. `semantic`: the site marks its parts up as nav, aside and
 * footer; otherwise they are divs with class names only, and the main content has to be found
 * by its text (Readability's part).
 */
export function sitePage(options: { list?: 'ordered' | 'table'; semantic?: boolean } = {}): string {
  const list = options.list === 'table' ? table() : orderedLists();
  const semantic = options.semantic ?? true;
  const tag = (name: string, fallback: string) => (semantic ? name : fallback);
  const { title } = sampleParts();
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} – ICOR</title><script>window.dataLayer = [];</script>
<style>body { font-family: sans-serif } .layout { display: flex }</style></head>
<body>
<${tag('header', 'div')} class="site-header"><a class="logo" href="/">ICOR</a>
  <${tag('nav', 'div')} class="main-menu">${numbered(['Home', 'Resolutions', 'Member organisations', 'Contact'])}</${tag('nav', 'div')}>
</${tag('header', 'div')}>
<div id="cookie-notice" class="cookie-banner"${semantic ? ' role="dialog"' : ''}>
  <p>We use cookies to improve this site. Choose which ones you allow:</p>${numbered(['Necessary cookies', 'Statistics', 'Marketing'])}<button>Accept all</button>
</div>
<div class="layout">
<${tag('main', 'div')} id="content" class="content">
${article(list)}
</${tag('main', 'div')}>
<${tag('aside', 'div')} class="sidebar widget-area"><h2>Most read</h2>${numbered(['1. May greetings 2022', 'Against the war in Ukraine', 'Solidarity with the miners of Turkey', 'Free all political prisoners'])}</${tag('aside', 'div')}>
</div>
<${tag('footer', 'div')} class="site-footer">${numbered(['Imprint', 'Privacy policy', 'Newsletter'])}<p>© ICOR 2022</p></${tag('footer', 'div')}>
</body>
</html>
`;
}

/**
 * The statement alone, to print as a PDF: its list in a narrow column (a wrapped item runs on
 * to the next line, right of its number) and long enough to run across a page break.
 */
export function printPage(): string {
  const { title } = sampleParts();
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  body { font-family: 'DejaVu Serif', serif; font-size: 11pt; margin: 0 }
  .entry-content ol { width: 7.5cm }
</style></head>
<body>
${article(orderedLists())}
</body>
</html>
`;
}

/** A committed fixture of tests/fixtures/documents/. */
export function documentFixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url));
}

/**
 * A PDF of the given objects (1 is the catalog), with its cross-reference table: for files
 * Chromium would not print (one that is encrypted, one with no text).
 */
export function handmadePdf(objects: string[], trailer = ''): Buffer {
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.from(
    `${pdf}${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${pdf.length}\n%%EOF\n`,
    'latin1',
  );
}

const PAGE_TREE = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
];

/** A page with nothing on it: what a scan without a text layer is to a text reader. */
export const pdfWithoutText = () => handmadePdf([...PAGE_TREE, '<< /Length 0 >>\nstream\n\nendstream']);

/** `count` blank pages (one page object, listed `count` times). */
export const pdfOfBlankPages = (count: number) =>
  handmadePdf([
    PAGE_TREE[0] ?? '',
    `<< /Type /Pages /Kids [${'3 0 R '.repeat(count)}] /Count ${count} >>`,
    PAGE_TREE[2] ?? '',
    '<< /Length 0 >>\nstream\n\nendstream',
  ]);

/** Encrypted with a user password (RC4, revision 2): it cannot be opened without it. */
export const encryptedPdf = () =>
  handmadePdf(
    [
      ...PAGE_TREE,
      '<< /Length 0 >>\nstream\n\nendstream',
      `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -44 >>`,
    ],
    `/Encrypt 5 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>] `,
  );
