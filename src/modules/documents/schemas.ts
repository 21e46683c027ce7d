import { z } from 'zod';
import { DOCUMENT_MEDIA_TYPES } from '../../lib/documents/types.js';

/** A document's SHA-256, as the documents API names it. */
export const documentHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lowercase hex');

/** The media types kept: those the importer reads. */
export { DOCUMENT_MEDIA_TYPES };

/** A 20 MB PDF, as coalitions circulate them, with room to spare. */
export const DOCUMENT_BODY_LIMIT = 25 * 1024 * 1024;

export const documentParams = z.object({ sha256: documentHash.describe("The document's SHA-256, lowercase hex.") });

export const documentQuery = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .describe('Where you got it, if from the web: recorded with this capture.'),
  fileName: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('Its file name: recorded with this capture, and served in Content-Disposition.'),
  capturedAt: z.iso.datetime({ offset: true }).optional().describe('When you downloaded it (default: now).'),
});

export const documentCapture = z
  .object({
    id: z.number().int().describe('The capture, in the order captures were recorded.'),
    url: z
      .string()
      .nullable()
      .describe('Where it was fetched from (a watched source), or where the uploader says it is from.'),
    fileName: z.string().nullable().describe('The file name it was uploaded or imported as.'),
    capturedAt: z.iso.datetime().describe('When it was fetched or received.'),
    httpStatus: z.number().int().nullable().describe('The HTTP status it came with, when fetched.'),
    httpHeaders: z
      .record(z.string(), z.string())
      .nullable()
      .describe('The HTTP response headers it came with, when fetched (as a WARC response record keeps them).'),
    recordedBy: z.string().describe('The API key (or watched source) that received it.'),
    hash: z
      .string()
      .describe('SHA-256 over the RFC 8785 JSON of the capture (all but `id` and this): its leaf in the log names it.'),
  })
  .meta({ id: 'DocumentCapture', description: 'One time the document was received: the facts a WARC record keeps.' });

export const documentRecord = z
  .object({
    sha256: z.string().describe('The SHA-256 of the bytes: their name.'),
    mediaType: z.string().describe('The media type it was received as.'),
    size: z.number().int().describe('Bytes.'),
    storedAt: z.iso.datetime().describe('When it was first kept.'),
    captures: z.array(documentCapture).describe('Each time it was received, oldest first.'),
    events: z
      .array(
        z.object({ statementId: z.string().describe('The statement.'), seq: z.number().int().describe('The event.') }),
      )
      .describe("The signatory events read from it: each event's hash covers the document's SHA-256."),
  })
  .meta({
    id: 'DocumentRecord',
    description:
      'A document kept as evidence: stored once by its SHA-256, served byte for byte at `/v1/documents/{sha256}`.',
  });

const binary = z.string().meta({ format: 'binary' }).describe('The document, byte for byte.');

export const documentBody = {
  description:
    'The document, byte for byte, as it was received; a strong ETag (its SHA-256) and Content-Digest. Never changes.',
  content: Object.fromEntries(DOCUMENT_MEDIA_TYPES.map((type) => [type, { schema: binary }])),
};
