import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/lib/published-list/document.js';
import { SUPPORTED_LANGUAGES } from '../src/lib/published-list/supported-languages.js';
import { LANGS } from './support/published-list.js';

describe('SUPPORTED_LANGUAGES', () => {
  it('lists the eight languages', () => {
    expect(SUPPORTED_LANGUAGES.map((l) => l.tag)).toEqual([...LANGS]);
    expect(SUPPORTED_LANGUAGES.find((l) => l.tag === 'de')).toMatchObject({
      name: 'German',
      furtherSignatories: 'weitere Unterzeichner möglich',
      examples: {
        header: 'Unterzeichner (Stand: 21. Januar 2022, weitere Unterzeichner möglich):',
        issuerLine: 'ICOR-Resolution:',
        date: '21. Januar 2022',
      },
    });
  });

  it.each(SUPPORTED_LANGUAGES.map((l) => [l.tag, l] as const))(
    '%s: its examples read back as it says',
    (tag, language) => {
      const text = `${language.examples.issuerLine}\n\nA title\n\n${language.examples.header}\n\n1. Communist Party of Togo\n`;
      const parsed = parseDocument(text);
      expect([parsed.language, parsed.issuer, parsed.kind, parsed.asOf, parsed.openForSignatures]).toEqual([
        tag,
        'ICOR',
        'resolution',
        '2022-01-21',
        true,
      ]);
      // Every listed header word and kind phrase is read.
      for (const header of language.headers)
        expect(parseDocument(`A title\n${header}:\n1. Communist Party of Togo`).language).toBe(tag);
      for (const [kind, phrases] of Object.entries(language.kinds)) {
        for (const phrase of phrases) {
          const doc = parseDocument(`${phrase}:\nA title\n${language.headers[0] ?? ''}:\n1. Communist Party of Togo`);
          expect([doc.issuer, doc.kind]).toEqual([null, kind]);
        }
      }
    },
  );
});
