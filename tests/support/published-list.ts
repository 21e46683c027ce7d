import { readFileSync } from 'node:fs';
import type { ParsedDocument, ParsedEntry } from '../../src/lib/published-list/types.js';

/** The eight languages the published-list module reads and writes. */
export const LANGS = ['en', 'de', 'fr', 'es', 'pt', 'it', 'tr', 'ru'] as const;
export type Lang = (typeof LANGS)[number];

export const sample = readFileSync(
  new URL('../../data/sample/icor-kazakhstan-2022-01-21.txt', import.meta.url),
  'utf8',
);

/** A hand-written list in one language, tests/fixtures/published-lists/<lang>.txt. */
export function fixture(lang: Lang): string {
  return readFileSync(new URL(`../fixtures/published-lists/${lang}.txt`, import.meta.url), 'utf8');
}

/** [number, abbreviation, name, "lang:translation" or null, country]: one line per entry in expectations. */
export type EntryRow = [number, string | null, string, string | null, string | null];

export function row(e: Pick<ParsedEntry, 'number' | 'abbreviation' | 'name' | 'translation' | 'country'>): EntryRow {
  return [
    e.number,
    e.abbreviation,
    e.name,
    e.translation ? `${e.translation.lang}:${e.translation.name}` : null,
    e.country,
  ];
}

/** Everything a round trip must keep, without line numbers and printed text. */
export function documentFields(doc: ParsedDocument) {
  return {
    language: doc.language,
    issuer: doc.issuer,
    kind: doc.kind,
    title: doc.title,
    body: doc.body,
    asOf: doc.asOf,
    openForSignatures: doc.openForSignatures,
    entries: doc.entries.map(row),
  };
}

/** A small document around an issuer line, a signatories header and entry lines. */
export function smallDocument(issuerLine: string, header: string, ...entries: string[]): string {
  return [issuerLine, '', 'A title', '', 'Body text.', '', header, '', ...entries].join('\n');
}
