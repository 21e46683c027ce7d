import { countryName, countryNameIn, detectCountry } from '../country-detect.js';
import { flattened } from '../text.js';
import { splitTrailingCountry } from './entry.js';
import { escapeTextLine } from './escape.js';
import { writeHeader } from './header.js';
import { writeIssuerLine } from './issuer.js';
import { DEFAULT_LANGUAGE, findLanguage, type LanguageSpec } from './languages.js';
import type { FormatEntry, FormatInput, Translation } from './types.js';

/**
 * The name printed in parentheses: the translation when it is in the document's language,
 * otherwise the English one, which parseDocument recognises in any language's list.
 */
function printedTranslation(entry: FormatEntry, lang: string): Translation | null {
  const translation = entry.translation ?? (entry.nameEn === null ? null : { lang: 'en', name: entry.nameEn });
  if (translation?.lang === lang) return translation;
  if (entry.nameEn !== null) return { lang: 'en', name: entry.nameEn };
  return translation?.lang === 'en' ? translation : null;
}

/** The country a reader would get from the names alone, as parseDocument derives it. */
function countryFromNames(name: string, translation: Translation | null): string | null {
  return (translation === null ? null : detectCountry(translation.name)?.code) ?? detectCountry(name)?.code ?? null;
}

function formatEntry(entry: FormatEntry, spec: LanguageSpec): string {
  const translation = printedTranslation(entry, spec.tag);
  // Names stored before control characters were refused must still make one line each.
  let text = `${entry.number}. ${entry.abbreviation ? `${flattened(entry.abbreviation)} ` : ''}${flattened(entry.name)}`;
  if (translation) text += ` (${flattened(translation.name)})`;
  // The trailing country is written only when the names do not already say it, or when a
  // name ending in ", <country>" would otherwise be read as having a trailing country.
  const needsTrailing =
    entry.country !== null &&
    (countryFromNames(entry.name, translation) !== entry.country ||
      (translation === null && splitTrailingCountry(entry.name) !== null));
  if (needsTrailing && entry.country !== null) {
    text += `, ${countryNameIn(entry.country, spec.tag, spec.iso3) ?? countryName(entry.country) ?? entry.country}`;
  }
  return text;
}

/**
 * The document in two parts, for writing a long list entry by entry without holding it whole:
 * everything up to the signatories header, and each entry's line.
 */
export function documentWriter(doc: Omit<FormatInput, 'entries'>): {
  head: string;
  entry: (entry: FormatEntry) => string;
} {
  const spec = findLanguage(doc.language ?? DEFAULT_LANGUAGE);
  if (spec === null) throw new RangeError(`unsupported language "${doc.language ?? ''}"`);
  const out: string[] = [];
  const issuerLine = writeIssuerLine(spec, doc.issuer, doc.kind);
  if (issuerLine !== null) out.push(issuerLine, '');
  // Lines of text that would read as a header, an entry or the issuer line are escaped.
  out.push(escapeTextLine(doc.title.trim(), issuerLine === null, spec), '');
  const body = doc.body.trim();
  if (body !== '')
    out.push(
      body
        .split(/\r\n|\r|\n/)
        .map((line) => escapeTextLine(line, false, spec))
        .join('\n'),
      '',
    );
  out.push(writeHeader(spec, doc.asOf, doc.openForSignatures), '');
  return { head: `${out.join('\n')}\n`, entry: (entry) => `${formatEntry(entry, spec)}\n` };
}

/**
 * Writes the published format in doc.language (English by default): parseDocument(formatDocument(doc))
 * yields the same language, issuer, kind, title, body, date, openness and entries. Throws a
 * RangeError for a language that is not supported (see SUPPORTED_LANGUAGES).
 */
export function formatDocument(doc: FormatInput): string {
  const writer = documentWriter(doc);
  return writer.head + doc.entries.map(writer.entry).join('');
}
