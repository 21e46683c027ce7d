// The documents an import takes over HTTP: plain text, a web page, a PDF, a Word document (or
// JSON {"text": …}), each read as the bytes sent, each with its own size limit, and read into
// the published format's text inline when that is quick, else on the import worker.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { extractDocument } from '../../lib/documents/extract.js';
import { isPdf } from '../../lib/documents/sniff.js';
import { DOCX, type DocumentMediaType, type Extracted, type SourceDocument } from '../../lib/documents/types.js';
import { invalid } from '../../lib/domain-error.js';
import type { ImportWorker } from './off-thread.js';

/** Text, pages and JSON: published lists with thousands of entries are larger than any single resource. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;
/** PDFs and Word documents carry fonts and photos: a 20 MB one is read whole. */
export const IMPORT_BINARY_LIMIT = 25 * 1024 * 1024;

export const MEDIA_TYPES = `Send the document as text/plain, text/html, application/pdf, ${DOCX} (a Word document) or application/json {"text": …}.`;
export const TOO_LARGE =
  'The document is over the import limit for its media type: 10 MiB (10485760 bytes) for text/plain, text/html and application/json, 25 MiB (26214400 bytes) for application/pdf and Word documents.';

/**
 * Documents larger than this are read on the import worker, so the event loop keeps answering.
 * Measured on this 2-core machine (loaded by others; see docs/imports.md): a page of
 * 1 KiB took 8 ms to read (two parses and Readability's pass), 3 KiB 11 ms, 10 KiB 24 ms; a
 * PDF of one page 12–22 ms, and the first PDF loads PDF.js (some 200 ms), so every PDF and Word
 * document goes to the worker. Plain text is only decoded here; the import itself goes to the
 * worker above OFF_THREAD_ABOVE (off-thread.ts).
 */
export const EXTRACT_OFF_THREAD_ABOVE: Record<DocumentMediaType, number> = {
  'text/plain': Number.POSITIVE_INFINITY,
  'text/html': 4 * 1024,
  'application/pdf': 0,
  [DOCX]: 0,
};

const bytes = (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: Buffer) => void) =>
  done(null, body);

/** Registers, in the imports' own scope, a parser for each media type an import takes. */
export function acceptDocuments(app: FastifyInstance): void {
  app.addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, bytes);
  app.addContentTypeParser('text/html', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, bytes);
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: IMPORT_BINARY_LIMIT }, bytes);
  app.addContentTypeParser(DOCX, { parseAs: 'buffer', bodyLimit: IMPORT_BINARY_LIMIT }, bytes);
  // JSON up to the text limit here, not the 1 MiB of other bodies.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
    app.getDefaultJsonParser('error', 'error'),
  );
}

const isMediaType = (type: string | undefined): type is DocumentMediaType =>
  type === 'text/plain' || type === 'text/html' || type === 'application/pdf' || type === DOCX;

/** The document a request sent: its bytes as sent (JSON's text as UTF-8), what they are, and its file name. */
export function documentOf(
  request: FastifyRequest,
  fileName: string | undefined,
): { document: SourceDocument; charset: string | undefined } {
  const { body } = request;
  if (Buffer.isBuffer(body) && isMediaType(request.mediaType)) {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
    return { document: { bytes: body, mediaType: request.mediaType, fileName, charset }, charset };
  }
  if (typeof body === 'object' && body !== null && 'text' in body && typeof body.text === 'string') {
    return {
      document: { bytes: Buffer.from(body.text, 'utf8'), mediaType: 'text/plain', fileName, charset: 'utf-8' },
      charset: 'utf-8',
    };
  }
  // The body schemas let nothing else through.
  throw invalid('validation-error', 'The request has no document.', [{ field: 'body', detail: 'is required' }]);
}

/** The text to import, read inline or, for a large or costly document, on the import worker. */
export async function readDocument(
  document: SourceDocument,
  charset: string | undefined,
  worker: ImportWorker | null,
): Promise<Extracted> {
  // Not a PDF at all: said at once, without loading PDF.js or waking the worker.
  if (document.mediaType === 'application/pdf' && !isPdf(document.bytes)) {
    const detail = 'it is not a PDF: a PDF starts with "%PDF-"';
    throw invalid('unparseable-document', `The PDF could not be read: ${detail}.`, [{ field: 'body', detail }]);
  }
  const offThread = worker !== null && document.bytes.byteLength > EXTRACT_OFF_THREAD_ABOVE[document.mediaType];
  return offThread ? worker.extract(document, charset) : extractDocument(document, charset);
}
