/**
 * Finds the country an organization name refers to ("Communist Party of Germany",
 * "Marxistisch-Leninistische Partei Deutschlands", "Moroccan ...", "Партия на България").
 *
 * The names come from data (country-names.ts). Matching is on folded words (see fold()), so
 * accents, scripts and dash styles do not matter, and whole words only, so "Niger" never matches
 * inside "Nigeria"; inflected forms ("Кыргызстана", "Kolumbiens") match by their stem in a list
 * language.
 */

import isoCountries from 'i18n-iso-countries';
import { fold } from './fold.js';
import { worldCountries } from './country-names.js';
import {
  countryIndex,
  indexKey,
  STEM_START,
  stemKey,
  stemmedRun,
  stemmersFor,
  tokenize,
  WORD,
} from './country-index.js';

export interface CountryMatch {
  code: string;
  /** The text as written in the input, e.g. "Deutschlands" or "Bosnia and Herzegovina". */
  matched: string;
}

/** German/Latin-style genitive endings: "Deutschlands", "Englands". */
const INFLECTIONS = ['es', 's'];
const MIN_INFLECTED_STEM = 5;

/**
 * The first country named in free text, by name or demonym in any supported language.
 * An earlier position wins; at one position the longest name wins ("Papua New Guinea" over
 * "Guinea", "Dominican Republic" over the ambiguous "Dominican").
 */
export function detectCountry(text: string): CountryMatch | null {
  const { names, maxWords } = countryIndex();
  const normalized = text.normalize('NFC');
  const tokens = tokenize(normalized);
  for (let i = 0; i < tokens.length; i++) {
    for (let n = Math.min(maxWords, tokens.length - i); n >= 1; n--) {
      const run = tokens.slice(i, i + n);
      const first = run[0];
      const last = run[run.length - 1];
      if (!first || !last || run.some((t) => t.latin !== first.latin)) continue;
      const code = names.get(indexKey(run));
      if (code) return { code, matched: normalized.slice(first.start, last.end) };
    }
    const token = tokens[i];
    if (!token) continue;
    for (const suffix of INFLECTIONS) {
      const stem = token.key.slice(0, -suffix.length);
      if (!token.key.endsWith(suffix) || stem.length < MIN_INFLECTED_STEM) continue;
      const code = names.get(indexKey([{ ...token, key: stem }]));
      if (code) return { code, matched: normalized.slice(token.start, token.end) };
    }
  }
  return byStem(normalized);
}

/** The first country named in an inflected form: a run of words whose stems are a name's in a list language. */
function byStem(text: string): CountryMatch | null {
  const { stems, firstStems, stemStarts, maxStemWords, names } = countryIndex();
  const words = [...text.matchAll(WORD)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
    langs: stemmersFor(m[0]),
  }));
  for (let i = 0; i < words.length; i++) {
    const head = words[i];
    // Only from a word that stems as some name's first word does, in some language.
    if (!head || !stemStarts.has(fold(head.word).slice(0, STEM_START))) continue;
    const langs = head.langs.filter((tag) => firstStems.has(`${tag} ${stemKey(tag, head.word)}`));
    if (langs.length === 0) continue;
    for (let n = Math.min(maxStemWords, words.length - i); n >= 1; n--) {
      const run = words.slice(i, i + n);
      const first = run[0];
      const last = run[run.length - 1];
      if (!first || !last) continue;
      for (const tag of langs) {
        if (run.some((w) => !w.langs.includes(tag))) continue;
        const key = stemmedRun(
          tag,
          run.map((w) => w.word),
        );
        const code = key === null ? null : stems.get(key);
        const matched = text.slice(first.start, last.end);
        // A name that names several countries ("American", "Dominican") stays ambiguous in any form.
        if (code && !names.has(indexKey(tokenize(matched)))) return { code, matched };
      }
    }
  }
  return null;
}

/**
 * Alpha-2 code for text that is exactly a country name ("Tunisia", "USA", "Türkiye",
 * "Deutschland", "Dominican Republic", "Irak", "EE. UU."), or null. Used for a trailing ", Country",
 * which takes names of any length.
 */
export function countryFromName(name: string): string | null {
  const trimmed = name.trim();
  const { names, whole, shortCodes } = countryIndex();
  const short = shortCodes.get(trimmed);
  if (short) return short;
  const tokens = tokenize(trimmed);
  if (tokens.length === 0) return null;
  const key = indexKey(tokens);
  return names.get(key) ?? whole.get(key) ?? null;
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
    ...(lang === 'en' ? [] : (isoCountries.getNames(lang, { select: 'all' })[code] ?? [])),
    country?.name.common,
    country?.name.official,
    ...(country?.altSpellings ?? []),
  ];
  // A trailing country is what follows an entry's last comma, so a name with a comma would not
  // read back ("Saint Helena, Ascension and Tristan da Cunha").
  return (
    candidates.find(
      (name): name is string => name !== undefined && !name.includes(',') && countryFromName(name) === code,
    ) ?? null
  );
}
