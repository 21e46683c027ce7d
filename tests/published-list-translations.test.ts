import { describe, expect, it } from 'vitest';
import worldCountries from 'world-countries/countries.json' with { type: 'json' };
import { countryFromName, countryNameIn } from '../src/lib/country-detect.js';
import { parseEntryText } from '../src/lib/published-list/entry.js';
import { LANGUAGES } from '../src/lib/published-list/languages.js';

function entry(text: string, lang: string) {
  const parts = parseEntryText(text, lang);
  return (
    parts && [
      parts.abbreviation,
      parts.name,
      parts.translation ? `${parts.translation.lang}:${parts.translation.name}` : null,
      parts.country,
    ]
  );
}

describe('translations are in the list language, or English', () => {
  it.each([
    // The German example: the group is a German translation, the country is German too.
    [
      'de',
      'UC Unité Communiste (Kommunistische Einheit), Frankreich',
      ['UC', 'Unité Communiste', 'de:Kommunistische Einheit', 'FR'],
    ],
    ['de', 'RM Rode Morgen (Rote Morgenröte)', ['RM', 'Rode Morgen', 'de:Rote Morgenröte', null]],
    // English translations turn up in every language's lists and are recognised as English.
    ['de', 'RM Rode Morgen (Red Dawn), Niederlande', ['RM', 'Rode Morgen', 'en:Red Dawn', 'NL']],
    [
      'ru',
      'KOL Kommunistische Organisation Luxemburg (Communist Organization of Luxemburg)',
      ['KOL', 'Kommunistische Organisation Luxemburg', 'en:Communist Organization of Luxemburg', 'LU'],
    ],
    // Qualifiers in the name's own language stay with the name.
    [
      'de',
      'CPSA (ML) Communist Party of South Africa (Marxist-Leninist)',
      ['CPSA (ML)', 'Communist Party of South Africa (Marxist-Leninist)', null, 'ZA'],
    ],
    [
      'fr',
      'PCP (independiente) Partido Comunista Paraguayo (independiente), Paraguay',
      ['PCP (independiente)', 'Partido Comunista Paraguayo (independiente)', null, 'PY'],
    ],
    [
      'en',
      'BP (NK-T) Bolşevik Parti (Kuzey Kürdistan-Türkiye)',
      ['BP (NK-T)', 'Bolşevik Parti (Kuzey Kürdistan-Türkiye)', null, 'TR'],
    ],
    [
      'es',
      'PC (ML) Partido Comunista (Marxista Leninista), República Dominicana',
      ['PC (ML)', 'Partido Comunista (Marxista Leninista)', null, 'DO'],
    ],
    // The same words in another language's list are a translation.
    [
      'es',
      'MLPD Marxistisch-Leninistische Partei Deutschlands (Partido Marxista-Leninista de Alemania)',
      ['MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'es:Partido Marxista-Leninista de Alemania', 'DE'],
    ],
    [
      'it',
      'PCP Partido Comunista Paraguayo (Partito Comunista Paraguaiano (indipendente)), Paraguay',
      ['PCP', 'Partido Comunista Paraguayo', 'it:Partito Comunista Paraguaiano (indipendente)', 'PY'],
    ],
    [
      'tr',
      'KKE Kommounistikó Kómma Elládas (Yunanistan Komünist Partisi)',
      ['KKE', 'Kommounistikó Kómma Elládas', 'tr:Yunanistan Komünist Partisi', 'GR'],
    ],
    [
      'ru',
      'PCR Partido Comunista Revolucionario (Революционная коммунистическая партия), Аргентина',
      ['PCR', 'Partido Comunista Revolucionario', 'ru:Революционная коммунистическая партия', 'AR'],
    ],
    ['pt', 'RM Rode Morgen (Aurora Vermelha), Países Baixos', ['RM', 'Rode Morgen', 'pt:Aurora Vermelha', 'NL']],
  ])('%s: %s', (lang, text, expected) => {
    expect(entry(text, lang)).toEqual(expected);
  });

  it('says where the country came from, a translation or an English name', () => {
    expect(
      parseEntryText('MLPD Marxistisch-Leninistische Partei Deutschlands (Parti marxiste-léniniste d’Allemagne)', 'fr'),
    ).toMatchObject({
      countrySource: 'translation',
      nameEn: null,
    });
    expect(parseEntryText('KKE Kommounistikó Kómma Elládas (Yunanistan Komünist Partisi)', 'tr')).toMatchObject({
      countrySource: 'translation',
      nameEn: null,
    });
    expect(parseEntryText('KKE Kommounistikó Kómma Elládas (Communist Party of Greece)', 'tr')).toMatchObject({
      countrySource: 'name-en',
      nameEn: 'Communist Party of Greece',
      translation: { lang: 'en', name: 'Communist Party of Greece' },
    });
  });
});

describe('trailing country names in each language', () => {
  it.each([
    ['Frankreich', 'FR'],
    ['Türkei', 'TR'],
    ['Espagne', 'ES'],
    ['Россия', 'RU'],
    ['España', 'ES'],
    ['Turquía', 'TR'],
    ['Espanha', 'ES'],
    ['Turchia', 'TR'],
    ['Rusya', 'RU'],
    ['Hollanda', 'NL'],
    ['États-Unis', 'US'],
    ['США', 'US'],
    ['ABD', 'US'],
  ])('%s -> %s', (name, code) => {
    expect(parseEntryText(`PCR Partido Comunista Revolucionario, ${name}`)?.country).toBe(code);
  });

  it.each([
    ['Germany/Austria', ['DE', 'AT']],
    ['Germany and Austria', ['DE', 'AT']],
    ['Germany & Austria', ['DE', 'AT']],
    ['Germany, Austria', ['DE', 'AT']],
    ['Deutschland und Österreich', ['DE', 'AT']],
    ['Allemagne et Autriche', ['DE', 'AT']],
    ['Alemania y Austria', ['DE', 'AT']],
    ['Alemanha e Áustria', ['DE', 'AT']],
    ['Germania e Austria', ['DE', 'AT']],
    ['Almanya ve Avusturya', ['DE', 'AT']],
    ['Германия и Австрия', ['DE', 'AT']],
    // One country whose name holds an "and".
    ['Bosnia and Herzegovina', ['BA']],
    ['Trinidad y Tobago', ['TT']],
    ['São Tomé e Príncipe', ['ST']],
  ])('several countries: %s -> %j', (names, codes) => {
    const parts = parseEntryText(`PCR Partido Comunista Revolucionario, ${names}`);
    expect([parts?.countries, parts?.country]).toEqual([codes, codes[0] ?? null]);
    expect(parts?.name).toBe('Partido Comunista Revolucionario');
  });

  it('a trailing part that is not all countries stays in the name', () => {
    expect(parseEntryText('MLKP Marksist Leninist Komünist Parti, Turkey / North Kurdistan')).toMatchObject({
      name: 'Marksist Leninist Komünist Parti, Turkey / North Kurdistan',
      countries: ['TR'],
      countrySource: 'name',
    });
  });

  it('names every country in every language so that it reads back', () => {
    for (const spec of LANGUAGES) {
      for (const { cca2 } of worldCountries) {
        const name = countryNameIn(cca2, spec.tag, spec.iso3);
        expect(name === null ? null : countryFromName(name), `${cca2} in ${spec.tag}: ${name ?? ''}`).toBe(cca2);
      }
    }
  });

  it('prefers the language’s own name', () => {
    expect(LANGUAGES.map((spec) => countryNameIn('DE', spec.tag, spec.iso3))).toEqual([
      'Germany',
      'Deutschland',
      'Allemagne',
      'Alemania',
      'Alemanha',
      'Germania',
      'Almanya',
      'Германия',
    ]);
  });
});
