// Country names as lists print them, in the languages lists are written in: short forms (CLDR's,
// through Intl), alternate names, genitives and adjectives (by stem), and what must stay no country.
import { describe, expect, it } from 'vitest';
import { countryFromName, detectCountry } from '../src/lib/country-detect.js';
import { parseEntryText } from '../src/lib/published-list/entry.js';

describe('a trailing country in a short form', () => {
  it.each([
    ['UK', 'GB'],
    ['EE. UU.', 'US'],
    ['R.-U.', 'GB'],
    ['É.-U.', 'US'],
    ['EUA', 'US'],
    ['ABD', 'US'],
    ['Британия', 'GB'],
    // Names too short to look for inside a name, but whole after a comma.
    ['Irak', 'IQ'],
    ['Kuba', 'CU'],
    ['Того', 'TG'],
    ['Fas', 'MA'],
  ])('%s -> %s', (name, code) => {
    expect(countryFromName(name)).toBe(code);
    expect(parseEntryText(`PC Partido Comunista, ${name}`)?.countries).toEqual([code]);
  });
});

describe('alternate names', () => {
  it.each([
    ['Britain', 'GB'],
    ['Great Britain', 'GB'],
    ['Grande-Bretagne', 'GB'],
    ['Gran Bretaña', 'GB'],
    ['Scotland', 'GB'],
    ['Holland', 'NL'],
    ['Hollanda', 'NL'],
    ['Czech Republic', 'CZ'],
    ['Ivory Coast', 'CI'],
    ['Bosnia', 'BA'],
    ['Stati Uniti', 'US'],
    ['Соединенные Штаты', 'US'],
    ['Киргизия', 'KG'],
  ])('%s -> %s', (name, code) => {
    expect(countryFromName(name)).toBe(code);
  });
});

describe('inflected forms, by their stem in a list language', () => {
  it.each([
    ['ПКК Партия коммунистов Кыргызстана', 'KG', 'Кыргызстана'],
    ['Рабочее движение Казахстана', 'KZ', 'Казахстана'],
    ['Коммунистическая партия России', 'RU', 'России'],
    ['Коммунистическая партия Российской Федерации', 'RU', 'Российской Федерации'],
    ['Марксистско-ленинская партия Германии', 'DE', 'Германии'],
    ['Kommunistische Partei Kolumbiens', 'CO', 'Kolumbiens'],
    ['Marxistisch-Leninistische Partei Deutschlands', 'DE', 'Deutschlands'],
  ])('genitive: %s -> %s', (text, code, matched) => {
    expect(detectCountry(text)).toEqual({ code, matched });
  });

  it.each([
    ['Partido Comunista Paraguayo', 'PY', 'Paraguayo'],
    ['Partido Comunista Alemán', 'DE', 'Alemán'],
    ['Partito Comunista Tedesco', 'DE', 'Tedesco'],
    ['Partito Comunista Italiano', 'IT', 'Italiano'],
    ['Deutsche Kommunistische Partei', 'DE', 'Deutsche'],
    ['Kommunistische Partei Österreichs', 'AT', 'Österreichs'],
    ['Parti communiste allemand', 'DE', 'allemand'],
    ['Moroccan Marxist-Leninist Proletarian Line', 'MA', 'Moroccan'],
  ])('adjective: %s -> %s', (text, code, matched) => {
    expect(detectCountry(text)).toEqual({ code, matched });
  });

  it('reads the genitive of a Russian name without a trailing country', () => {
    expect(parseEntryText('ПКК Партия коммунистов Кыргызстана', 'ru')).toMatchObject({
      country: 'KG',
      countries: ['KG'],
      countrySource: 'name',
    });
  });
});

describe('no country', () => {
  // "America" names a continent as often as the United States; short stems collide with words
  // ("liber" of Liberia is Italian "libero"); a name of several countries stays ambiguous in any form.
  it.each([
    'America',
    'Latin American',
    'Korea',
    'Unione per la liberazione',
    'Comité anti-Franco',
    'usa',
    'Frente Popular',
  ])('%s', (text) => {
    expect(detectCountry(text)).toBeNull();
    expect(countryFromName(text)).toBeNull();
  });
});
