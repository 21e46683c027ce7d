import { formatDate } from './dates.js';
import { writeHeader } from './header.js';
import { writeIssuerLine } from './issuer.js';
import { LANGUAGES } from './languages.js';
import type { DocumentKind } from './types.js';

/** What is read and written in one language, as plain data for the docs and the API. */
export interface SupportedLanguage {
  /** BCP 47 primary tag, as in ParsedDocument.language and FormatInput.language. */
  tag: string;
  /** English name of the language. */
  name: string;
  /** Words that open the signatories header (case, accents and apostrophes are ignored). */
  headers: readonly string[];
  /** Words that introduce the as-of date. */
  asOf: readonly string[];
  /** The further-signatories clause as written; reworded variants are read too. */
  furtherSignatories: string;
  /** Issuer-line phrases read as each kind. */
  kinds: Readonly<Record<DocumentKind, readonly string[]>>;
  /** As formatDocument writes them. */
  examples: { header: string; issuerLine: string; date: string };
}

const EXAMPLE_DATE = '2022-01-21';

export const SUPPORTED_LANGUAGES: readonly SupportedLanguage[] = LANGUAGES.map((spec) => {
  const kinds: Record<DocumentKind, string[]> = {
    resolution: [],
    'open-letter': [],
    declaration: [],
    petition: [],
    other: [],
  };
  for (const [phrase, kind] of spec.issuer.kinds) kinds[kind].push(phrase);
  return {
    tag: spec.tag,
    name: spec.name,
    headers: spec.headers,
    asOf: spec.asOf,
    furtherSignatories: spec.open.write,
    kinds,
    examples: {
      header: writeHeader(spec, EXAMPLE_DATE, true),
      issuerLine: writeIssuerLine(spec, 'ICOR', 'resolution') ?? '',
      date: formatDate(EXAMPLE_DATE, spec.tag),
    },
  };
});
