import { countryName, detectCountry } from '../country-detect.js';
import { splitTrailingCountry } from './entry.js';
import { writeHeader } from './header.js';
import { writeIssuerLine } from './issuer.js';
import { englishSpec } from './languages.js';
import type { FormatEntry, FormatInput } from './types.js';


/** The country a reader would get from the names alone, as parseDocument derives it. */
function countryFromNames(entry: FormatEntry): string | null {
  return (entry.nameEn === null ? null : detectCountry(entry.nameEn)?.code) ?? detectCountry(entry.name)?.code ?? null;
}

function formatEntry(entry: FormatEntry): string {
  let text = `${entry.number}. ${entry.abbreviation ? `${entry.abbreviation} ` : ''}${entry.name}`;
  if (entry.nameEn) text += ` (${entry.nameEn})`;
  // The trailing country is written only when the names do not already say it, or when a
  // name ending in ", <country>" would otherwise be read as having a trailing country.
  const needsTrailing =
    entry.country !== null &&
    (countryFromNames(entry) !== entry.country || (entry.nameEn === null && splitTrailingCountry(entry.name) !== null));
  if (needsTrailing && entry.country !== null) text += `, ${countryName(entry.country) ?? entry.country}`;
  return text;
}

/** Writes the published format back; parseDocument(formatDocument(doc)) yields the same fields. */
export function formatDocument(doc: FormatInput): string {
  const spec = englishSpec();
  const out: string[] = [];
  const issuerLine = writeIssuerLine(spec, doc.issuer, doc.kind);
  if (issuerLine !== null) out.push(issuerLine, '');
  out.push(doc.title.trim(), '');
  if (doc.body.trim() !== '') out.push(doc.body.trim(), '');
  out.push(writeHeader(spec, doc.asOf, doc.openForSignatures), '');
  for (const entry of doc.entries) out.push(formatEntry(entry));
  return `${out.join('\n')}\n`;
}
