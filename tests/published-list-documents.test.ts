import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/lib/published-list/document.js';
import { fixture, LANGS, row, type EntryRow, type Lang } from './support/published-list.js';

interface Expected {
  header: [string | null, string, string, string | null, boolean];
  entries: EntryRow[];
}

// Hand-written lists, one per language (tests/fixtures/published-lists), read off by hand:
// translations are in the list's language (or English), trailing countries too.
const EXPECTED: Record<Lang, Expected> = {
  en: {
    header: ['ICOR', 'open-letter', 'To the striking dock workers of Hamburg', '2023-03-03', false],
    entries: [
      [1, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'en:Marxist-Leninist Party of Germany', 'DE'],
      [2, 'KOL', 'Kommunistische Organisation Luxemburg', 'en:Communist Organization of Luxemburg', 'LU'],
      [3, 'RM', 'Rode Morgen', 'en:Red Dawn', 'NL'],
      [4, 'CPSA (ML)', 'Communist Party of South Africa (Marxist-Leninist)', null, 'ZA'],
      [
        5,
        'PCP (independiente)',
        'Partido Comunista Paraguayo (independiente)',
        'en:Paraguayan Communist Party (independent)',
        'PY',
      ],
      [6, 'ROL', 'Revolutionary Organization of Labor', null, 'US'],
    ],
  },
  de: {
    header: [
      'ICOR',
      'resolution',
      'Solidarität mit den Arbeitern und den Volksmassen in Kasachstan!',
      '2022-04-02',
      true,
    ],
    entries: [
      [
        1,
        'PCPCI',
        "Parti Communiste Prolétarien de Côte d'Ivoire",
        'de:Proletarische Kommunistische Partei der Elfenbeinküste',
        'CI',
      ],
      [2, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', null, 'DE'],
      [3, 'UC', 'Unité Communiste', 'de:Kommunistische Einheit', 'FR'],
      [4, 'RM', 'Rode Morgen', 'de:Rote Morgenröte', 'NL'],
      [
        5,
        'BP (NK-T)',
        'Bolşevik Parti (Kuzey Kürdistan-Türkiye)',
        'de:Bolschewistische Partei (Nordkurdistan-Türkei)',
        'TR',
      ],
      [6, 'KOL', 'Kommunistische Organisation Luxemburg', null, 'LU'],
      // A German name keeps its German qualifier: the list does not translate its own language.
      [7, 'KPD/ML', 'Kommunistische Partei Deutschlands (Marxisten-Leninisten)', null, 'DE'],
      [8, 'ROL', 'Revolutionary Organization of Labor', 'de:Revolutionäre Organisation der Arbeit', 'US'],
      [9, 'PCC-M', 'Partido Comunista de Colombia – Maoista', 'de:Kommunistische Partei Kolumbiens – Maoistisch', 'CO'],
      [10, 'KSRD', 'Koordinazionnyj Sowjet Rabotschewo Dvizhenija', 'de:Koordinationsrat der Arbeiterbewegung', 'UA'],
      [11, 'MLKP', 'Marksist Leninist Komünist Parti', 'de:Marxistisch-Leninistische Kommunistische Partei', 'TR'],
    ],
  },
  fr: {
    header: [
      'ICOR',
      'resolution',
      'Solidarité avec les ouvriers et les masses populaires du Kazakhstan !',
      '2022-03-01',
      true,
    ],
    entries: [
      [1, 'PCPCI', "Parti Communiste Prolétarien de Côte d'Ivoire", null, 'CI'],
      [2, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'fr:Parti marxiste-léniniste d’Allemagne', 'DE'],
      [3, 'UC', 'Unité Communiste', null, 'FR'],
      [4, 'RM', 'Rode Morgen', 'fr:Aube rouge', 'NL'],
      [5, 'PPDS', 'Parti Patriotique Démocratique Socialiste', null, 'TN'],
      [6, 'CPSA (ML)', 'Communist Party of South Africa (Marxist-Leninist)', null, 'ZA'],
      [7, 'ROL', 'Revolutionary Organization of Labor', 'fr:Organisation révolutionnaire du travail', 'US'],
      [
        8,
        'TKP-ML',
        'Türkiye Komünist Partisi – Marksist-Leninist',
        'fr:Parti communiste de Turquie – marxiste-léniniste',
        'TR',
      ],
      [
        9,
        'PCP (independiente)',
        'Partido Comunista Paraguayo (independiente)',
        'fr:Parti communiste paraguayen (indépendant)',
        'PY',
      ],
      [10, 'KOL', 'Kommunistische Organisation Luxemburg', 'fr:Organisation communiste du Luxembourg', 'LU'],
    ],
  },
  es: {
    header: [
      'ICOR',
      'resolution',
      '¡Solidaridad con los trabajadores y las masas populares de Kazajistán!',
      '2022-04-09',
      true,
    ],
    entries: [
      [1, 'PCC-M', 'Partido Comunista de Colombia – Maoista', null, 'CO'],
      [2, 'OAPCM', 'Organización Apoyante del Partido Comunista de México', null, 'MX'],
      [3, 'PCP (independiente)', 'Partido Comunista Paraguayo (independiente)', null, 'PY'],
      [4, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'es:Partido Marxista-Leninista de Alemania', 'DE'],
      [5, 'RM', 'Rode Morgen', 'es:Aurora Roja', 'NL'],
      // Half its words are Spanish, but all are Portuguese: the group is a Spanish translation.
      [6, 'UMLP', 'União Marxista-Leninista Portuguesa', 'es:Unión Marxista-Leninista Portuguesa', 'PT'],
      [
        7,
        'BP (NK-T)',
        'Bolşevik Parti (Kuzey Kürdistan-Türkiye)',
        'es:Partido Bolchevique (Kurdistán del Norte-Turquía)',
        'TR',
      ],
      [8, 'ROL', 'Revolutionary Organization of Labor', 'es:Organización Revolucionaria del Trabajo', 'US'],
      [9, 'PC (ML)', 'Partido Comunista (Marxista Leninista)', null, 'DO'],
    ],
  },
  pt: {
    header: [
      'ICOR',
      'resolution',
      'Solidariedade com os trabalhadores e as massas populares do Cazaquistão!',
      '2022-01-21',
      true,
    ],
    entries: [
      [1, 'UMLP', 'União Marxista-Leninista Portuguesa', null, 'PT'],
      [2, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'pt:Partido Marxista-Leninista da Alemanha', 'DE'],
      [
        3,
        'PCPCI',
        "Parti Communiste Prolétarien de Côte d'Ivoire",
        'pt:Partido Comunista Proletário da Costa do Marfim',
        'CI',
      ],
      [4, 'RM', 'Rode Morgen', 'pt:Aurora Vermelha', 'NL'],
      [5, 'UC', 'Unité Communiste', 'pt:Unidade Comunista', 'FR'],
      [6, 'ROL', 'Revolutionary Organization of Labor', 'pt:Organização Revolucionária do Trabalho', 'US'],
      [
        7,
        'KSRD',
        'Koordinazionnyj Sowjet Rabotschewo Dvizhenija',
        'pt:Conselho de Coordenação do Movimento Operário',
        'UA',
      ],
      [8, 'CPB', 'Communist Party of Bangladesh', null, 'BD'],
    ],
  },
  it: {
    header: [
      'ICOR',
      'resolution',
      'Solidarietà con i lavoratori e le masse popolari del Kazakistan!',
      '2022-01-21',
      true,
    ],
    entries: [
      [1, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'it:Partito Marxista-Leninista di Germania', 'DE'],
      [
        2,
        'PCPCI',
        "Parti Communiste Prolétarien de Côte d'Ivoire",
        "it:Partito Comunista Proletario della Costa d'Avorio",
        'CI',
      ],
      [3, 'RM', 'Rode Morgen', 'it:Alba Rossa', 'NL'],
      [4, 'UC', 'Unité Communiste', 'it:Unità Comunista', 'FR'],
      [5, 'PCC-M', 'Partido Comunista de Colombia – Maoista', 'it:Partito Comunista di Colombia – Maoista', 'CO'],
      [6, 'ROL', 'Revolutionary Organization of Labor', 'it:Organizzazione Rivoluzionaria del Lavoro', 'US'],
      [7, 'NCP (Mashal)', 'Nepal Communist Party (Mashal)', null, 'NP'],
      [8, 'PPDS', 'Parti Patriotique Démocratique Socialiste', 'it:Partito Patriottico Democratico Socialista', 'TN'],
    ],
  },
  tr: {
    header: ['ICOR', 'resolution', "Kazakistan'daki işçiler ve halk kitleleriyle dayanışma!", '2022-01-21', true],
    entries: [
      [1, 'TKP-ML', 'Türkiye Komünist Partisi – Marksist-Leninist', null, 'TR'],
      [2, 'MLKP', 'Marksist Leninist Komünist Parti Türkiye / Kürdistan', null, 'TR'],
      // A Turkish qualifier in a Turkish list, not a translation.
      [3, 'BP (NK-T)', 'Bolşevik Parti (Kuzey Kürdistan-Türkiye)', null, 'TR'],
      [4, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'tr:Almanya Marksist-Leninist Partisi', 'DE'],
      [5, 'RM', 'Rode Morgen', 'tr:Kızıl Şafak', 'NL'],
      [6, 'UC', 'Unité Communiste', 'tr:Komünist Birlik', 'FR'],
      [7, 'ROL', 'Revolutionary Organization of Labor', 'tr:Devrimci Emek Örgütü', 'US'],
      [8, 'PCC-M', 'Partido Comunista de Colombia – Maoista', 'tr:Kolombiya Komünist Partisi – Maoist', 'CO'],
    ],
  },
  ru: {
    header: ['ICOR', 'resolution', 'Солидарность с рабочими и народными массами Казахстана!', '2022-01-21', true],
    entries: [
      [1, 'БКП', 'Българска Комунистическа Партия', 'ru:Болгарская коммунистическая партия', 'BG'],
      [2, 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'ru:Марксистско-ленинская партия Германии', 'DE'],
      [3, 'KSRD', 'Koordinazionnyj Sowjet Rabotschewo Dvizhenija', 'ru:Координационный совет рабочего движения', 'UA'],
      [4, 'RM', 'Rode Morgen', 'ru:Красная заря', 'NL'],
      [5, 'UC', 'Unité Communiste', 'ru:Коммунистическое единство', 'FR'],
      [6, 'ROL', 'Revolutionary Organization of Labor', 'ru:Революционная организация труда', 'US'],
      [
        7,
        'TKP-ML',
        'Türkiye Komünist Partisi – Marksist-Leninist',
        'ru:Коммунистическая партия Турции – марксистско-ленинская',
        'TR',
      ],
      [8, 'CPSA (ML)', 'Communist Party of South Africa (Marxist-Leninist)', null, 'ZA'],
    ],
  },
};

describe.each(LANGS)('the %s list', (lang) => {
  const expected = EXPECTED[lang];
  const parsed = parseDocument(fixture(lang));

  it('reads the language, issuer line, title, date and openness', () => {
    expect([parsed.language, parsed.issuer, parsed.kind, parsed.title, parsed.asOf, parsed.openForSignatures]).toEqual([
      lang,
      ...expected.header,
    ]);
    expect(parsed.body).not.toBe('');
    expect(parsed.warnings).toEqual([]);
  });

  it('reads every entry, with translations in the list language and its country names', () => {
    expect(parsed.entries.map(row)).toEqual(expected.entries);
  });

  it('keeps nameEn for English translations only', () => {
    for (const e of parsed.entries) expect(e.nameEn).toBe(e.translation?.lang === 'en' ? e.translation.name : null);
  });
});
