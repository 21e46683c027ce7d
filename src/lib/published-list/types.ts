/**
 * The published format of signatory lists (ICOR resolutions and the like), read by document.ts
 * and written by format.ts, shared by imports and exports:
 *
 *   ICOR resolution:
 *   <title>
 *   <body paragraphs>
 *   Signatories (as of 21 January 2022, further signatories possible):
 *   1. PCPCI Parti Communiste Proletarien de Côte d'Ivoire (Proletarian Communist Party of Ivory Coast)
 *   6. PPDS Parti Patriotique Démocratique Socialiste (Patriotic Democratic Socialist Party), Tunisia
 *
 * Pure: text in, structured data out, and back. Everything but the title, the signatories header and
 * at least one entry is optional. Lists are read and written in the languages of languages.ts;
 * the header names the document's language ("Unterzeichner (Stand: 2. April 2022):" is German).
 */

export type DocumentKind = 'resolution' | 'open-letter' | 'declaration' | 'petition' | 'other';

/** A name as the list translates it; lang is a BCP 47 primary tag ("de"). */
export interface Translation {
  lang: string;
  name: string;
}

export interface ParsedEntry {
  number: number;
  /** 1-based line the entry starts on. */
  line: number;
  /** Its first and last line: an entry wrapped over several lines is joined (list-lines.ts). */
  lines: [number, number];
  printedAs: string;
  abbreviation: string | null;
  name: string;
  /** The translated name when it is English (then equal to translation.name), else null. */
  nameEn: string | null;
  /** The name in parentheses, in the document's language or English. */
  translation: Translation | null;
  /** The first of countries, or null. */
  country: string | null;
  /** Every country the entry prints (", Germany/Austria"), else the one its names give; alpha-2 codes. */
  countries: string[];
  /** Where the country came from: ", Country", an English or other translated name, or the name. */
  countrySource: 'trailing' | 'name-en' | 'translation' | 'name' | null;
}

export interface ParseWarning {
  line: number;
  message: string;
}

/** What a published list says of itself, read from a document or to be written in one. */
interface ListHeading {
  issuer: string | null;
  kind: DocumentKind;
  title: string;
  body: string;
  asOf: string | null;
  openForSignatures: boolean;
}

export interface ParsedDocument extends ListHeading {
  /** BCP 47 primary tag of the header's language ("en", "de", "ru"). */
  language: string;
  entries: ParsedEntry[];
  /** The number of signatories the document prints for itself ("31 organizations"), where it prints one. */
  declaredCount: { count: number; line: number; printed: string } | null;
  warnings: ParseWarning[];
}

export interface FormatEntry {
  number: number;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  /**
   * The translated name to print. One in the document's language is printed; otherwise the
   * English one (nameEn, or translation in English). A translation in a third language is left
   * out: the format cannot say which language a parenthesised name is in.
   */
  translation?: Translation | null;
  country: string | null;
}

export interface FormatInput extends ListHeading {
  /** BCP 47 tag of the language to write; English when absent. */
  language?: string;
  entries: FormatEntry[];
}

/**
 * Structural problems that leave nothing trustworthy to import: no title, no signatories
 * header, no entries, or entry numbers that repeat or go backwards. The last one is an error
 * rather than a warning because the printed number identifies an entry; a repeated or
 * decreasing number means a botched copy or two lists merged, and importing it would record
 * signatures nobody can trace back to the document. Gaps only warn (entries are sometimes
 * withdrawn between editions).
 */
export class ParseError extends Error {
  readonly line: number | null;
  /** The lines the refusal is about, as printed, for whoever fixes the document. */
  readonly shown: ShownLine[];

  constructor(message: string, line: number | null = null, shown: ShownLine[] = []) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'ParseError';
    this.line = line;
    this.shown = shown;
  }
}

/** A line of the document as printed, with its 1-based number. */
export interface ShownLine {
  line: number;
  text: string;
}
