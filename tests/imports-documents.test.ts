// Imports of the documents coalitions publish: the sample list as a web page inside a site (menu,
// cookie banner, sidebar and footer with numbered lists of their own), as a table with a country
// column, as a PDF printed by Chromium (a narrow column that wraps entries, a list across pages,
// a running header and page numbers) and as a Word document all read as the same 31 entries as the text.
import { describe, expect, it } from 'vitest';
import { publishedPdf } from '../bench/pdf.js';
import { publishedList } from '../bench/names.js';
import { expectProblem, makeApp } from './support/app.js';
import {
  documentFixture,
  encryptedPdf,
  pdfOfBlankPages,
  pdfWithoutText,
  sampleParts,
  sampleRows,
  sitePage,
} from './support/documents.js';
import { docx } from './support/docx.js';
import { importBytes, importText, sample, type ImportResult } from './support/imports.js';
import { row } from './support/published-list.js';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const rows = (result: ImportResult) => result.entries.map(row);
/** A PDF wakes the import worker, which loads PDF.js: seconds when every core is busy with other tests. */
const PDF_TIMEOUT = { timeout: 60_000 };

describe('importing web pages and PDFs', () => {
  it('reads the statement out of a site, leaving its menu, cookie banner, sidebar and footer', async () => {
    const t = await makeApp();
    for (const page of [sitePage(), sitePage({ semantic: false })]) {
      const res = await importBytes(t, page, 'text/html; charset=utf-8', '?dryRun=true');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<ImportResult>();
      expect(rows(body)).toEqual(sampleRows());
      expect(body).toMatchObject({
        outcome: 'created',
        asOf: '2022-01-21',
        statement: { issuer: 'ICOR', title: 'Solidarity with the workers and popular masses in Kazakhstan!' },
        warnings: [],
      });
      expect(body.extracted).toMatchObject({
        mediaType: 'text/html',
        pages: null,
        title: 'Solidarity with the workers and popular masses in Kazakhstan!',
      });
      for (const site of ['Home', 'cookies', 'Most read', 'May greetings', 'Imprint', '© ICOR'])
        expect(body.extracted?.text).not.toContain(site);
    }
  });

  it('reads a table of signatories with a country column, one entry a row', async () => {
    const t = await makeApp();
    const res = await importBytes(t, sitePage({ list: 'table' }), 'text/html', '?dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ImportResult>();
    expect(rows(body)).toEqual(sampleRows());
    expect(body.extracted?.text).toContain(
      "\n1. PCPCI Parti Communiste Proletarien de Côte d'Ivoire (Proletarian Communist Party of Ivory Coast), Ivory Coast\n",
    );
  });

  it(
    'reads a PDF printed by Chromium: wrapped entries joined, the list across pages, no running header or page numbers',
    PDF_TIMEOUT,
    async () => {
      const t = await makeApp();
      const res = await importBytes(
        t,
        documentFixture('sample-narrow.pdf'),
        PDF,
        '?dryRun=true&fileName=icor-kazakhstan.pdf',
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<ImportResult>();
      expect(rows(body)).toEqual(sampleRows());
      expect(body.warnings).toEqual([]);
      expect(body.extracted).toMatchObject({
        mediaType: PDF,
        pages: 5,
        title: 'Solidarity with the workers and popular masses in Kazakhstan!',
      });
      const text = body.extracted?.text ?? '';
      expect(text).not.toMatch(/Page \d of 5/);
      // The title once, as the title: the running header above every page is gone.
      expect(text.split('Solidarity with the workers and popular masses in Kazakhstan!')).toHaveLength(2);
      expect(text).toContain(
        "\n2. UPC-Manidem Union des Populations du Cameroun - Manifeste National pour l'Instauration de la Démocratie (Union of Populations of Cameroon - National Manifesto for the Establishment of Democracy)\n",
      );
      // Entry 23's last line is at the top of page 5; a paragraph runs across a page break too.
      expect(text).toContain(
        '\n23. TKP-ML Türkiye Komünist Partisi – Marksist-Leninist (Communist Party of Turkey – Marxist-Leninist)\n',
      );
      expect(text).toContain('and filled influential Nazarbayev posts');
    },
  );

  it('reads a Word document: its paragraphs, and its numbered list as the entries', async () => {
    const t = await makeApp();
    const { issuer, title, paragraphs, header, entries } = sampleParts();
    const res = await importBytes(
      t,
      docx(
        [issuer, title, ...paragraphs, header],
        entries.map((e) => e.text),
      ),
      DOCX,
      '?dryRun=true',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(rows(res.json<ImportResult>())).toEqual(sampleRows());
    expect(res.json<ImportResult>().extracted).toMatchObject({ mediaType: DOCX, pages: null });
  });

  it(
    'a page or a PDF of a list already imported as text changes nothing: the same organizations',
    PDF_TIMEOUT,
    async () => {
      const t = await makeApp();
      expect((await importText(t, sample)).statusCode).toBe(201);
      for (const [document, type] of [
        [documentFixture('sample-narrow.pdf'), PDF],
        [sitePage(), 'text/html'],
      ] as const) {
        const res = await importBytes(t, document, type);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json<ImportResult>()).toMatchObject({ outcome: 'unchanged', event: null });
        expect(res.json<ImportResult>().entries.every((e) => e.action === 'keep')).toBe(true);
      }
    },
  );

  it('keeps plain text and JSON {text} as they were: no `extracted`', async () => {
    const t = await makeApp();
    const plain = await importText(t, sample, '?dryRun=true');
    expect(plain.json<ImportResult>()).toMatchObject({ outcome: 'created', extracted: null });
    const json = await t.as('editor', { method: 'POST', url: '/v1/imports?dryRun=true', payload: { text: sample } });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json<ImportResult>()).toMatchObject({ outcome: 'created', extracted: null });
    expect(json.json<ImportResult>().entries).toHaveLength(31);
  });

  it(
    'replays a PDF import by its Idempotency-Key, and the same bytes as another media type are another request',
    PDF_TIMEOUT,
    async () => {
      const t = await makeApp();
      const pdf = documentFixture('sample-narrow.pdf');
      const send = (type: string) =>
        t.as('editor', {
          method: 'POST',
          url: '/v1/imports',
          headers: { 'content-type': type, 'idempotency-key': 'pdf-1' },
          payload: pdf,
        });
      const first = await send(PDF);
      expect(first.statusCode, first.body).toBe(201);
      const again = await send(PDF);
      expect([again.statusCode, again.headers['idempotent-replayed'], again.body]).toEqual([201, 'true', first.body]);
      expectProblem(await send('text/html'), 422);
    },
  );
});

describe('documents that cannot be read are 400 problems naming why', () => {
  /** One app for a test's cases: each case wakes its import worker, which loads PDF.js. */
  const problems = async () => {
    const t = await makeApp();
    return async (body: string | Buffer, type: string) =>
      expectProblem(await importBytes(t, body, type, '?dryRun=true'), 400);
  };

  it(
    'a PDF that is not a PDF, is encrypted, has no text, has too many pages, or is damaged',
    { timeout: 60_000 },
    async () => {
      const problem = await problems();
      expect(await problem(sitePage(), PDF)).toMatchObject({
        type: 'urn:undersigned:problem:unparseable-document',
        detail: expect.stringContaining('not a PDF'),
        errors: [{ in: 'body', field: 'body' }],
      });
      expect((await problem(encryptedPdf(), PDF)).detail).toContain('encrypted with a password');
      expect((await problem(pdfWithoutText(), PDF)).detail).toContain('no text (a scan?');
      expect((await problem(pdfOfBlankPages(1_001), PDF)).detail).toContain(
        'it has 1001 pages, more than the 1000 read',
      );
      expect((await problem('%PDF-1.7\n' + 'garbage '.repeat(100), PDF)).detail).toMatch(
        /damaged or not a PDF|no text/,
      );
      expect((await problem(Buffer.alloc(0), PDF)).type).toBe('urn:undersigned:problem:validation-error');
    },
  );

  it('a Word document that is none', async () => {
    const problem = await problems();
    expect((await problem(sitePage(), DOCX)).detail).toContain('not a Word document (.docx) that can be opened');
  });

  it('a page with no list, an unknown charset', async () => {
    const problem = await problems();
    const noList =
      '<html><body><nav><ol><li>Home</li></ol></nav><main><h1>A statement</h1><p>We protest.</p></main></body></html>';
    expect(await problem(noList, 'text/html')).toMatchObject({
      detail: expect.stringContaining('no list of signatories'),
    });
    expect(await problem(sitePage(), 'text/html; charset=klingon')).toMatchObject({
      detail: expect.stringContaining('"klingon"'),
      errors: [{ in: 'header', field: 'content-type' }],
    });
  });
});

describe('the size of documents', () => {
  it(
    'takes a PDF over the text limit, up to 25 MiB, read on the import worker while the server answers; says the limits in a 413',
    { timeout: 60_000 },
    async () => {
      const t = await makeApp();
      const list = publishedList({ title: 'A long PDF list', entries: 300, existing: 0, firstOrg: 0, newFrom: 0 });
      const pdf = publishedPdf('A long PDF list', list, 12 * 1024 * 1024);
      const [res, health] = await Promise.all([
        importBytes(t, pdf, PDF, '?dryRun=true'),
        t.app.inject({ method: 'GET', url: '/health' }),
      ]);
      expect(health.statusCode).toBe(200);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<ImportResult>()).toMatchObject({ outcome: 'created', extracted: { pages: 9 } }); // 8 of text, 1 of its photo
      expect(res.json<ImportResult>().entries).toHaveLength(300);
      const tooLarge = expectProblem(
        await importBytes(t, Buffer.concat([pdf, Buffer.alloc(14 * 1024 * 1024)]), PDF),
        413,
      );
      expect(tooLarge.detail).toContain('25 MiB (26214400 bytes) for application/pdf');
      expect(expectProblem(await importBytes(t, pdf, 'image/png'), 415).detail).toContain(
        'text/plain, text/html, application/pdf',
      );
    },
  );
});
