import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/lib/published-list/document.js';
import { formatDocument } from '../src/lib/published-list/format.js';
import type { FormatInput, ParsedDocument } from '../src/lib/published-list/types.js';
import { documentInLanguage } from './support/published-list-arbitraries.js';
import { documentFields, fixture, LANGS, row, sample } from './support/published-list.js';

/** What parseDocument must give back for a FormatInput written in its language. */
function expectedFields(input: FormatInput) {
  return {
    language: input.language,
    issuer: input.issuer,
    kind: input.kind,
    title: input.title,
    body: input.body,
    asOf: input.asOf,
    openForSignatures: input.openForSignatures,
    entries: input.entries.map((e) => row({ ...e, translation: e.translation ?? null })),
  };
}

describe.each(LANGS)('round trip in %s', (lang) => {
  it('parseDocument(formatDocument(doc)) gives back every field', () => {
    fc.assert(
      fc.property(documentInLanguage(lang), (input) => {
        const back = parseDocument(formatDocument(input));
        expect(documentFields(back)).toEqual(expectedFields(input));
        // Gaps in the numbering warn, as in any list; nothing else may.
        expect(back.warnings.filter((w) => !w.message.startsWith('entry number'))).toEqual([]);
      }),
    );
  });

  it('rewrites the hand-written list to a list that reads the same', () => {
    const parsed = parseDocument(fixture(lang));
    const again = parseDocument(formatDocument(parsed));
    expect(documentFields(again)).toEqual(documentFields(parsed));
  });
});

describe('the sample written in German', () => {
  const english = parseDocument(sample);
  const same = (doc: ParsedDocument) => doc.entries.map((e) => [e.number, e.abbreviation, e.name, e.country]);

  it('formatted with language de, reads as the same list', () => {
    const text = formatDocument({ ...english, language: 'de' });
    expect(text.startsWith('ICOR-Resolution:\n')).toBe(true);
    expect(text).toContain('\nUnterzeichner (Stand: 21. Januar 2022, weitere Unterzeichner möglich):\n');
    expect(text).toContain(
      '\n6. PPDS Parti Patriotique Démocratique Socialiste (Patriotic Democratic Socialist Party), Tunesien\n',
    );
    expect(text).toContain('\n31. ROL Revolutionary Organization of Labor, Vereinigte Staaten\n');
    const german = parseDocument(text);
    expect([german.language, german.issuer, german.kind, german.asOf, german.openForSignatures]).toEqual([
      'de',
      'ICOR',
      'resolution',
      '2022-01-21',
      true,
    ]);
    expect(same(german)).toEqual(same(english));
    // The English translations stay English translations in a German list.
    expect(german.entries.map((e) => e.translation)).toEqual(english.entries.map((e) => e.translation));
  });

  it('with a hand-written German issuer line and header, reads as the same list', () => {
    const text = sample
      .replace('ICOR resolution:', 'Resolution der ICOR:')
      .replace(
        'Signatories (as of 21 January 2022, further signatories possible):',
        'Unterzeichner (Stand: 21.01.2022, weitere Unterzeichner möglich):',
      );
    const german = parseDocument(text);
    expect([german.language, german.issuer, german.kind, german.asOf, german.openForSignatures]).toEqual([
      'de',
      'ICOR',
      'resolution',
      '2022-01-21',
      true,
    ]);
    expect(same(german)).toEqual(same(english));
    expect(german.warnings).toEqual([]);
  });
});

describe('formatDocument languages', () => {
  it('writes English when no language is given, and rejects one it does not support', () => {
    const { language: _language, ...withoutLanguage } = parseDocument(fixture('de'));
    expect(formatDocument(withoutLanguage)).toContain(
      '\nSignatories (as of 2 April 2022, further signatories possible):\n',
    );
    expect(() => formatDocument({ ...withoutLanguage, language: 'nl' })).toThrow(RangeError);
  });

  it('accepts a regional tag for a supported language', () => {
    expect(formatDocument({ ...parseDocument(fixture('pt')), language: 'pt-BR' })).toContain(
      '\nSignatários (em 21 de janeiro de 2022',
    );
  });

  it('leaves out a translation in a language the list is not written in, printing the English one instead', () => {
    const entry = { number: 1, abbreviation: 'RM', name: 'Rode Morgen', country: 'NL' };
    const doc: Omit<FormatInput, 'entries'> = {
      issuer: null,
      kind: 'other',
      title: 'T',
      body: '',
      asOf: null,
      openForSignatures: false,
    };
    const german = { ...entry, nameEn: null, translation: { lang: 'de', name: 'Rote Morgenröte' } };
    expect(formatDocument({ ...doc, language: 'fr', entries: [german] })).toContain('\n1. RM Rode Morgen, Pays-Bas\n');
    expect(formatDocument({ ...doc, language: 'fr', entries: [{ ...german, nameEn: 'Red Dawn' }] })).toContain(
      '\n1. RM Rode Morgen (Red Dawn), Pays-Bas\n',
    );
    expect(formatDocument({ ...doc, language: 'de', entries: [{ ...german, nameEn: 'Red Dawn' }] })).toContain(
      '\n1. RM Rode Morgen (Rote Morgenröte), Niederlande\n',
    );
  });
});
