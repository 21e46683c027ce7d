import { extractDocument } from '../../lib/documents/extract.js';
import { DOCUMENT_MEDIA_TYPES, type DocumentMediaType } from '../../lib/documents/types.js';
import { invalid } from '../../lib/domain-error.js';
import { parseDocument } from '../../lib/published-list/document.js';
import { ParseError } from '../../lib/published-list/types.js';

/**
 * Reads a kept document again, as the importer read it, and checks that it gives what the event
 * made from it recorded: it parses, it is dated as the event (when it prints a date), every
 * signatory the event added is printed in it as the event says, and the list after the event has
 * no more signatories than it prints. Offline: a bundle's verifier needs nothing else.
 */

export interface EventFromDocument {
  asOf: string;
  total: number;
  items: { kind: string; printedAs: string | null }[];
}

/** A stored media type ("text/html; charset=iso-8859-1") as the reader takes it: its essence and charset. */
export function mediaTypeParts(mediaType: string): { essence: DocumentMediaType | null; charset: string | undefined } {
  const [essence = '', ...params] = mediaType.split(';').map((p) => p.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  const known = (DOCUMENT_MEDIA_TYPES as readonly string[]).includes(essence) ? (essence as DocumentMediaType) : null;
  return { essence: known, charset };
}

/** Reads a document's text; `read` is the server's way (its import worker for large ones), inline by default. */
export type DocumentReader = (
  document: { bytes: Uint8Array; mediaType: DocumentMediaType },
  charset: string | undefined,
) => Promise<{ text: string }>;

export async function documentText(
  bytes: Uint8Array,
  mediaType: string,
  read: DocumentReader = extractDocument,
): Promise<string> {
  const { essence, charset } = mediaTypeParts(mediaType);
  if (essence === null)
    throw invalid('unparseable-document', `A ${mediaType} document cannot be read as a published list.`, [
      { field: 'document', detail: `is ${mediaType}` },
    ]);
  return (await read({ bytes, mediaType: essence }, charset)).text;
}

/** Why the document's text does not give the event, or null when it does. */
export function disagreement(text: string, event: EventFromDocument): string | null {
  let parsed;
  try {
    parsed = parseDocument(text);
  } catch (error) {
    if (error instanceof ParseError) return `the document does not read as a published list: ${error.message}`;
    throw error;
  }
  if (parsed.asOf !== null && parsed.asOf !== event.asOf)
    return `the document is dated ${parsed.asOf}, the event ${event.asOf}`;
  const printed = new Set(parsed.entries.map((e) => e.printedAs));
  const missing = event.items.find((i) => i.kind === 'add' && i.printedAs !== null && !printed.has(i.printedAs));
  if (missing) return `the event adds "${missing.printedAs ?? ''}", which the document does not print`;
  if (event.total > parsed.entries.length)
    return `the list after the event has ${event.total} signatories; the document prints ${parsed.entries.length}`;
  return null;
}
