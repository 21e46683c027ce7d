import { countryFromName, detectCountry } from '../country-detect.js';
import { fold } from '../fold.js';
import { isAbbreviationToken } from './abbreviation.js';
import { LANGUAGES } from './languages.js';
import type { ParsedEntry } from './types.js';
import { languageOf, languageScores, readsIn } from './vocabulary.js';

export { isAbbreviationToken };

// ---------------------------------------------------------------------------------------------
// Entries

interface Token {
  text: string;
  start: number;
  end: number;
  /** A whole balanced "( ... )" group. */
  group: boolean;
}

/** Splits on white space outside parentheses, so nested groups stay one token. */
function topLevelTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let start = -1;
  const close = (end: number): void => {
    if (start < 0) return;
    const t = text.slice(start, end);
    tokens.push({ text: t, start, end, group: t.startsWith('(') && matchingParen(t, 0) === t.length - 1 });
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (depth === 0 && /\s/.test(ch)) {
      close(i);
      continue;
    }
    if (start < 0) start = i;
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
  }
  close(text.length);
  return tokens;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function lastTopLevelComma(text: string): number {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (ch === ',' && depth === 0) last = i;
  }
  return last;
}

/** What joins two countries in a trailing ", Germany/Austria": a slash, an ampersand, a plus, or "and" in any of the languages. */
let countrySeparator: RegExp | undefined;
function separator(): RegExp {
  countrySeparator ??= new RegExp(
    `\\s*(?:[/&+]|\\s(?:${[...new Set(LANGUAGES.flatMap((spec) => spec.and))].join('|')})\\s)\\s*`,
    'iu',
  );
  return countrySeparator;
}

/** "Germany", "Germany/Austria", "Deutschland und Österreich" -> their codes; null unless every part is a country. */
function countriesNamed(text: string): string[] | null {
  // A whole name first: "Bosnia and Herzegovina", "Trinidad y Tobago", "São Tomé e Príncipe" are one country.
  const whole = countryFromName(text);
  if (whole) return [whole];
  const parts = text.split(separator());
  if (parts.length < 2) return null;
  const codes = parts.map((part) => countryFromName(part));
  return codes.every((code): code is string => code !== null) ? [...new Set(codes)] : null;
}

/**
 * "..., Tunisia" -> [TN]; "..., Germany/Austria" and "..., Germany, Austria" -> [DE, AT]: only
 * when each part after the last top-level commas is a country, and a name is left before them.
 */
export function splitTrailingCountry(text: string): { rest: string; codes: string[] } | null {
  let rest = text;
  let codes: string[] = [];
  for (;;) {
    const comma = lastTopLevelComma(rest);
    if (comma < 0) break;
    const named = countriesNamed(rest.slice(comma + 1));
    const before = rest.slice(0, comma).trim();
    if (!named || before === '') break;
    codes = [...named, ...codes.filter((c) => !named.includes(c))];
    rest = before;
  }
  return codes.length > 0 ? { rest, codes } : null;
}

/**
 * Is the trailing group "(G)" after name text B a translation, or a qualifier that belongs to
 * the name? Returns the translation's language, or null for a qualifier.
 *
 * A list translates names into its own language (lang), and English translations turn up in
 * every language's lists, so a group that reads as either is a translation unless the name
 * already reads as that language: "Communist Party of South Africa (Marxist-Leninist)" and
 * "Kommunistische Partei Deutschlands (Marxisten-Leninisten)" keep their qualifiers, while
 * "Rode Morgen (Red Dawn)" and "Rode Morgen (Rote Morgenröte)" are translated.
 *
 * A group that reads as neither is a translation into lang only when it has several words, the
 * name reads as neither, and the group leans no more to the name's own language than to lang:
 * "Bolşevik Parti (Kuzey Kürdistan-Türkiye)" and "Partido Comunista Paraguayo (independiente)"
 * keep their qualifiers.
 */
function translationLanguage(before: string, inner: string, lang: string): string | null {
  const readers = lang === 'en' ? ['en'] : [lang, 'en'];
  const innerLang = readers.find((l) => readsIn(inner, l)) ?? null;
  if (innerLang !== null) return readsIn(before, innerLang) ? null : innerLang;
  if (inner.trim().split(/\s+/).length < 2) return null;
  if (readers.some((l) => readsIn(before, l))) return null;
  // More of the name's own language than of lang: a qualifier ("Kuzey Kürdistan-Türkiye").
  const beforeLang = languageOf(before);
  const innerScores = languageScores(inner);
  return beforeLang !== null && (innerScores.get(beforeLang) ?? 0) > (innerScores.get(lang) ?? 0) ? null : lang;
}

function slice(text: string, tokens: readonly Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? text.slice(first.start, last.end) : '';
}

export type EntryParts = Pick<
  ParsedEntry,
  'abbreviation' | 'name' | 'nameEn' | 'translation' | 'country' | 'countries' | 'countrySource'
>;

/**
 * Where the abbreviation ends: the leading abbreviation-like tokens, each taking a parenthesised
 * group right after it ("CPI (ML)", "BP (NK-T)", "NCP (Mashal)"). If that leaves no name, or only
 * a parenthesised group, there is no abbreviation: the name is the one thing an entry must have.
 */
function abbreviationEnd(tokens: readonly Token[]): number {
  let end = 0;
  while (end < tokens.length && isAbbreviationToken(tokens[end]?.text ?? '')) {
    end++;
    if (tokens[end]?.group && end + 1 < tokens.length) end++;
  }
  const rest = tokens.length - end;
  return rest === 0 || (rest === 1 && tokens[end]?.group) ? 0 : end;
}

/**
 * Splits "ABBR Name (Translation), Country" (every part but the name optional), read as a list
 * in lang (a BCP 47 tag) writes it: the translation in lang or English, the country in any.
 */
export function parseEntryText(raw: string, lang = 'en'): EntryParts | null {
  let text = raw.trim();
  let country: string | null = null;
  let countries: string[] = [];
  let countrySource: ParsedEntry['countrySource'] = null;
  const trailing = splitTrailingCountry(text);
  if (trailing) {
    text = trailing.rest;
    countries = trailing.codes;
    country = countries[0] ?? null;
    countrySource = 'trailing';
  }

  const tokens = topLevelTokens(text);
  if (tokens.length === 0) return null;

  const abbrEnd = abbreviationEnd(tokens);
  const abbrTokens = tokens.slice(0, abbrEnd);
  let nameTokens = tokens.slice(abbrEnd);

  // Translated name: the last top-level group, when it is a translation (see translationLanguage).
  let translation: EntryParts['translation'] = null;
  const lastToken = nameTokens[nameTokens.length - 1];
  if (lastToken?.group && nameTokens.length >= 2) {
    const before = slice(text, nameTokens.slice(0, -1));
    const inner = lastToken.text.slice(1, -1).trim();
    const translatedInto = inner === '' ? null : translationLanguage(before, inner, lang);
    if (translatedInto !== null) {
      translation = { lang: translatedInto, name: inner };
      nameTokens = nameTokens.slice(0, -1);
    }
  }

  // An abbreviation may end in words the name repeats at its end: "CPI (ML) Red Star Communist
  // Party of India (Marxist-Leninist) Red Star". When the name both starts and ends with the same
  // k words (longest k, leaving a name longer than the repeat), the leading copy belongs to the
  // abbreviation.
  if (abbrTokens.length > 0) {
    const key = (ts: readonly Token[]): string => ts.map((t) => fold(t.text)).join(' ');
    for (let k = Math.floor((nameTokens.length - 1) / 2); k >= 1; k--) {
      if (key(nameTokens.slice(0, k)) === key(nameTokens.slice(-k))) {
        abbrTokens.push(...nameTokens.slice(0, k));
        nameTokens = nameTokens.slice(k);
        break;
      }
    }
  }

  let name = slice(text, nameTokens);
  // A lone "(...)" left as the name: keep the words, not the brackets.
  if (nameTokens.length === 1 && nameTokens[0]?.group) name = name.slice(1, -1).trim();
  if (name === '') return null;

  if (country === null) {
    const fromTranslation = translation === null ? null : detectCountry(translation.name);
    const fromName = fromTranslation ? null : detectCountry(name);
    country = fromTranslation?.code ?? fromName?.code ?? null;
    countries = country === null ? [] : [country];
    countrySource = fromTranslation
      ? translation?.lang === 'en'
        ? 'name-en'
        : 'translation'
      : fromName
        ? 'name'
        : null;
  }

  return {
    abbreviation: abbrTokens.length > 0 ? slice(text, abbrTokens) : null,
    name,
    nameEn: translation?.lang === 'en' ? translation.name : null,
    translation,
    country,
    countries,
    countrySource,
  };
}
