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
];
const PARAGRAPHS = [
  'At the beginning of 2022, mass protests spread in several cities.',
  'Freiheit für alle antifaschistischen und demokratischen politischen Gefangenen!',
  'Liberté pour tous les prisonniers politiques !\nPour la démocratie, la liberté, la paix.',
  'Свободу всем политическим заключённым!',
  'Signatories of this call will be listed below.',
];

/** Entries as parseDocument reads them from real lists, without line data. */
function pool(lang: Lang): FormatEntry[] {
  const entries = [...parseDocument(sample).entries, ...parseDocument(fixture(lang)).entries];
  return entries.map((e) => ({ number: 0, abbreviation: e.abbreviation, name: e.name, nameEn: e.nameEn, translation: e.translation, country: e.country }));
}

const isoDay = fc
  .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2040, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

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
