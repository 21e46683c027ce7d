import { parseDocument } from '../../lib/published-list/document.js';
import { ParseError } from '../../lib/published-list/types.js';

/**
 * Reads a kept document again with the importer's own parser and checks that it gives what the
 * event made from it recorded: it parses, it is dated as the event (when it prints a date), every
 * signatory the event added is printed in it as the event says, and the list after the event has
 * no more signatories than it prints. Offline: a bundle's verifier needs nothing else.
 */

export interface EventFromDocument {
  seq: number;
  asOf: string;
  total: number;
  items: { kind: string; printedAs: string | null }[];
}

/** The document's text, as the importer read it; null for a media type this version cannot read. */
export function documentText(bytes: Uint8Array, mediaType: string): string | null {
  const essence = mediaType.split(';')[0]?.trim().toLowerCase();
  if (essence === 'text/plain') return new TextDecoder('utf-8').decode(bytes);
  return null;
}

/** Why the document does not give the event, or null when it does. */
export function documentDisagrees(bytes: Uint8Array, mediaType: string, event: EventFromDocument): string | null {
  const text = documentText(bytes, mediaType);
  if (text === null) return `a ${mediaType} document cannot be read again by this version`;
  let parsed;
  try {
    parsed = parseDocument(text);
  } catch (error) {
    if (error instanceof ParseError) return `the document does not read as a published list: ${error.message}`;
    throw error;
  }
  if (parsed.asOf !== null && parsed.asOf !== event.asOf) return `the document is dated ${parsed.asOf}, the event ${event.asOf}`;
  const printed = new Set(parsed.entries.map((e) => e.printedAs));
  const missing = event.items.find((i) => i.kind === 'add' && i.printedAs !== null && !printed.has(i.printedAs));
  if (missing) return `the event adds "${missing.printedAs ?? ''}", which the document does not print`;
  if (event.total > parsed.entries.length) return `the list after the event has ${event.total} signatories; the document prints ${parsed.entries.length}`;
  return null;
}
