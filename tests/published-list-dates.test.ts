import { describe, expect, it } from 'vitest';
import { formatDate, parseDate } from '../src/lib/published-list/dates.js';

describe('parseDate in each language', () => {
  it.each([
    [
      'en',
      ['21 January 2022', 'January 21, 2022', '21 Jan. 2022', '21 Sept 2022'],
      ['2022-01-21', '2022-01-21', '2022-01-21', '2022-09-21'],
    ],
    [
      'de',
      ['2. April 2022', '21. März 2022', '1. Dez. 2022', '21 Maerz 2022'],
      ['2022-04-02', '2022-03-21', '2022-12-01', null],
    ],
    [
      'fr',
      ['1er mars 2022', '21 février 2022', '3 août 2022', '9 juil. 2022'],
      ['2022-03-01', '2022-02-21', '2022-08-03', '2022-07-09'],
    ],
    [
      'es',
      ['9 de abril de 2022', '1 de septiembre de 2022', '21 de ene. de 2022', '2 de mayo 2022'],
      ['2022-04-09', '2022-09-01', '2022-01-21', '2022-05-02'],
    ],
    [
      'pt',
      ['21 de janeiro de 2022', '1º de março de 2022', '7 de setembro de 2022', '9 de dez. de 2022'],
      ['2022-01-21', '2022-03-01', '2022-09-07', '2022-12-09'],
    ],
    [
      'it',
      ['21 gennaio 2022', '1º maggio 2022', '25 aprile 2022', '2 giu 2022'],
      ['2022-01-21', '2022-05-01', '2022-04-25', '2022-06-02'],
    ],
    [
      'tr',
      ['21 Ocak 2022', '1 Mayıs 2022', '30 Ağustos 2022', '29 EKİM 2022'],
      ['2022-01-21', '2022-05-01', '2022-08-30', '2022-10-29'],
    ],
    // Russian dates use the genitive ("января"); the stand-alone "январь" and short forms read too.
    [
      'ru',
      ['21 января 2022 г.', '9 мая 2022', '7 ноября 2017 года', '1 Январь 2022'],
      ['2022-01-21', '2022-05-09', '2017-11-07', '2022-01-01'],
    ],
  ])('%s', (lang, texts, isos) => {
    expect(texts.map((t) => parseDate(t, lang))).toEqual(isos);
  });

  it('reads numeric dates and English month names in every language', () => {
    for (const lang of ['de', 'fr', 'ru']) {
      expect([
        parseDate('21.01.2022', lang),
        parseDate('2022-01-21', lang),
        parseDate('21 January 2022', lang),
      ]).toEqual(['2022-01-21', '2022-01-21', '2022-01-21']);
    }
  });

  it('rejects impossible dates and ambiguous month prefixes', () => {
    expect(parseDate('31 février 2022', 'fr')).toBeNull();
    expect(parseDate('30. Februar 2022', 'de')).toBeNull();
    // "ju" could be juin or juillet, "июн"/"июл" start alike too: three letters are the minimum.
    expect(parseDate('3 ju 2022', 'fr')).toBeNull();
    expect(parseDate('3 ию 2022', 'ru')).toBeNull();
  });
});

describe('formatDate in each language', () => {
  it.each([
    ['en', '21 January 2022'],
    ['de', '21. Januar 2022'],
    ['fr', '21 janvier 2022'],
    ['es', '21 de enero de 2022'],
    ['pt', '21 de janeiro de 2022'],
    ['it', '21 gennaio 2022'],
    ['tr', '21 Ocak 2022'],
    ['ru', '21 января 2022 г.'],
  ])('%s', (lang, text) => {
    expect(formatDate('2022-01-21', lang)).toBe(text);
    expect(parseDate(text, lang)).toBe('2022-01-21');
  });

  it('writes the French first of the month as 1er', () => {
    expect(formatDate('2022-03-01', 'fr')).toBe('1er mars 2022');
    expect(formatDate('2022-03-01', 'de')).toBe('1. März 2022');
  });

  it('leaves what is not a valid ISO date alone', () => {
    expect(formatDate('2022-02-30', 'de')).toBe('2022-02-30');
    expect(formatDate('soon', 'en')).toBe('soon');
  });
});
