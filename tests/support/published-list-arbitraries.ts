import fc from 'fast-check';
import worldCountries from 'world-countries/countries.json' with { type: 'json' };
import { parseDocument } from '../../src/lib/published-list/document.js';
import type { DocumentKind, FormatEntry, FormatInput } from '../../src/lib/published-list/types.js';
import { fixture, sample, type Lang } from './published-list.js';

/**
 * fast-check generators for documents a coalition would publish: entries as real lists print
 * them (the sample's and the hand-written list's in that language), with any country, issuer,
 * kind, title, body, date and openness. Entry text itself is not invented: the format is only
 * defined for names as organizations write them.
 */

const ISSUERS = [null, 'ICOR', 'MLPD', 'ICOR Europe', 'MLPD and KPÖ'];
const KINDS: DocumentKind[] = ['resolution', 'open-letter', 'declaration', 'petition', 'other'];
const TITLES = [
  'Solidarity with the workers and popular masses in Kazakhstan!',
  'Solidarität mit den Arbeitern und den Volksmassen in Kasachstan!',
  'Résolution sur la guerre en Ukraine',
  '¡Libertad para todos los presos políticos!',
  'Kazakistan’daki işçilerle dayanışma!',
  'Свободу политзаключённым!',
  'Stop the war – 8 May 2022',
  // Titles that read as the format's own lines: written escaped, read back as they were.
  'Signatories (as of 21 January 2022):',
  '1. Against the war',
  '\\Unterzeichner:',
  'Appeal:',
];
const PARAGRAPHS = [
  'At the beginning of 2022, mass protests spread in several cities.',
  'Freiheit für alle antifaschistischen und demokratischen politischen Gefangenen!',
  'Liberté pour tous les prisonniers politiques !\nPour la démocratie, la liberté, la paix.',
  'Свободу всем политическим заключённым!',
  'Signatories of this call will be listed below.',
  // Paragraphs with lines that read as a header or as entries, or are escaped already.
  'Signatories (as of 1 March 2022, further signatories possible):\n1. PCPCI Parti Communiste Prolétarien\n2) A second line',
  'Unterzeichner (Stand: 2. April 2022):\n\\3. escaped already\n\\\\Подписавшие:',
];

/** Entries as parseDocument reads them from real lists, without line data. */
function pool(lang: Lang): FormatEntry[] {
  const entries = [...parseDocument(sample).entries, ...parseDocument(fixture(lang)).entries];
  return entries.map((e) => ({
    number: 0,
    abbreviation: e.abbreviation,
    name: e.name,
    nameEn: e.nameEn,
    translation: e.translation,
    country: e.country,
  }));
}

const day = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
/** Mostly dates of our time; now and then any date the API takes, year 0 included. */
const isoDay = fc.oneof(
  { arbitrary: day('1990-01-01', '2040-12-31'), weight: 4 },
  day('0000-01-01', '9999-12-31'),
  fc.constantFrom('0000-01-01', '0099-12-31', '0999-02-28', '1000-01-01'),
);

export function documentInLanguage(lang: Lang): fc.Arbitrary<FormatInput> {
  const entry = fc.record({
    base: fc.constantFrom(...pool(lang)),
    // Now and then a country the names do not give, so the trailing country is written.
    country: fc.option(fc.constantFrom(...worldCountries.map((c) => c.cca2)), { freq: 3 }),
    gap: fc.integer({ min: 1, max: 3 }),
  });
  return fc.record({
    language: fc.constant(lang),
    issuer: fc.constantFrom(...ISSUERS),
    kind: fc.constantFrom(...KINDS),
    title: fc.constantFrom(...TITLES),
    body: fc.array(fc.constantFrom(...PARAGRAPHS), { maxLength: 3 }).map((ps) => ps.join('\n\n')),
    asOf: fc.option(isoDay),
    openForSignatures: fc.boolean(),
    entries: fc.array(entry, { minLength: 1, maxLength: 12 }).map((es) => {
      let number = 0;
      return es.map(({ base, country, gap }) => {
        number += gap;
        return { ...base, number, country: country ?? base.country };
      });
    }),
  });
}
