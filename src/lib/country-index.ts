/**
 * The index country-detect.ts reads country names by: every name of every country (from data,
 * country-names.ts) as folded words, and each list language's names as stems.
 *
 * Building it reads some 20,000 names and takes about 0.3 s of a fresh thread's time, which
 * every import worker started for a long list used to pay first. So `npm run build` writes it
 * once, as dist/lib/country-index.json, and a thread loads that in a few milliseconds. The file
 * is used only if it was built from the same packages by the same Node (its ICU data gives
 * CLDR's names); anywhere else, tests under tsx among them, the index is built on first use.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { fold } from './fold.js';
import { nameTiers, namesByLanguage, stem, STEM_LANGUAGES } from './country-names.js';

export interface Token {
  key: string;
  /** Written in Latin script; keys only match tokens of their own script (see below). */
  latin: boolean;
  start: number;
  end: number;
}

export interface CountryIndex {
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
/** Letters of a stem's start that a word must share to be stemmed (fewer than any stem has). */
export const STEM_START = 4;

export const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN_WORD = /^[\p{Script=Latin}\p{M}\p{N}]+$/u;
const CYRILLIC_WORD = /^[\p{Script=Cyrillic}\p{M}]+$/u;

export function tokenize(text: string): Token[] {
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
export function indexKey(tokens: readonly Token[]): string {
  return (tokens.every((t) => t.latin) ? 'L ' : 'X ') + tokens.map((t) => t.key).join(' ');
}

/** Which list languages stem a word: Russian the Cyrillic ones, the others the Latin ones. */
export const stemmersFor = (word: string): readonly string[] =>
  CYRILLIC_WORD.test(word) ? ['ru'] : LATIN_WORD.test(word) ? STEM_LANGUAGES.filter((l) => l !== 'ru') : [];

/** Remembered per language and word: a long list repeats its words. Bounded, then started afresh. */
const stemmed = new Map<string, string>();
export function stemKey(tag: string, word: string): string {
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
export function stemmedRun(tag: string, words: readonly string[]): string | null {
  const stems = words.map((w) => stemKey(tag, w));
  const letters = stems.join('').length;
  const min = words.every((w) => CYRILLIC_WORD.test(w)) ? MIN_CYRILLIC_STEM_LETTERS : MIN_STEM_LETTERS;
  return letters >= min && stems.every((s) => s !== '') ? `${tag} ${stems.join(' ')}` : null;
}

export function buildIndex(): CountryIndex {
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

/** Where `npm run build` writes the index: beside this module in dist/. */
export const INDEX_FILE = new URL('./country-index.json', import.meta.url);

/**
 * The packages the names and their folding come from (country-names.ts, fold.ts), each by a
 * module it exports: a package's own package.json is not always exported.
 */
const SOURCES: readonly (readonly [name: string, module: string])[] = [
  ['i18n-iso-countries', 'i18n-iso-countries'],
  ['world-countries', 'world-countries/countries.json'],
  ['i18n-nationality', 'i18n-nationality/langs/en.json'],
  ['@orama/stemmers', '@orama/stemmers/english'],
  ['any-ascii', 'any-ascii'],
];

const packageJson = z.object({ name: z.string().optional(), version: z.string().optional() });

/** The installed version of a package: from the nearest package.json of that name above one of its modules. */
function installedVersion(name: string, module: string): string {
  try {
    for (let dir = new URL('.', import.meta.resolve(module)); ; dir = new URL('..', dir)) {
      const file = new URL('package.json', dir);
      if (existsSync(file)) {
        const found = packageJson.safeParse(parseJson(readFileSync(file, 'utf8')));
        if (found.success && found.data.name === name) return found.data.version ?? 'unknown';
      }
      if (new URL('..', dir).href === dir.href) return 'unknown';
    }
  } catch {
    return 'unknown';
  }
}

/** What the index was built from: the packages' data, and the ICU data of Node (CLDR's names). */
const builtBy = (): string =>
  [
    `node ${process.version}, icu ${process.versions.icu ?? 'none'}, unicode ${process.versions.unicode ?? 'none'}`,
    ...SOURCES.map(([name, module]) => `${name} ${installedVersion(name, module)}`),
  ].join(', ');

/** The index as JSON: each map and set as its entries, with what built it. Checked on load: a file can be cut short. */
const entry = z.tuple([z.string(), z.string().nullable()]);
const storedIndex = z.object({
  builtBy: z.string(),
  names: z.array(entry),
  whole: z.array(entry),
  shortCodes: z.array(z.tuple([z.string(), z.string()])),
  stems: z.array(entry),
  firstStems: z.array(z.string()),
  stemStarts: z.array(z.string()),
  maxStemWords: z.number().int(),
  maxWords: z.number().int(),
});
type StoredIndex = z.infer<typeof storedIndex>;

/** Writes the index built here to `file` (the build's step; see scripts/build-if-changed.mjs). */
export function writeIndexFile(file: URL | string = INDEX_FILE): void {
  const index = buildIndex();
  const stored: StoredIndex = {
    builtBy: builtBy(),
    names: [...index.names],
    whole: [...index.whole],
    shortCodes: [...index.shortCodes],
    stems: [...index.stems],
    firstStems: [...index.firstStems],
    stemStarts: [...index.stemStarts],
    maxStemWords: index.maxStemWords,
    maxWords: index.maxWords,
  };
  writeFileSync(file, JSON.stringify(stored));
}

/** Whether `file` holds an index built as this thread would build it (`npm start` writes it again if not). */
export function indexFileFits(file: URL | string = INDEX_FILE): boolean {
  try {
    const stored = z.object({ builtBy: z.string() }).safeParse(parseJson(readFileSync(file, 'utf8')));
    return stored.success && stored.data.builtBy === builtBy();
  } catch {
    return false;
  }
}

/** The index in `file`, or null when there is none, or it was built by another Node, or it cannot be read. */
export function readIndexFile(file: URL | string = INDEX_FILE): CountryIndex | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const parsed = storedIndex.safeParse(parseJson(text));
  if (!parsed.success || parsed.data.builtBy !== builtBy()) return null;
  const stored = parsed.data;
  return {
    names: new Map(stored.names),
    whole: new Map(stored.whole),
    shortCodes: new Map(stored.shortCodes),
    stems: new Map(stored.stems),
    firstStems: new Set(stored.firstStems),
    stemStarts: new Set(stored.stemStarts),
    maxStemWords: stored.maxStemWords,
    maxWords: stored.maxWords,
  };
}

/** JSON.parse, with text that is not JSON as undefined (which the schema then refuses). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

let cached: CountryIndex | undefined;

/** The index: the build's file when it fits this Node, else built here, once per thread. */
export function countryIndex(): CountryIndex {
  cached ??= readIndexFile() ?? buildIndex();
  return cached;
}
