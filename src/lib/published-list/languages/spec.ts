import type { DocumentKind } from '../types.js';

/**
 * The languages a published list is read and written in. Everything here is phrasing (how a
 * header, an issuer line and the further-signatories clause are worded); month names come from
 * Intl (dates.ts), country names from world-countries and i18n-iso-countries, and the words
 * that tell a translation from a qualifier from vocabulary.ts.
 */
export interface LanguageSpec {
  /** BCP 47 primary tag, what ParsedDocument.language holds. */
  tag: string;
  /** English name, for listings. */
  name: string;
  /** ISO 639-3: world-countries keys its translations by it. */
  iso3: string;
  /** Intl locale for dates; en-GB prints "21 January 2022" as the lists do. */
  locale: string;
  /** What follows a day of 1 ("1er mars"); Intl leaves it out. */
  firstDaySuffix: string;
  /** Words that open the signatories header; the first is written. */
  headers: readonly string[];
  /** Words that introduce the as-of date; only used to warn about a date that did not parse. */
  asOf: readonly string[];
  writeAsOf: (date: string) => string;
  /** "further signatories possible": read as further + who... + possible, in either order. */
  open: { write: string; further: readonly string[]; who: readonly string[]; possible: readonly string[] };
  /** "and" between two countries ("Germany and Austria"). */
  and: readonly string[];
  /** French puts a space before a colon. */
  colon: string;
  issuer: IssuerGrammar;
}

export interface IssuerGrammar {
  /** Phrases read as a kind, natural spelling; matched folded, longest first. */
  kinds: readonly (readonly [string, DocumentKind])[];
  /** "ICOR resolution" (issuer first) or "Résolution de l'ICOR" (kind first). */
  order: 'issuer-first' | 'kind-first';
  /**
   * What links a leading kind to its issuer ("de l'", "der"); stripped when reading. Without it
   * a leading kind is only believed before an abbreviation-like issuer ("Резолюция ИКОР"), so a
   * title such as "Resolution on the war:" stays a title.
   */
  connector: RegExp | null;
  /** Issuer names written in another script, read as the Latin name the other languages use. */
  aliases: Readonly<Record<string, string>>;
  /** The issuer line without its colon. */
  write: (issuer: string | null, kind: DocumentKind) => string;
}
