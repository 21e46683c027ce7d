// Web pages as the published format's text: the parts of a page that become lines, numbers and
// entries, and the main content picked out of a site.
import { describe, expect, it } from 'vitest';
import { htmlText } from '../src/lib/documents/html.js';
import { parseDocument } from '../src/lib/published-list/document.js';
import { DomainError } from '../src/lib/domain-error.js';
import { documentFixture, sitePage } from './support/documents.js';

const HEAD =
  '<p>ICOR resolution:</p><h1>A title</h1><p>Body, with <b>bold</b>\n   and   spaces.</p><h2>Signatories (as of 1 March 2022):</h2>';
const text = (body: string) => htmlText(`<html><body><article>${HEAD}${body}</article></body></html>`).text;
const entries = (body: string) =>
  parseDocument(text(body)).entries.map((e) => [e.number, e.abbreviation, e.name, e.country]);

describe('HTML as the published format', () => {
  it('makes headings and paragraphs lines of their own, and white space as a browser shows it', () => {
    expect(text('<ol><li>RM Rode Morgen, Netherlands</li></ol>')).toBe(
      'ICOR resolution:\n\nA title\n\nBody, with bold and spaces.\n\nSignatories (as of 1 March 2022):\n\n1. RM Rode Morgen, Netherlands',
    );
  });

  it('numbers ordered lists as a browser does: start, value, reversed', () => {
    expect(
      entries(
        '<ol start="4"><li>KPÖ Kommunistische Partei Österreichs</li><li value="9">RM Rode Morgen, Netherlands</li><li>UC Unité Communiste, France</li></ol>',
      ),
    ).toEqual([
      [4, 'KPÖ', 'Kommunistische Partei Österreichs', 'AT'],
      [9, 'RM', 'Rode Morgen', 'NL'],
      [10, 'UC', 'Unité Communiste', 'FR'],
    ]);
    expect(text('<ol reversed><li>A A, France</li><li>B B, France</li></ol>')).toContain(
      '\n2. A A, France\n1. B B, France',
    );
  });

  it('reads a bulleted list after the signatories header as the list, one before it as text', () => {
    const page = `<article><p>ICOR resolution:</p><h1>A title</h1><ul><li>Freedom for all prisoners!</li></ul><h2>Signatories (as of 1 March 2022):</h2><ul><li>RM Rode Morgen, Netherlands</li><li>3. UC Unité Communiste, France</li></ul></article>`;
    const doc = parseDocument(htmlText(page).text);
    expect(doc.body).toBe('Freedom for all prisoners!');
    expect(doc.entries.map((e) => [e.number, e.abbreviation])).toEqual([
      [1, 'RM'],
      [3, 'UC'],
    ]);
  });

  it('reads entries typed in a paragraph, a line each', () => {
    expect(entries('<p>1. RM Rode Morgen, Netherlands<br>2. UC Unité Communiste, France</p>')).toEqual([
      [1, 'RM', 'Rode Morgen', 'NL'],
      [2, 'UC', 'Unité Communiste', 'FR'],
    ]);
  });

  it('reads a table by its header row in any language, or by a last cell that names a country', () => {
    const russian =
      '<table><tr><td>Организация</td><td>Страна</td></tr><tr><td>РМ Роде Морген</td><td>Нидерланды</td></tr><tr><td>UC Unité Communiste</td><td>Франция</td></tr></table>';
    expect(entries(russian)).toEqual([
      [1, 'РМ', 'Роде Морген', 'NL'],
      [2, 'UC', 'Unité Communiste', 'FR'],
    ]);
    const german =
      '<table><tr><th>Nr.</th><th>Kürzel</th><th>Organisation</th><th>Land</th></tr><tr><td>7</td><td>RM</td><td>Rode Morgen</td><td>Niederlande</td></tr></table>';
    expect(entries(german)).toEqual([[7, 'RM', 'Rode Morgen', 'NL']]);
    const headless =
      '<table><tr><td>RM Rode Morgen</td><td>Netherlands</td></tr><tr><td>UC Unité Communiste</td><td>France</td></tr></table>';
    expect(entries(headless)).toEqual([
      [1, 'RM', 'Rode Morgen', 'NL'],
      [2, 'UC', 'Unité Communiste', 'FR'],
    ]);
  });

  it('reads a page laid out in a table as its text', () => {
    const layout = `<table><tr><td><p>ICOR resolution:</p><h1>A title</h1></td></tr><tr><td><h2>Signatories (as of 1 March 2022):</h2><ol><li>RM Rode Morgen, Netherlands</li></ol></td></tr></table>`;
    expect(parseDocument(htmlText(layout).text).entries).toHaveLength(1);
  });

  it('keeps a preformatted list as it was typed', () => {
    const pre =
      '<pre>ICOR resolution:\n\nA title\n\nSignatories (as of 1 March 2022):\n\n1. RM Rode Morgen, Netherlands\n2. UC Unité Communiste, France\n</pre>';
    expect(htmlText(pre).text).toBe(
      'ICOR resolution:\n\nA title\n\nSignatories (as of 1 March 2022):\n\n1. RM Rode Morgen, Netherlands\n2. UC Unité Communiste, France',
    );
  });

  it('finds the statement in a site: not its menu, cookie banner, sidebar or footer, each with a numbered list', () => {
    for (const page of [sitePage(), sitePage({ semantic: false })]) {
      const { text: read, title } = htmlText(page);
      expect(title).toBe('Solidarity with the workers and popular masses in Kazakhstan!');
      expect(
        read.startsWith(
          'ICOR resolution:\n\nSolidarity with the workers and popular masses in Kazakhstan!\n\nAt the beginning of 2022',
        ),
      ).toBe(true);
      expect(read.endsWith('\n31. ROL Revolutionary Organization of Labor, USA')).toBe(true);
    }
  });

  it('the committed page (tests/fixtures/documents/) is the one the fixture script makes', () => {
    expect(documentFixture('sample-site.html').toString('utf8')).toBe(sitePage());
  });

  it('reads a page nested deeper than Readability is quick for by its markup, and refuses one nested past 1,000', () => {
    const deep = (n: number) =>
      `<article>${HEAD}${'<div>'.repeat(n)}<ol><li>RM Rode Morgen, Netherlands</li></ol>${'</div>'.repeat(n)}</article>`;
    expect(parseDocument(htmlText(deep(300)).text).entries).toHaveLength(1);
    expect(() => htmlText(deep(5_000))).toThrow(/nest 5\d{3} deep, more than the 1000/);
  });

  it('refuses a page with no list, saying so', () => {
    const read = () =>
      htmlText(
        '<html><body><main><h1>A statement</h1><p>We protest.</p></main><footer><ol><li>Imprint</li></ol></footer></body></html>',
      );
    expect(read).toThrow(DomainError);
    expect(read).toThrow(/no list of signatories/);
  });
});
