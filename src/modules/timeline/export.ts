import { stringify } from 'csv-stringify/sync';
import { documentWriter } from '../../lib/published-list/format.js';
import { SUPPORTED_LANGUAGES } from '../../lib/published-list/supported-languages.js';
import { primaryLanguage } from '../../lib/language-tag.js';
import { nameIn } from '../organizations/languages.js';
import { inLanguage } from '../statements/versions.js';
import type { StatementState } from '../statements/schemas.js';
import type { Signatory } from './schemas.js';

/**
 * The list in the formats people take away: CSV, and the published text format. Both come as a
 * head and rows, so a long list can be written page by page (see list-response.ts).
 */

export const CSV_COLUMNS = [
  'position',
  'signatureId',
  'organizationId',
  'abbreviation',
  'name',
  'nameEn',
  'country',
  'addedAsOf',
  'printedAs',
] as const;

/** Spreadsheets run cells that start like a formula; OWASP's advice is a leading apostrophe. */
export const neutralise = (cell: string | null) => (cell !== null && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

export interface ListWriter {
  head: string;
  /** Rows for these signatories; `first` is the 0-based index of the first one in the whole list. */
  rows: (items: Signatory[], first: number) => string;
  /** The language written, when the format has one. */
  language?: string;
}

/** Tags of the languages the published text format is written in. */
export const TEXT_LANGUAGES = SUPPORTED_LANGUAGES.map((l) => l.tag);

/** The language to write a statement's list in: the one asked for, else the statement's own when supported, else English. */
export function textLanguage(statement: Pick<StatementState, 'language'>, asked: string | undefined): string {
  const own = statement.language === null ? null : primaryLanguage(statement.language);
  return asked ?? (own !== null && TEXT_LANGUAGES.includes(own) ? own : 'en');
}

/** UTF-8 CSV, RFC 4180 quoting (csv-stringify), one header row and a row per signatory. */
export const csvWriter: ListWriter = {
  head: `${CSV_COLUMNS.join(',')}\n`,
  rows: (items) =>
    items.length === 0
      ? ''
      : stringify(
          items.map((s) =>
            [
              s.position,
              s.signatureId,
              s.organization.id,
              s.organization.abbreviation,
              s.organization.name,
              s.organization.nameEn,
              s.organization.country,
              s.addedAsOf,
              s.printedAs,
            ].map((c) => (typeof c === 'string' ? neutralise(c) : c)),
          ),
          { record_delimiter: 'unix' },
        ),
};

/**
 * The published numbered format, which the importer reads back: the same statement (issuer and
 * title), the same entries, the same organizations. Entries are numbered 1, 2, 3… as a published
 * list prints them; positions, which keep their gaps, are in the JSON and CSV. In `language`
 * (textLanguage): the header, the date and the country names in it, the statement's version in it
 * when there is one, and each organization's name in it in parentheses (else its English name).
 */
export function textWriter(statement: StatementState, asOf: string | null, asked?: string): ListWriter {
  const language = textLanguage(statement, asked);
  const { title, body } = inLanguage(statement, language);
  const writer = documentWriter({
    language,
    issuer: statement.issuer,
    kind: statement.kind,
    title,
    body,
    asOf,
    openForSignatures: statement.openForSignatures,
  });
  return {
    head: writer.head,
    language,
    rows: (items, first) =>
      items
        .map((s, i) => {
          const o = s.organization;
          return writer.entry({
            number: first + i + 1,
            abbreviation: o.abbreviation,
            name: o.name,
            nameEn: o.nameEn,
            translation: nameIn(o, language),
            country: o.country,
          });
        })
        .join(''),
  };
}

export const signatoriesCsv = (items: Signatory[]) => csvWriter.head + csvWriter.rows(items, 0);
export const signatoriesText = (
  statement: StatementState,
  asOf: string | null,
  items: Signatory[],
  language?: string,
) => {
  const writer = textWriter(statement, asOf, language);
  return writer.head + writer.rows(items, 0);
};
