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
import { nameTiers, namesByLanguage, stem, STEM_LANGUAGES, worldCountries } from './country-names.js';

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
  /** Names too short to trust inside free text ("Irak", "Того"), trusted as a whole ", Country". */
  whole: Map<string, string | null>;
  /** Upper-case short names in any script ("USA", "UK", "США"), only trusted as a whole ", Country". */
  shortCodes: Map<string, string>;
  /** "<lang> <stems>" of each list language's names -> code, or null when ambiguous. */
  stems: Map<string, string | null>;
  /** "<lang> <stem>" of each such name's first word: a run is stemmed further only from one of these. */
  firstStems: Set<string>;
  /** Their first letters, folded: a word that starts otherwise is not stemmed at all (a stem is a word's start). */
  stemStarts: Set<string>;
  maxStemWords: number;
  maxWords: number;
}

/**
 * Shorter names collide with ordinary words (see nameTiers); so do shorter stems: a stem must
 * keep this many letters ("liber" of Liberia is Italian "libero", "franc" of Francia "Franco");
 * Cyrillic stems may be shorter ("росс" of России, "турц" of Турции).
 */
const MIN_STEM_LETTERS = 6;
const MIN_CYRILLIC_STEM_LETTERS = 4;
/** German/Latin-style genitive endings: "Deutschlands", "Englands". */
const INFLECTIONS = ['es', 's'];
const MIN_INFLECTED_STEM = 5;
/** Letters of a stem's start that a word must share to be stemmed (fewer than any stem has). */
const STEM_START = 4;

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN_WORD = /^[\p{Script=Latin}\p{M}\p{N}]+$/u;
const CYRILLIC_WORD = /^[\p{Script=Cyrillic}\p{M}]+$/u;

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

/** Which list languages stem a word: Russian the Cyrillic ones, the others the Latin ones. */
const stemmersFor = (word: string): readonly string[] =>
  CYRILLIC_WORD.test(word) ? ['ru'] : LATIN_WORD.test(word) ? STEM_LANGUAGES.filter((l) => l !== 'ru') : [];

/** Remembered per language and word: a long list repeats its words. Bounded, then started afresh. */
const stemmed = new Map<string, string>();
function stemKey(tag: string, word: string): string {
  const k = `${tag} ${word}`;
  let v = stemmed.get(k);
  if (v === undefined) {
    if (stemmed.size >= 50_000) stemmed.clear();
    v = fold(stem(tag, word));
    stemmed.set(k, v);
  }
  return v;
}

/** "<lang> <stem> <stem>…" of a run of words, or null when its stems are too short to trust. */
function stemmedRun(tag: string, words: readonly string[]): string | null {
  const stems = words.map((w) => stemKey(tag, w));
  const letters = stems.join('').length;
  const min = words.every((w) => CYRILLIC_WORD.test(w)) ? MIN_CYRILLIC_STEM_LETTERS : MIN_STEM_LETTERS;
  return letters >= min && stems.every((s) => s !== '') ? `${tag} ${stems.join(' ')}` : null;
}

let cached: CountryIndex | undefined;

function buildIndex(): CountryIndex {
  const names = new Map<string, string | null>();
  const whole = new Map<string, string | null>();
  const shortCodes = new Map<string, string>();
  let maxWords = 1;

  /**
   * Tiers run from most to least authoritative. A key taken by an earlier tier keeps its code
   * (English "Dominican Republic" beats any translation). Within one tier a key naming two
   * countries is ambiguous and matches nothing ("Congo", the demonym "Dominican").
   */
  for (const { minLetters, names: named } of nameTiers()) {
    const found = new Map<string, Set<string>>();
    const short = new Map<string, Set<string>>();
    for (const [name, code] of named) {
      const tokens = tokenize(name);
      if (tokens.length === 0) continue;
      const upper = /^\p{Lu}{2,3}$/u.test(name.trim());
      if (upper && !shortCodes.has(name.trim())) shortCodes.set(name.trim(), code);
      const letters = tokens.reduce((n, t) => n + t.key.length, 0);
      // "USA" is a country only as written: "usa" is a word.
      if (upper && letters < minLetters) continue;
      const into = letters < minLetters ? short : found;
      const key = indexKey(tokens);
      into.set(key, (into.get(key) ?? new Set<string>()).add(code));
      if (into === found) maxWords = Math.max(maxWords, tokens.length);
    }
    settle(found, names);
    settle(short, whole);
  }
  return { names, whole, shortCodes, ...stemIndex(), maxWords };
}

/** Keys a tier found into an index: an earlier tier's stay, a key of two countries matches none. */
function settle(found: Map<string, Set<string>>, index: Map<string, string | null>): void {
  for (const [key, codes] of found) {
    if (!index.has(key)) index.set(key, codes.size === 1 ? ([...codes][0] ?? null) : null);
  }
}

function stemIndex(): Pick<CountryIndex, 'stems' | 'firstStems' | 'stemStarts' | 'maxStemWords'> {
  const found = new Map<string, Set<string>>();
  const firstStems = new Set<string>();
  const stemStarts = new Set<string>();
  let maxStemWords = 1;
  for (const { tag, names } of namesByLanguage()) {
    for (const [name, code] of names) {
      const words = [...name.normalize('NFC').matchAll(WORD)].map((m) => m[0]);
      const [first] = words;
      if (first === undefined || words.some((w) => !stemmersFor(w).includes(tag))) continue;
      const key = stemmedRun(tag, words);
      if (key === null) continue;
      found.set(key, (found.get(key) ?? new Set<string>()).add(code));
      firstStems.add(`${tag} ${stemKey(tag, first)}`);
      stemStarts.add(stemKey(tag, first).slice(0, STEM_START));
      maxStemWords = Math.max(maxStemWords, words.length);
    }
  }
  const stems = new Map<string, string | null>();
  settle(found, stems);
  return { stems, firstStems, stemStarts, maxStemWords };
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
  const { stems, firstStems, stemStarts, maxStemWords, names } = index();
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
  const { names, whole, shortCodes } = index();
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
