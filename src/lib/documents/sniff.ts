// What a document is, from its bytes and its file's name (the CLI reads files, which carry no media type).
import { extname } from 'node:path';
import { DOCX, type DocumentMediaType } from './types.js';

/** A PDF starts with "%PDF-", somewhere in its first 1,024 bytes (as PDF readers look). */
export const isPdf = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).includes('%PDF-');

const BY_EXTENSION: Record<string, DocumentMediaType> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'text/html',
  '.pdf': 'application/pdf',
  '.docx': DOCX,
  '.txt': 'text/plain',
};

/** What a file is, by its first bytes (a PDF's `%PDF-`, a page's markup), else by its name's extension. */
export function sniffMediaType(bytes: Uint8Array, fileName: string): DocumentMediaType {
  if (isPdf(bytes)) return 'application/pdf';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const known = BY_EXTENSION[extname(fileName).toLowerCase()];
  if (known) return known;
  // A ZIP (Word's files are) is only read as one by its extension: many other formats are ZIPs too.
  if (/^(?:\xEF\xBB\xBF)?\s*<(?:!doctype\s+html|html|head|body)[\s>]/i.test(head)) return 'text/html';
  return 'text/plain';
}
