// A Word document's signatory list: mammoth turns the document into plain HTML (its headings,
// paragraphs, numbered lists and tables, no styling), which is read as a web page is.
import mammoth from 'mammoth';
import { invalid } from '../domain-error.js';
import { htmlText } from './html.js';
import { DOCX, type Extracted } from './types.js';

export async function docxText(bytes: Uint8Array): Promise<Extracted> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    }));
  } catch (error) {
    const detail = `it is not a Word document (.docx) that can be opened (${error instanceof Error ? error.message : String(error)})`;
    throw invalid('unparseable-document', `The Word document could not be read: ${detail}.`, [
      { field: 'body', detail },
    ]);
  }
  // The document is all content: no site around it to leave out.
  return { ...htmlText(html, { wholePage: true }), mediaType: DOCX };
}
