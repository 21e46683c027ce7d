// A PDF's text, read with Mozilla's PDF.js (the legacy build, made for Node) and laid out again
// as the published format: lines rebuilt from the text items' positions (pdf-layout.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { invalid } from '../domain-error.js';
import { isPdf } from './sniff.js';
import { layOut, type PdfLine } from './pdf-layout.js';
import type { Extracted } from './types.js';

/** PDF.js's own data: character maps (CJK fonts) and the standard fonts a PDF may name without embedding. */
const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Reading takes some 20 ms a page on the import worker, which imports wait for meanwhile. */
const MAX_PAGES = 1_000;

function refused(detail: string) {
  return invalid('unparseable-document', `The PDF could not be read: ${detail}.`, [{ field: 'body', detail }]);
}

/** What PDF.js says of a file it cannot open, in words for the person who sent it. */
function openingProblem(error: unknown) {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return refused('it is encrypted with a password; send it without one');
  if (name === 'InvalidPDFException') return refused(`it is damaged or not a PDF (${message})`);
  return refused(message);
}

/** The items of a text layer that carry text, with their position. Marked-content markers carry none. */
function isTextItem(item: object): item is { str: string; transform: unknown[]; width: number } {
  return (
    'str' in item &&
    typeof item.str === 'string' &&
    'transform' in item &&
    Array.isArray(item.transform) &&
    'width' in item &&
    typeof item.width === 'number'
  );
}

/**
 * One page's text as lines, in the order the page draws them (a browser draws in reading order):
 * items on one baseline make a line, joined with a space where they stand apart.
 */
async function pageLines(pdf: PDFDocumentProxy, number: number): Promise<PdfLine[]> {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent();
  const lines: PdfLine[] = [];
  let line: PdfLine | null = null;
  for (const item of content.items) {
    if (!isTextItem(item) || item.str === '') continue;
    const [a, b, c, d, x, y] = item.transform.map((v) => (typeof v === 'number' ? v : 0));
    const size = Math.hypot(c ?? 0, d ?? 0) || Math.hypot(a ?? 0, b ?? 0);
    const left = x ?? 0;
    const baseline = y ?? 0;
    if (line && Math.abs(baseline - line.y) <= size * 0.5 && left >= line.right - size) {
      // The same line: a gap wider than a fifth of the font size is a space the PDF did not write.
      const gap = left - line.right;
      line.text += gap > size * 0.2 && !/\s$/.test(line.text) && !/^\s/.test(item.str) ? ` ${item.str}` : item.str;
      line.right = Math.max(line.right, left + item.width);
      line.size = Math.max(line.size, size);
    } else {
      line = { page: number, x: left, y: baseline, right: left + item.width, size, text: item.str };
      lines.push(line);
    }
  }
  page.cleanup();
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text !== '');
}

/** The text of a PDF in the published format, with its page count and title. */
export async function pdfText(bytes: Uint8Array): Promise<Extracted> {
  if (bytes.byteLength === 0) throw refused('it is empty');
  if (!isPdf(bytes)) throw refused('it is not a PDF: a PDF starts with "%PDF-"');
  // PDF.js takes the buffer it is given (it may move it to its worker): it gets a copy, and the
  // import keeps the bytes as sent.
  const task = getDocument({
    data: new Uint8Array(bytes),
    // Fonts are read for their character maps only: no eval (compiled glyphs), no system fonts.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    cMapUrl: join(pdfjsDir, 'cmaps/'),
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts/'),
    verbosity: 0,
  });
  let pdf: PDFDocumentProxy;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    throw openingProblem(error);
  }
  try {
    if (pdf.numPages > MAX_PAGES)
      throw refused(
        `it has ${pdf.numPages} pages, more than the ${MAX_PAGES} read (a list of 5,000 entries fills some 150)`,
      );
    const pages: PdfLine[][] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      pages.push(
        await pageLines(pdf, number).catch((error: unknown) => {
          throw refused(`page ${number} cannot be read (${error instanceof Error ? error.message : String(error)})`);
        }),
      );
    }
    const text = layOut(pages);
    if (text === '')
      throw refused(
        `its ${pdf.numPages === 1 ? 'page has' : `${pdf.numPages} pages have`} no text (a scan? only PDFs with a text layer can be read)`,
      );
    const info: unknown = (await pdf.getMetadata().catch(() => null))?.info;
    const title =
      typeof info === 'object' &&
      info !== null &&
      'Title' in info &&
      typeof info.Title === 'string' &&
      info.Title.trim() !== ''
        ? info.Title.trim()
        : undefined;
    return { mediaType: 'application/pdf', text, pages: pdf.numPages, ...(title ? { title } : {}) };
  } finally {
    await pdf.destroy();
  }
}
