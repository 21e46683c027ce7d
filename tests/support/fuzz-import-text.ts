/** Published-document text for POST /v1/imports: the sample's shape, varied and broken. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { dates } from './fuzz-domains.js';
import { hostileString, withHostile, type Domain } from './fuzz-values.js';

const sample = readFileSync(new URL('../../data/sample/icor-kazakhstan-2022-01-21.txt', import.meta.url), 'utf8');
const sampleEntries = sample
  .split('\n')
  .filter((l) => /^\d+\. /.test(l))
  .map((l) => l.replace(/^\d+\.\s*/, ''));

const entryRest = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...sampleEntries) },
  { weight: 1, arbitrary: fc.constantFrom('RM Rode Morgen \ud800', 'X \udc00 (Red Dawn)') },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.option(fc.constantFrom('RM', 'БКП', 'PCPCI', 'MLPD', 'CPA/ML', 'PR-ByH', 'X', 'ICOR'), { nil: undefined }),
        fc.oneof(
          fc.constantFrom(
            'Rode Morgen',
            'Parti Communiste',
            'Партия',
            'Communist Party of Nowhere',
            'Rode  Morgen',
            'RODE MORGEN',
          ),
          fc.string({ minLength: 1, maxLength: 30 }),
        ),
        fc.option(
          fc.oneof(
            fc.constantFrom('(Red Dawn)', '(Workers Party)', '((nested) group)', '(', ')', '()'),
            fc.string({ maxLength: 20 }).map((s) => `(${s})`),
          ),
          { nil: undefined },
        ),
        fc.option(fc.constantFrom(', Tunisia', ', Germany', ', Atlantis', ',', ', Côte d’Ivoire', ', Netherlands'), {
          nil: undefined,
        }),
      )
      .map((parts) => parts.filter((p) => p !== undefined).join(' ')),
  },
  { weight: 1, arbitrary: hostileString },
);

const datePhrase = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '21 January 2022',
      'January 21, 2022',
      '21.01.2022',
      '2022-01-21',
      '1 March 2022',
      '2023-06-30',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '31 February 2022',
      '2022-02-30',
      '29 February 2020',
      '1 Jan. 2023',
      '21 Janvier 2022',
      '0 January 2022',
      '21 January 0000',
      '1 January 9999',
      '',
      '21 Ja 2022',
    ),
  },
  { weight: 1, arbitrary: dates.valid },
);

const importDocArb = fc
  .record({
    issuer: fc.constantFrom(
      'ICOR resolution:',
      'ICOR resolution:',
      'ICOR:',
      'Open letter:',
      'Joint declaration:',
      'Statement:',
      'ICOR statement:',
      'ICOR open letter:',
      '',
      'Many words in a long issuer line:',
      ':',
    ),
    title: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('Solidarity with Kazakhstan!', 'Another title') },
      { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
      { weight: 2, arbitrary: fc.constantFrom('Solidarity \ud800', '\udfff Title') },
      { weight: 1, arbitrary: hostileString },
    ),
    body: fc.array(
      fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 60 }) }, { weight: 1, arbitrary: hostileString }),
      { maxLength: 2 },
    ),
    header: fc.constantFrom(
      'Signatories',
      'Signatories',
      'Signatories',
      'signatories',
      'SIGNATORIES',
      'Signatories:',
      'Unterzeichner',
    ),
    asOf: fc.option(datePhrase, { nil: undefined, freq: 5 }),
    open: fc.constantFrom(', further signatories possible', '', ', further signatories not possible'),
    entries: fc.array(
      fc.tuple(
        fc.oneof({ weight: 8, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat({ max: 1_200_000 }) }),
        entryRest,
      ),
      { minLength: 1, maxLength: 8 },
    ),
    eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
  })
  .map(({ issuer, title, body, header, asOf, open, entries, eol }) => {
    const head = asOf === undefined ? `${header}:` : `${header} (as of ${asOf}${open}):`;
    const lines = entries.map(([n, rest], i) => `${n < 0 ? i + 1 : n}. ${rest}`);
    return [issuer, '', title, '', ...body, '', head, '', ...lines, ''].join(eol);
  });

export const importTexts: Domain = {
  valid: fc.oneof({ weight: 8, arbitrary: importDocArb }, { weight: 1, arbitrary: fc.constant(sample) }),
  invalid: withHostile(
    fc.oneof(
      fc.constantFrom(
        `T\n\nSignatories:\n${'1. X\n'.repeat(3000)}`,
        `T\n\nSignatories:\n1. ${'('.repeat(20_000)}`,
        `T\n\nSignatories:\n1. ${'(a '.repeat(5000)}`,
        'Signatories:',
        '\n\n\n',
      ),
      fc
        .integer({ min: 1, max: 3000 })
        .map(
          (n) =>
            `T\n\nSignatories (as of 2022-01-21):\n${Array.from({ length: n }, (_, i) => `${i + 1}. ${sampleEntries[i % sampleEntries.length] ?? 'X'}`).join('\n')}`,
        ),
    ),
  ),
};
