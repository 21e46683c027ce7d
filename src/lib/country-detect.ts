/**
 * Finds the country an organization name refers to ("Communist Party of Germany",
 * "Marxistisch-Leninistische Partei Deutschlands", "Moroccan ...", "Партия на България").
 *
 * All names come from world-countries (English/native/translated names, alt spellings,
 * English and French demonyms) and i18n-iso-countries (names in ~80 languages); nothing is
 * hand-listed. Matching is on folded words (see fold()), so accents, scripts and dash styles
 * do not matter, and whole words only, so "Niger" never matches inside "Nigeria".
 */

import isoCountries from 'i18n-iso-countries';
// The JSON itself: the package's index.d.ts is typed as an ES module but ships as CommonJS,
// so under NodeNext its default import does not type-check as the array it is at run time.
import worldCountriesJson from 'world-countries/countries.json' with { type: 'json' };
import { fold } from './fold.js';

interface Names {
  common: string;
  official: string;
}

/** The part of world-countries' record this module reads (per-language maps are sparse). */
interface WorldCountry {
  cca2: string;
  name: Names & { native: Record<string, Names | undefined> };
  altSpellings: string[];
  translations: Record<string, Names | undefined>;
  demonyms: Record<string, { f: string; m: string } | undefined>;
}

const worldCountries: readonly WorldCountry[] = worldCountriesJson;

export interface CountryMatch {
  code: string;
  /** The text as written in the input, e.g. "Deutschlands" or "Bosnia and Herzegovina". */
  matched: string;
}

interface Token {
  key: string;
  /** Written in Latin script; keys only match tokens of their own script (see below). */
  latin: boolean;
  start: number;
  end: number;
}

interface CountryIndex {
  /** Folded word sequence (prefixed with its script class) -> code, or null when ambiguous. */
  names: Map<string, string | null>;
  /** Upper-case short names in any script ("USA", "UK", "США"), only trusted as a whole ", Country". */
  shortCodes: Map<string, string>;
  maxWords: number;
}

/**
 * Shorter names collide with ordinary words. English and native names are trusted from 4
 * letters ("Togo", "Peru"); alt spellings and names in other languages only from 5, since at 4
 * they include words like "Mann" (Isle of Man), "Suis" (Breton, Switzerland), "Pole".
 */
const MIN_LETTERS_TRUSTED = 4;
const MIN_LETTERS_OTHER = 5;
/** German/Latin-style genitive endings: "Deutschlands", "Englands". */
const INFLECTIONS = ['es', 's'];
const MIN_INFLECTED_STEM = 5;

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN_WORD = /^[\p{Script=Latin}\p{M}\p{N}]+$/u;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.normalize('NFC').matchAll(WORD)) {
    const start = m.index;
    const end = start + m[0].length;
    const latin = LATIN_WORD.test(m[0]);
    // any-ascii can emit punctuation inside a transliterated word; keys stay plain words.
    for (const key of fold(m[0]).split(/[^a-z0-9]+/)) {
      if (key !== '') tokens.push({ key, latin, start, end });
    }
  }
  return tokens;
}

/**
 * The script class is part of the key: a transliterated Arabic or Japanese name ("lybya",
 * "doitsu") must not match an unrelated Latin-script word, while Cyrillic text still matches
 * Cyrillic names ("България").
 */
function indexKey(tokens: readonly Token[]): string {
  return (tokens.every((t) => t.latin) ? 'L ' : 'X ') + tokens.map((t) => t.key).join(' ');
}

let cached: CountryIndex | undefined;

function buildIndex(): CountryIndex {
  const names = new Map<string, string | null>();
  const shortCodes = new Map<string, string>();
  let maxWords = 1;

  /**
   * Tiers run from most to least authoritative. A key taken by an earlier tier keeps its code
   * (English "Dominican Republic" beats any translation). Within one tier a key naming two
   * countries is ambiguous and matches nothing ("Congo", the demonym "Dominican").
   */
  const tier = (minLetters: number, add: (put: (name: string, code: string) => void) => void): void => {
    const found = new Map<string, Set<string>>();
    add((name, code) => {
      const tokens = tokenize(name);
      if (tokens.length === 0) return;
      if (/^\p{Lu}{2,3}$/u.test(name.trim()) && !shortCodes.has(name.trim())) shortCodes.set(name.trim(), code);
      const letters = tokens.reduce((n, t) => n + t.key.length, 0);
      if (letters < minLetters) return;
      const key = indexKey(tokens);
      const codes = found.get(key) ?? new Set<string>();
      codes.add(code);
      found.set(key, codes);
      maxWords = Math.max(maxWords, tokens.length);
    });
    for (const [key, codes] of found) {
      if (names.has(key)) continue;
      names.set(key, codes.size === 1 ? ([...codes][0] ?? null) : null);
    }
  };

  const iso = (lang: string, put: (name: string, code: string) => void): void => {
    for (const [code, list] of Object.entries(isoCountries.getNames(lang, { select: 'all' }))) {
      for (const name of list) put(name, code);
    }
  };

  tier(MIN_LETTERS_TRUSTED, (put) => {
    for (const c of worldCountries) {
      put(c.name.common, c.cca2);
      put(c.name.official, c.cca2);
    }
    iso('en', put);
  });
  tier(MIN_LETTERS_OTHER, (put) => {
    for (const c of worldCountries) for (const alt of c.altSpellings) put(alt, c.cca2);
  });
  tier(MIN_LETTERS_TRUSTED, (put) => {
    for (const c of worldCountries) {
      const d = c.demonyms['eng'];
      if (d) {
        put(d.m, c.cca2);
        put(d.f, c.cca2);
      }
    }
  });
  tier(MIN_LETTERS_TRUSTED, (put) => {
    for (const c of worldCountries) {
      for (const n of Object.values(c.name.native)) {
        if (!n) continue;
        put(n.common, c.cca2);
        put(n.official, c.cca2);
      }
    }
  });
  tier(MIN_LETTERS_OTHER, (put) => {
    for (const c of worldCountries) {
      for (const n of Object.values(c.translations)) {
        if (!n) continue;
        put(n.common, c.cca2);
        put(n.official, c.cca2);
      }
    }
    for (const lang of isoCountries.getSupportedLanguages()) if (lang !== 'en') iso(lang, put);
  });
  tier(MIN_LETTERS_OTHER, (put) => {
    for (const c of worldCountries) {
      const d = c.demonyms['fra'];
      if (d) {
        put(d.m, c.cca2);
        put(d.f, c.cca2);
      }
    }
  });

  return { names, shortCodes, maxWords };
}

function index(): CountryIndex {
  cached ??= buildIndex();
  return cached;
}

/**
 * The first country named in free text, by name or demonym in any supported language.
 * An earlier position wins; at one position the longest name wins ("Papua New Guinea" over
 * "Guinea", "Dominican Republic" over the ambiguous "Dominican").
 */
export function detectCountry(text: string): CountryMatch | null {
  const { names, maxWords } = index();
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    for (let n = Math.min(maxWords, tokens.length - i); n >= 1; n--) {
      const run = tokens.slice(i, i + n);
      const first = run[0];
      const last = run[run.length - 1];
      if (!first || !last || run.some((t) => t.latin !== first.latin)) continue;
      const code = names.get(indexKey(run));
      if (code) return { code, matched: text.normalize('NFC').slice(first.start, last.end) };
    }
    const token = tokens[i];
    if (!token) continue;
    for (const suffix of INFLECTIONS) {
      const stem = token.key.slice(0, -suffix.length);
      if (!token.key.endsWith(suffix) || stem.length < MIN_INFLECTED_STEM) continue;
      const code = names.get(indexKey([{ ...token, key: stem }]));
      if (code) return { code, matched: text.normalize('NFC').slice(token.start, token.end) };
    }
  }
  return null;
}

/**
 * Alpha-2 code for text that is exactly a country name ("Tunisia", "USA", "Türkiye",
 * "Deutschland", "Dominican Republic"), or null. Used for a trailing ", Country".
 */
export function countryFromName(name: string): string | null {
  const trimmed = name.trim();
  const { names, shortCodes } = index();
  const short = shortCodes.get(trimmed);
  if (short) return short;
  const tokens = tokenize(trimmed);
  if (tokens.length === 0) return null;
  return names.get(indexKey(tokens)) ?? null;
}

/** English common name for an alpha-2 code ("DE" -> "Germany"), or null if unknown. */
export function countryName(code: string): string | null {
  return worldCountries.find((c) => c.cca2 === code)?.name.common ?? null;
}

/**
 * The country's name in a language (BCP 47 primary tag plus its ISO 639-3 code, which
 * world-countries keys translations by), chosen so that it reads back as the same code after a
 * comma: world-countries' common and official translations first, then i18n-iso-countries'
 * names, then English names and alternative spellings. "FR", "de" -> "Frankreich"; "RU", "ru" -> "Россия".
 */
export function countryNameIn(code: string, lang: string, iso3: string): string | null {
  const country = worldCountries.find((c) => c.cca2 === code);
  const translated = lang === 'en' ? undefined : country?.translations[iso3];
  const candidates = [
    translated?.common,
    translated?.official,
    ...(lang === 'en' ? [] : isoCountries.getNames(lang, { select: 'all' })[code] ?? []),
    country?.name.common,
    country?.name.official,
    ...(country?.altSpellings ?? []),
  ];
  // A trailing country is what follows an entry's last comma, so a name with a comma would not
  // read back ("Saint Helena, Ascension and Tristan da Cunha").
  return candidates.find((name): name is string => name !== undefined && !name.includes(',') && countryFromName(name) === code) ?? null;
}
