import { fold } from '../fold.js';
import { formatDate, parseDate } from './dates.js';
import { LANGUAGES, type LanguageSpec } from './languages.js';

/**
 * The signatories header, which also names the document's language: "Signatories (as of 21
 * January 2022, further signatories possible):", "Unterzeichner (Stand: 2. April 2022, weitere
 * Unterzeichner möglich):", "Signataires (au 1er mars 2022, d'autres signataires possibles) :".
 * Matched on folded text, so case, accents and typographic apostrophes do not matter.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (words: readonly string[]): string => words.map((w) => escape(fold(w))).join('|');

interface HeaderPatterns {
  spec: LanguageSpec;
  line: RegExp;
  open: RegExp;
  asOf: RegExp;
}

let patterns: HeaderPatterns[] | undefined;

function headerPatterns(): HeaderPatterns[] {
  patterns ??= LANGUAGES.map((spec) => {
    const { further, who, possible } = spec.open;
    const f = alternatives(further);
    const w = alternatives(who);
    const p = alternatives(possible);
    return {
      spec,
      line: new RegExp(`^(?:${alternatives(spec.headers)})\\s*(?:\\((.*)\\))?\\s*:?$`),
      // "further signatories possible" or "son posibles más firmantes", within one clause.
      open: new RegExp(`\\b(?:${f})\\s+(?:${w})[a-z]*\\b[^,)]*?\\b(?:${p})|\\b(?:${p})[a-z]*\\s+(?:${f})\\s+(?:${w})`),
      asOf: new RegExp(`(?:^|[^a-z])(?:${alternatives(spec.asOf)})(?:$|[^a-z])`),
    };
  });
  return patterns;
}

export interface HeaderMatch {
  spec: LanguageSpec;
  /** What the parentheses hold, as written. */
  info: string;
}

/** The header in any supported language, or null when the line is not a signatories header. */
export function matchHeader(line: string): HeaderMatch | null {
  const folded = fold(line);
  for (const p of headerPatterns()) {
    if (!p.line.test(folded)) continue;
    return { spec: p.spec, info: /\((.*)\)/.exec(line)?.[1]?.trim() ?? '' };
  }
  return null;
}

export interface HeaderInfo {
  asOf: string | null;
  openForSignatures: boolean;
  /** The info names a date (a digit or an "as of" word) that did not parse. */
  unrecognizedDate: boolean;
}

export function readHeaderInfo(info: string, spec: LanguageSpec): HeaderInfo {
  const p = headerPatterns().find((h) => h.spec === spec);
  const folded = fold(info);
  const asOf = parseDate(info, spec.tag);
  return {
    asOf,
    openForSignatures: p?.open.test(folded) ?? false,
    unrecognizedDate: asOf === null && (/\d/.test(folded) || (p?.asOf.test(folded) ?? false)),
  };
}

/** "Signatories (as of 21 January 2022, further signatories possible):" in the spec's language. */
export function writeHeader(spec: LanguageSpec, asOf: string | null, openForSignatures: boolean): string {
  const info = [
    asOf === null ? null : spec.writeAsOf(formatDate(asOf, spec.tag)),
    openForSignatures ? spec.open.write : null,
  ].filter((part): part is string => part !== null);
  const word = spec.headers[0] ?? 'Signatories';
  return `${info.length > 0 ? `${word} (${info.join(', ')})` : word}${spec.colon}`;
}
