import { invalid } from '../../lib/domain-error.js';
import { parseDocument } from '../../lib/published-list/document.js';
import { ParseError, type ParsedDocument } from '../../lib/published-list/types.js';
import { retagEntries } from './languages.js';
import type { ImportResult } from './schemas.js';
import { unsafeNames } from './unsafe-names.js';

/**
 * The check step of an import: the document read and refused when it cannot be imported at all,
 * before the database is asked anything. Like the timeline's check, it decides nothing.
 */

export interface CheckedDocument {
  /** The text as read, which a result of a page or a PDF shows. */
  text: string;
  doc: ParsedDocument;
  issuer: string;
  asOf: string;
  language: string;
  /** The entries, in the language asked for when it overrides the document's. */
  entries: ParsedDocument['entries'];
  warnings: ImportResult['warnings'];
}

export function parseOrProblem(text: string): ParsedDocument {
  try {
    return parseDocument(text);
  } catch (error) {
    if (error instanceof ParseError) {
      // The lines it is about follow, as printed, so the refusal can be acted on without the file at hand.
      throw invalid('unparseable-document', `The document could not be read: ${error.message}.`, [
        { field: error.line === null ? '' : `line ${error.line}`, detail: error.message },
        ...error.shown.map((l) => ({ field: `line ${l.line}`, detail: `reads ${JSON.stringify(l.text)}` })),
      ]);
    }
    throw error;
  }
}

export function checkDocument(
  text: string,
  options: { asOf?: string | undefined; language?: string | undefined },
): CheckedDocument {
  const doc = parseOrProblem(text);
  const unsafe = unsafeNames(doc.entries);
  if (unsafe.length > 0) {
    throw invalid(
      'validation-error',
      `The document names organizations in a way that cannot be stored: ${unsafe.map((f) => `${f.field}: ${f.detail}`).join('; ')}.`,
      unsafe,
    );
  }
  if (!doc.issuer) {
    throw invalid(
      'unparseable-document',
      'The document names no issuer: its first line should read like "ICOR resolution:".',
    );
  }
  const asOf = options.asOf ?? doc.asOf;
  if (!asOf) {
    throw invalid(
      'missing-as-of',
      'The document gives no "as of" date for its signatories; pass one (asOf=YYYY-MM-DD).',
      [{ field: 'asOf', detail: 'is required when the document gives no date' }],
    );
  }
  const warnings: ImportResult['warnings'] = doc.warnings.map((w) => ({ line: w.line, message: w.message }));
  const declared = doc.declaredCount;
  if (declared && declared.count !== doc.entries.length) {
    warnings.push({
      line: declared.line,
      message: `the document prints "${declared.printed}" as its count, but lists ${doc.entries.length} ${doc.entries.length === 1 ? 'entry' : 'entries'}`,
    });
  }
  const entries = options.language ? retagEntries(doc.entries, doc.language, options.language) : doc.entries;
  return { text, doc, issuer: doc.issuer, asOf, language: options.language ?? doc.language, entries, warnings };
}
