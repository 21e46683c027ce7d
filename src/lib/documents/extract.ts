// A document as sent (plain text, a web page, a PDF, a Word document) to the text in the published
// format that the published-list parser reads, with what it was read from.
import { invalid } from '../domain-error.js';
import { DOCX, type Extracted, type SourceDocument } from './types.js';

/**
 * Reads the document. Each reader is loaded on first use: the PDF and Word libraries only on the
 * import worker (in the server), the HTML reader (linkedom, some 27 MB) wherever a page is first
 * read. A server or worker that never reads a page never holds it.
 */
export async function extractDocument(document: SourceDocument, charset?: string): Promise<Extracted> {
  switch (document.mediaType) {
    case 'text/plain':
      return { mediaType: 'text/plain', text: decode(document.bytes, charset ?? 'utf-8') };
    case 'text/html':
      return (await import('./html.js')).htmlText(decodeHtml(document.bytes, charset));
    case 'application/pdf':
      return (await import('./pdf.js')).pdfText(document.bytes);
    case DOCX:
      return (await import('./docx.js')).docxText(document.bytes);
  }
}

function decode(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch (error) {
    // The only thing a non-fatal decoder refuses is the name of the character set.
    if (!(error instanceof RangeError)) throw error;
    throw invalid('unparseable-document', `The document's character set "${label}" is not one this server knows.`, [
      { field: 'content-type', detail: `names an unknown charset "${label}"` },
    ]);
  }
}

/**
 * A page's text by its character set: the Content-Type's, else a byte order mark, else the page's
 * own <meta charset> (within its first 1,024 bytes, as browsers look), else UTF-8.
 */
function decodeHtml(bytes: Uint8Array, charset: string | undefined): string {
  if (charset) return decode(bytes, charset);
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.startsWith('\xEF\xBB\xBF')) return decode(bytes, 'utf-8');
  if (head.startsWith('\xFE\xFF')) return decode(bytes, 'utf-16be');
  if (head.startsWith('\xFF\xFE')) return decode(bytes, 'utf-16le');
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return decode(bytes, meta?.[1] ?? 'utf-8');
}
