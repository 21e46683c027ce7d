import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/lib/published-list/document.js';
import { formatDocument } from '../src/lib/published-list/format.js';
import { ParseError, type ParsedDocument } from '../src/lib/published-list/types.js';

const sample = readFileSync(new URL('../data/sample/icor-kazakhstan-2022-01-21.txt', import.meta.url), 'utf8');

// [number, abbreviation, name, nameEn, country], read off the sample by hand.
const expected: [number, string | null, string, string | null, string][] = [
  [1, 'PCPCI', "Parti Communiste Proletarien de Côte d'Ivoire", 'Proletarian Communist Party of Ivory Coast', 'CI'],
  [
    2,
    'UPC-Manidem',
    "Union des Populations du Cameroun - Manifeste National pour l'Instauration de la Démocratie",
    'Union of Populations of Cameroon - National Manifesto for the Establishment of Democracy',
    'CM',
  ],
  [3, 'MMLPL', 'Moroccan Marxist-Leninist Proletarian Line', null, 'MA'],
  [4, 'CPSA (ML)', 'Communist Party of South Africa (Marxist-Leninist)', null, 'ZA'],
  [5, 'PCT', 'Parti Comuniste du Togo', 'Communist Party of Togo', 'TG'],
  [6, 'PPDS', 'Parti Patriotique Démocratique Socialiste', 'Patriotic Democratic Socialist Party', 'TN'],
  [7, 'CPB', 'Communist Party of Bangladesh', null, 'BD'],
  [8, 'SPB', 'Socialist Party of Bangladesh', null, 'BD'],
  [9, 'CPI (ML) Red Star', 'Communist Party of India (Marxist-Leninist) Red Star', null, 'IN'],
  [10, 'NCP (Mashal)', 'Nepal Communist Party (Mashal)', null, 'NP'],
  [11, 'PPRF', 'Patriotic Peoples Republican Front of Nepal', null, 'NP'],
  [12, 'CPA/ML', 'Communist Party of Australia (Marxist-Leninist)', null, 'AU'],
  [13, 'БКП', 'Българска Комунистическа Партия', 'Bulgarian Communist Party', 'BG'],
  [14, 'PR-ByH', 'Partija Rada - ByH', 'Party of Labor - Bosnia and Herzegovina', 'BA'],
  [15, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'Marxist-Leninist Party of Germany', 'DE'],
  [16, 'UC', 'Unité Communiste', 'Communist United', 'FR'],
  [17, 'UPML', 'Union Proletarienne Marxiste-Léniniste', 'Marxist-Leninist Proletarian Union', 'FR'],
  [18, 'BP (NK-T)', 'Bolşevik Parti (Kuzey Kürdistan-Türkiye)', 'Bolshevik Party (North Kurdistan-Turkey)', 'TR'],
  [19, 'KOL', 'Kommunistische Organisation Luxemburg', 'Communist Organization of Luxemburg', 'LU'],
  [20, 'RM', 'Rode Morgen', 'Red Dawn', 'NL'],
  [21, 'UMLP', 'União Marxista-Leninista Portuguesa', 'Portuguese Marxist-Leninist Union', 'PT'],
  [22, 'MLGS', 'Marxistisch-Leninistische Gruppe Schweiz', 'Marxist-Leninist Group of Switzerland', 'CH'],
  [23, 'TKP-ML', 'Türkiye Komünist Partisi – Marksist-Leninist', 'Communist Party of Turkey – Marxist-Leninist', 'TR'],
  [
    24,
    'MLKP',
    'Marksist Leninist Komünist Parti Türkiye / Kürdistan',
    'Marxist Leninist Communist Party Turkey / Kurdistan',
    'TR',
  ],
  [
    25,
    'KSRD',
    'Koordinazionnyj Sowjet Rabotschewo Dvizhenija',
    'Coordination Council of the Workers Class Movement',
    'UA',
  ],
  [26, 'PCC-M', 'Partido Comunista de Colombia – Maoista', 'Communist Party of Colombia - Maoist', 'CO'],
  [
    27,
    'OAPCM',
    'Organización Apoyante del Partido Comunista de México',
    'Supporting Organization of the Communist Party of Mexico',
    'MX',
  ],
  [
    28,
    'PCP (independiente)',
    'Partido Comunista Paraguayo (independiente)',
    'Paraguayan Communist Party (independent)',
    'PY',
  ],
  [29, 'PC (ML)', 'Partido Comunista (Marxista Leninista)', 'Communist Party (Marxist-Leninist)', 'DO'],
  [30, 'PCR-U', 'Partido Comunista Revolucionario del Uruguay', 'Revolutionary Communist Party of Uruguay', 'UY'],
  [31, 'ROL', 'Revolutionary Organization of Labor', null, 'US'],
];

function fields(doc: ParsedDocument) {
  return {
    header: {
      issuer: doc.issuer,
      kind: doc.kind,
      title: doc.title,
      body: doc.body,
      asOf: doc.asOf,
      open: doc.openForSignatures,
    },
    entries: doc.entries.map((e) => [e.number, e.abbreviation, e.name, e.nameEn, e.country]),
  };
}

/** A small document around a given signatories header and entry lines. */
function doc(header: string, ...entries: string[]): string {
  return ['ICOR resolution:', '', 'A title', '', 'Body text.', '', header, '', ...entries].join('\n');
}

describe('parseDocument on the sample', () => {
  const parsed = parseDocument(sample);

  it('reads the header fields', () => {
    expect(parsed.issuer).toBe('ICOR');
    expect(parsed.kind).toBe('resolution');
    expect(parsed.title).toBe('Solidarity with the workers and popular masses in Kazakhstan!');
    expect(parsed.asOf).toBe('2022-01-21');
    expect(parsed.openForSignatures).toBe(true);
    expect(parsed.body.startsWith('At the beginning of 2022, mass protests')).toBe(true);
    expect(parsed.body.endsWith('For democracy, freedom, peace - socialism!')).toBe(true);
    expect(parsed.body).toContain('\n\nStop the fascist methods of oppression\n\n');
    expect(parsed.warnings).toEqual([]);
  });

  it('reads all 31 entries exactly', () => {
    expect(parsed.entries).toHaveLength(31);
    expect(parsed.entries.map((e) => [e.number, e.abbreviation, e.name, e.nameEn, e.country])).toEqual(expected);
  });

  it('records where each entry and its country came from', () => {
    const byNumber = new Map(parsed.entries.map((e) => [e.number, e]));
    expect(byNumber.get(13)?.printedAs).toBe('13. БКП Българска Комунистическа Партия (Bulgarian Communist Party)');
    expect(byNumber.get(1)?.line).toBe(31);
    // A blank line separates 21 and 22 in the list.
    expect(byNumber.get(21)?.line).toBe(51);
    expect(byNumber.get(22)?.line).toBe(53);
    expect(byNumber.get(6)?.countrySource).toBe('trailing');
    expect(byNumber.get(15)?.countrySource).toBe('name-en');
    expect(byNumber.get(3)?.countrySource).toBe('name');
  });
});

describe('parseDocument header variants', () => {
  it.each([
    ['Signatories (as of 21 January 2022, further signatories possible):', '2022-01-21', true],
    ['Signatories (as of 21.01.2022):', '2022-01-21', false],
    ['Signatories (as of 2022-01-21, further signatories possible):', '2022-01-21', true],
    ['Signatories (as of 3 March 2021):', '2021-03-03', false],
    ['Signatories:', null, false],
  ])('%s', (header, asOf, open) => {
    const parsed = parseDocument(doc(header, '1. MLPD Marxistisch-Leninistische Partei Deutschlands'));
    expect(parsed.asOf).toBe(asOf);
    expect(parsed.openForSignatures).toBe(open);
    expect(parsed.warnings).toEqual([]);
  });

  it('warns about an impossible date instead of inventing one', () => {
    const parsed = parseDocument(doc('Signatories (as of 31.02.2022):', '1. Communist Party of Togo'));
    expect(parsed.asOf).toBeNull();
    expect(parsed.warnings).toEqual([{ line: 7, message: expect.stringContaining('31.02.2022') }]);
  });

  it.each([
    ['ICOR open letter:', 'ICOR', 'open-letter'],
    ['MLPD and KPÖ joint declaration:', 'MLPD and KPÖ', 'declaration'],
    ['Declaration:', null, 'declaration'],
    ['ICOR petition:', 'ICOR', 'petition'],
    ['ICOR statement:', 'ICOR', 'other'],
  ])('issuer line %s', (line, issuer, kind) => {
    const parsed = parseDocument(`${line}\nA title\nSignatories:\n1. Communist Party of Togo\n`);
    expect([parsed.issuer, parsed.kind, parsed.title]).toEqual([issuer, kind, 'A title']);
  });

  it('treats the first line as the title when there is no issuer line', () => {
    const parsed = parseDocument('\n\nA title\n\nSignatories:\n1. Communist Party of Togo');
    expect([parsed.issuer, parsed.kind, parsed.title, parsed.body]).toEqual([null, 'other', 'A title', '']);
  });

  it('handles CRLF line ends and a byte order mark', () => {
    const crlf = `\uFEFF${sample.replace(/\n/g, '\r\n')}`;
    const parsed = parseDocument(crlf);
    expect(fields(parsed)).toEqual(fields(parseDocument(sample)));
    expect(parsed.issuer).toBe('ICOR');
    expect(parsed.entries[21]?.line).toBe(53);
    expect(parsed.entries.some((e) => /\r/.test(e.printedAs + e.name + (e.nameEn ?? '')))).toBe(false);
  });
});

describe('parseDocument entries', () => {
  it('accepts entries without an abbreviation or with only a name', () => {
    const parsed = parseDocument(doc('Signatories:', '1. MLPD', '5. Communist Party of Togo'));
    expect(parsed.entries.map((e) => [e.abbreviation, e.name, e.nameEn, e.country])).toEqual([
      [null, 'MLPD', null, null],
      [null, 'Communist Party of Togo', null, 'TG'],
    ]);
  });

  it('warns about an entry with no detectable country', () => {
    const parsed = parseDocument(
      doc('Signatories:', '1. MLPD Marxistisch-Leninistische Partei Deutschlands', '2. RM Rode Morgen (Red Dawn)'),
    );
    expect(parsed.entries[1]?.country).toBeNull();
    expect(parsed.entries[1]?.countrySource).toBeNull();
    expect(parsed.warnings).toEqual([{ line: 10, message: 'entry 2: no country detected' }]);
  });

  it('warns about a gap in the numbering and about stray lines', () => {
    // Set off from the last entry by a blank line: not part of it (right under it, it would continue it).
    const parsed = parseDocument(
      doc('Signatories:', '1. Communist Party of Togo', '3. Communist Party of Bangladesh', '', 'see website'),
    );
    expect(parsed.entries.map((e) => e.number)).toEqual([1, 3]);
    expect(parsed.warnings.map((w) => w.line)).toEqual([10, 12]);
  });

  it('rejects a document without a signatories header', () => {
    expect(() => parseDocument('ICOR resolution:\nA title\n\nBody.\n\n1. Communist Party of Togo\n')).toThrow(
      ParseError,
    );
    expect(() => parseDocument('ICOR resolution:\nA title\n')).toThrow(/Signatories/);
  });

  it('rejects a document without a title or without entries', () => {
    expect(() => parseDocument('ICOR resolution:\n\nSignatories:\n1. Communist Party of Togo')).toThrow(/no title/);
    try {
      parseDocument(doc('Signatories (as of 21.01.2022):'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).line).toBe(7);
    }
  });

  it('rejects duplicate and decreasing entry numbers, naming the line', () => {
    for (const second of ['1. Communist Party of Bangladesh', '0. Communist Party of Bangladesh']) {
      try {
        parseDocument(doc('Signatories:', '1. Communist Party of Togo', second));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
        expect((e as ParseError).line).toBe(10);
      }
    }
  });
});

describe('formatDocument', () => {
  const parsed = parseDocument(sample);
  const formatted = formatDocument(parsed);

  it('writes the published format, with a trailing country only where the names do not give it', () => {
    const lines = formatted.split('\n');
    expect(lines[0]).toBe('ICOR resolution:');
    expect(lines).toContain('Signatories (as of 21 January 2022, further signatories possible):');
    expect(lines).toContain(
      '15. MLPD Marxistisch-Leninistische Partei Deutschlands (Marxist-Leninist Party of Germany)',
    );
    expect(lines).toContain('20. RM Rode Morgen (Red Dawn), Netherlands');
    expect(lines).toContain('31. ROL Revolutionary Organization of Labor, United States');
  });

  it('round-trips the sample', () => {
    expect(fields(parseDocument(formatted))).toEqual(fields(parsed));
  });

  it('round-trips a document with no issuer, date or body', () => {
    const input = {
      issuer: null,
      kind: 'other' as const,
      title: 'Stop the war',
      body: '',
      asOf: null,
      openForSignatures: false,
      entries: [
        { number: 1, abbreviation: null, name: 'Partei der Arbeit', nameEn: null, country: 'CH' },
        { number: 2, abbreviation: 'KKE', name: 'Communist Party of Greece', nameEn: null, country: 'GR' },
      ],
    };
    const text = formatDocument(input);
    expect(text).toContain('1. Partei der Arbeit, Switzerland\n');
    expect(text).toContain('\nSignatories:\n');
    const back = parseDocument(text);
    expect(fields(back).header).toEqual({
      issuer: null,
      kind: 'other',
      title: 'Stop the war',
      body: '',
      asOf: null,
      open: false,
    });
    expect(back.entries.map((e) => [e.abbreviation, e.name, e.nameEn, e.country])).toEqual(
      input.entries.map((e) => [e.abbreviation, e.name, e.nameEn, e.country]),
    );
  });
});
