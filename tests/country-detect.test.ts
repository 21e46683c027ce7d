import { describe, expect, it } from 'vitest';
import { countryFromName, detectCountry } from '../src/lib/country-detect.js';

describe('detectCountry', () => {
  it.each([
    ['Moroccan Marxist-Leninist Proletarian Line', 'MA', 'Moroccan'],
    ['Marxistisch-Leninistische Partei Deutschlands', 'DE', 'Deutschlands'],
    ['Kommunistische Organisation Luxemburg', 'LU', 'Luxemburg'],
    ['Paraguayan Communist Party', 'PY', 'Paraguayan'],
    ['Bolşevik Parti (Kuzey Kürdistan-Türkiye)', 'TR', 'Türkiye'],
    ['Bolshevik Party (North Kurdistan-Turkey)', 'TR', 'Turkey'],
    ['Party of Labor - Bosnia and Herzegovina', 'BA', 'Bosnia and Herzegovina'],
    ['Комунистическа партия на България', 'BG', 'България'],
    ['Parti Communiste de Côte d’Ivoire', 'CI', 'Côte d’Ivoire'],
    ['Union des Populations du Cameroun', 'CM', 'Cameroun'],
    ['Communist Party of South Africa', 'ZA', 'South Africa'],
    ['Socialist Party of Niger', 'NE', 'Niger'],
    ['Socialist Party of Nigeria', 'NG', 'Nigeria'],
    ['Labour Party of Dominica', 'DM', 'Dominica'],
    ['Communist Party of the Dominican Republic', 'DO', 'Dominican Republic'],
    ['Workers Party of Papua New Guinea', 'PG', 'Papua New Guinea'],
    ['Solidarity of Germany with France', 'DE', 'Germany'],
  ])('%s -> %s', (text, code, matched) => {
    expect(detectCountry(text)).toEqual({ code, matched });
  });

  it.each(['North Kurdistan', 'Revolutionary Organization of Labor', 'Red Dawn', 'Animali Uniti', 'Dominican'])(
    'finds nothing in %s',
    (text) => {
      expect(detectCountry(text)).toBeNull();
    },
  );
});

describe('countryFromName', () => {
  it.each([
    ['Tunisia', 'TN'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['Dominican Republic', 'DO'],
    ['Dominica', 'DM'],
    ['Netherlands', 'NL'],
    ['Ukraine', 'UA'],
    ['France', 'FR'],
    ['Deutschland', 'DE'],
    ['Türkiye', 'TR'],
    [' Côte d’Ivoire ', 'CI'],
  ])('%s -> %s', (name, code) => {
    expect(countryFromName(name)).toBe(code);
  });

  it.each(['Narnia', 'Red Dawn', 'Republic of France and friends', 'usa', 'Kurdistan'])(
    '%s is not a country name',
    (name) => {
      expect(countryFromName(name)).toBeNull();
    },
  );
});
