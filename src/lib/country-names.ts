/**
 * Every name a country goes by, from data, for country-detect.ts to index: world-countries
 * (English, native and translated names, alternative spellings, English and French demonyms),
 * i18n-iso-countries (names in some 80 languages), CLDR's names through Intl.DisplayNames in each
 * language lists are written in (its short forms too: "UK", "EE. UU.", "R.-U.", "Британия"),
 * and i18n-nationality's adjectives ("Österreichisch", "Alemán", "Tedesco"). Inflected forms
 * ("Кыргызстана", "Kolumbiens", "tedesca") are found by stemming (see stems below). Only what no
 * data source has is written here by hand, each with its reason.
 */

import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as turkish } from '@orama/stemmers/turkish';
import isoCountries from 'i18n-iso-countries';
import deNationalities from 'i18n-nationality/langs/de.json' with { type: 'json' };
import enNationalities from 'i18n-nationality/langs/en.json' with { type: 'json' };
import esNationalities from 'i18n-nationality/langs/es.json' with { type: 'json' };
import frNationalities from 'i18n-nationality/langs/fr.json' with { type: 'json' };
import itNationalities from 'i18n-nationality/langs/it.json' with { type: 'json' };
// The JSON itself: the package's index.d.ts is typed as an ES module but ships as CommonJS,
// so under NodeNext its default import does not type-check as the array it is at run time.
import worldCountriesJson from 'world-countries/countries.json' with { type: 'json' };
import { LANGUAGES } from './published-list/languages.js';

interface Names {
  common: string;
  official: string;
}

/** The part of world-countries' record read here (per-language maps are sparse). */
export interface WorldCountry {
  cca2: string;
  name: Names & { native: Record<string, Names | undefined> };
  altSpellings: string[];
  translations: Record<string, Names | undefined>;
  demonyms: Record<string, { f: string; m: string } | undefined>;
}

export const worldCountries: readonly WorldCountry[] = worldCountriesJson;

/** A name and the alpha-2 code it names. */
export type Named = readonly [name: string, code: string];

/** The languages lists are written in: BCP 47 tag and ISO 639-3 (world-countries keys translations by it). */
const LIST_LANGUAGES = LANGUAGES.map((spec) => ({ tag: spec.tag, iso3: spec.iso3 }));

const isoNames = (lang: string): Named[] =>
  Object.entries(isoCountries.getNames(lang, { select: 'all' })).flatMap(([code, list]) =>
    list.map((name) => [name, code] as const),
  );

const demonyms = (lang: string): Named[] =>
  worldCountries.flatMap((c) =>
    [c.demonyms[lang]?.m, c.demonyms[lang]?.f].flatMap((d) => (d ? [[d, c.cca2] as const] : [])),
  );

/** CLDR's long and short names of every country in a language ("United Kingdom", "UK"). */
function cldrNames(tag: string): Named[] {
  const styles = (['long', 'short'] as const).map(
    (style) => new Intl.DisplayNames(tag, { type: 'region', style, fallback: 'none' }),
  );
  return worldCountries.flatMap((c) =>
    styles.flatMap((names) => {
      const name = names.of(c.cca2);
      return name === undefined ? [] : [[name, c.cca2] as const];
    }),
  );
}

const NATIONALITIES: Readonly<Record<string, { nationalities: Record<string, string> }>> = {
  en: enNationalities,
  de: deNationalities,
  fr: frNationalities,
  es: esNationalities,
  it: itNationalities,
};

const nationalities = (tag: string): Named[] =>
  Object.entries(NATIONALITIES[tag]?.nationalities ?? {}).map(([code, name]) => [name, code] as const);

/**
 * Names in common use that no data source lists: "Britain" (CLDR has "UK" and Russian
 * "Британия", not the English word), "Great Britain" in the list languages (the sources have it
 * in English, German and Russian only), and the nations of the United Kingdom, which lists print
 * for organizations of one of them (", Scotland"). "America" is left out on purpose: it names a
 * continent as often as the United States.
 */
const BY_HAND: Named[] = [
  ['Britain', 'GB'],
  ['Grande-Bretagne', 'GB'],
  ['Gran Bretaña', 'GB'],
  ['Grã-Bretanha', 'GB'],
  ['Gran Bretagna', 'GB'],
  ['Büyük Britanya', 'GB'],
  ['England', 'GB'],
  ['Scotland', 'GB'],
  ['Wales', 'GB'],
  ['Northern Ireland', 'GB'],
];

/**
 * The sources in tiers, most authoritative first, each with the fewest letters a name of it must
 * have to be found inside free text (shorter ones collide with ordinary words: "Mann", "Suis").
 * A whole trailing ", Country" takes every name of any length ("Irak", "Того", "Fas").
 */
export function nameTiers(): { minLetters: number; names: Named[] }[] {
  const trusted = 4;
  const other = 5;
  return [
    {
      minLetters: trusted,
      names: [
        ...worldCountries.flatMap((c) => [[c.name.common, c.cca2] as const, [c.name.official, c.cca2] as const]),
        ...isoNames('en'),
      ],
    },
    {
      minLetters: other,
      names: [...worldCountries.flatMap((c) => c.altSpellings.map((alt) => [alt, c.cca2] as const)), ...BY_HAND],
    },
    { minLetters: trusted, names: demonyms('eng') },
    {
      minLetters: trusted,
      names: worldCountries.flatMap((c) =>
        Object.values(c.name.native).flatMap((n) =>
          n ? [[n.common, c.cca2] as const, [n.official, c.cca2] as const] : [],
        ),
      ),
    },
    {
      minLetters: other,
      names: [
        ...worldCountries.flatMap((c) =>
          Object.values(c.translations).flatMap((n) =>
            n ? [[n.common, c.cca2] as const, [n.official, c.cca2] as const] : [],
          ),
        ),
        ...isoCountries
          .getSupportedLanguages()
          .filter((lang) => lang !== 'en')
          .flatMap(isoNames),
        ...LIST_LANGUAGES.flatMap(({ tag }) => cldrNames(tag)),
      ],
    },
    { minLetters: other, names: [...demonyms('fra'), ...Object.keys(NATIONALITIES).flatMap(nationalities)] },
  ];
}

const STEMMERS: Readonly<Record<string, (word: string) => string>> = {
  en: english,
  de: german,
  fr: french,
  es: spanish,
  pt: portuguese,
  it: italian,
  tr: turkish,
  ru: russian,
};

/** Each list language's names of countries, for stemming in that language: they are inflected in it. */
export function namesByLanguage(): { tag: string; names: Named[] }[] {
  return LIST_LANGUAGES.map(({ tag, iso3 }) => ({
    tag,
    names: [
      ...isoNames(tag),
      ...cldrNames(tag),
      ...nationalities(tag),
      // Native names in the language too: Russian "Кыргызстан" is KG's native name, not its translation.
      ...worldCountries.flatMap((c) =>
        [tag === 'en' ? c.name : c.translations[iso3], c.name.native[iso3]].flatMap((n) =>
          n ? [[n.common, c.cca2] as const] : [],
        ),
      ),
      ...(tag === 'en' ? [...demonyms('eng'), ...BY_HAND] : tag === 'fr' ? demonyms('fra') : []),
      // Russian inflects the Cyrillic names of other languages too ("Кыргызстан", Kyrgyz, as "Кыргызстана").
      ...(tag === 'ru'
        ? worldCountries.flatMap((c) =>
            [...Object.values(c.name.native).flatMap((n) => (n ? [n.common] : [])), ...c.altSpellings].map(
              (n) => [n, c.cca2] as const,
            ),
          )
        : []),
    ],
  }));
}

/** The word's stem in a list language (lower-cased first: the stemmers expect it). */
export function stem(tag: string, word: string): string {
  const stemmer = STEMMERS[tag];
  return stemmer ? stemmer(word.toLowerCase()) : word.toLowerCase();
}

export const STEM_LANGUAGES: readonly string[] = Object.keys(STEMMERS);
