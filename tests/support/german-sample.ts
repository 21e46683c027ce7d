import { parseDocument } from '../../src/lib/published-list/document.js';
import { formatDocument } from '../../src/lib/published-list/format.js';
import { sample } from './imports.js';

/**
 * The sample as a German version of it would be published: German header and date, a German
 * title and text, German names in parentheses (none where the name is German already or its
 * own parentheses would make a translation ambiguous), trailing countries in German.
 */
export const GERMAN_TITLE = 'Solidarität mit den Arbeitern und den Volksmassen in Kasachstan!';
export const GERMAN_BODY =
  'Anfang 2022 breiteten sich in mehreren Städten Kasachstans Massenproteste gegen die Herrschenden aus.\n\nFür Demokratie, Freiheit, Frieden – Sozialismus!';

export const GERMAN_NAMES: Record<number, string> = {
  1: 'Proletarische Kommunistische Partei der Elfenbeinküste',
  2: 'Union der Völker Kameruns – Nationales Manifest für die Errichtung der Demokratie',
  3: 'Marokkanische Marxistisch-Leninistische Proletarische Linie',
  5: 'Kommunistische Partei Togos',
  6: 'Patriotische Demokratische Sozialistische Partei',
  7: 'Kommunistische Partei Bangladeschs',
  8: 'Sozialistische Partei Bangladeschs',
  11: 'Patriotische Republikanische Volksfront Nepals',
  13: 'Bulgarische Kommunistische Partei',
  14: 'Partei der Arbeit – Bosnien und Herzegowina',
  16: 'Kommunistische Einheit',
  17: 'Marxistisch-Leninistische Proletarische Union',
  18: 'Bolschewistische Partei (Nordkurdistan-Türkei)',
  20: 'Rote Morgenröte',
  21: 'Portugiesische Marxistisch-Leninistische Union',
  23: 'Kommunistische Partei der Türkei – Marxistisch-Leninistisch',
  24: 'Marxistisch-Leninistische Kommunistische Partei Türkei / Kurdistan',
  25: 'Koordinationsrat der Arbeiterbewegung',
  26: 'Kommunistische Partei Kolumbiens – Maoistisch',
  27: 'Unterstützende Organisation der Kommunistischen Partei Mexikos',
  28: 'Paraguayische Kommunistische Partei (unabhängig)',
  29: 'Kommunistische Partei (Marxisten-Leninisten)',
  30: 'Revolutionäre Kommunistische Partei Uruguays',
  31: 'Revolutionäre Organisation der Arbeit',
};

/** The German version of the sample, written by formatDocument. */
export function germanSample(): string {
  const doc = parseDocument(sample);
  return formatDocument({
    language: 'de',
    issuer: doc.issuer,
    kind: doc.kind,
    title: GERMAN_TITLE,
    body: GERMAN_BODY,
    asOf: doc.asOf,
    openForSignatures: doc.openForSignatures,
    entries: doc.entries.map((e) => {
      const german = GERMAN_NAMES[e.number];
      return {
        number: e.number,
        abbreviation: e.abbreviation,
        name: e.name,
        nameEn: null,
        translation: german ? { lang: 'de', name: german } : null,
        country: e.country,
      };
    }),
  });
}
