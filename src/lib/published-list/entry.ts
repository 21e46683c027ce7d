import { countryFromName, detectCountry } from '../country-detect.js';
import { fold } from '../fold.js';
import { isAbbreviationToken } from './abbreviation.js';
import type { ParsedEntry } from './types.js';

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

/** "..., Tunisia" -> Tunisia; only when the part after the last top-level comma is exactly a country. */
export function splitTrailingCountry(text: string): { rest: string; code: string } | null {
  const comma = lastTopLevelComma(text);
  if (comma < 0) return null;
  const code = countryFromName(text.slice(comma + 1));
  const rest = text.slice(0, comma).trim();
  return code && rest !== '' ? { rest, code } : null;
}

/**
 * Words that mark a name as written in English. Deliberately small and generic: function words
 * and the vocabulary of organization names. Country names and demonyms are neutral (they are
 * the same in many languages), as are abbreviation-like words.
 */
const ENGLISH_WORDS = new Set(
  (
    'a an and at by for from in of on the to with against ' +
    'party parties communist communists socialist socialists socialism communism workers worker working ' +
    'labor labour union unions league organization movement front group groups committee committees council ' +
    'federation alliance association society center centre circle collective coalition network platform ' +
    'initiative revolutionary revolution democratic democracy people peoples popular national proletarian ' +
    'marxist leninist maoist marxism leninism maoism trotskyist bolshevik bolsheviks internationalist ' +
    'international patriotic republican republic red star new united unity youth women struggle liberation ' +
    'solidarity class trade independent line path road flag banner voice dawn spark forward students student ' +
    'farmers peasants action defense defence freedom free progressive left north south east west northern ' +
    'southern eastern western state coordination supporting support anti fascist antifascist'
  ).split(' '),
);

/** More than half of the countable words are English. Empty (nothing countable) is not English. */
function readsEnglish(text: string): boolean {
  let counted = 0;
  let english = 0;
  for (const word of text.split(/[^\p{L}\p{M}]+/u)) {
    if (word.length < 2 || isAbbreviationToken(word) || detectCountry(word)) continue;
    counted++;
    if (ENGLISH_WORDS.has(fold(word))) english++;
  }
  return counted > 0 && english * 2 > counted;
}

/**
 * Is the trailing group "(G)" after name text B an English translation, or a qualifier that
 * belongs to the name? A document only translates names that are not already English, so
 * after an English name ("Communist Party of South Africa (Marxist-Leninist)", "Nepal Communist
 * Party (Mashal)") the group is a qualifier. After a non-English name, a group of several words
 * is the translation ("Rode Morgen (Red Dawn)"); a single word only if it is English, so
 * "Partido Comunista Paraguayo (independiente)" keeps its qualifier.
 */
function isTranslation(before: string, inner: string): boolean {
  if (readsEnglish(before)) return false;
  if (inner.trim().split(/\s+/).length >= 2) return true;
  return readsEnglish(inner);
}

function slice(text: string, tokens: readonly Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? text.slice(first.start, last.end) : '';
}

interface EntryParts {
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  country: string | null;
  countrySource: ParsedEntry['countrySource'];
}

/** Splits "ABBR Name (English), Country" (every part but the name optional). */
export function parseEntryText(raw: string): EntryParts | null {
  let text = raw.trim();
  let country: string | null = null;
  let countrySource: ParsedEntry['countrySource'] = null;
  const trailing = splitTrailingCountry(text);
  if (trailing) {
    text = trailing.rest;
    country = trailing.code;
    countrySource = 'trailing';
  }

  const tokens = topLevelTokens(text);
  if (tokens.length === 0) return null;

  // Abbreviation: the leading abbreviation-like tokens, each taking a parenthesised group right
  // after it ("CPI (ML)", "BP (NK-T)", "NCP (Mashal)"). If that leaves no name, or only a
  // parenthesised group, there is no abbreviation: the name is the one thing an entry must have.
  let abbrEnd = 0;
  while (abbrEnd < tokens.length && isAbbreviationToken(tokens[abbrEnd]?.text ?? '')) {
    abbrEnd++;
    if (tokens[abbrEnd]?.group && abbrEnd + 1 < tokens.length) abbrEnd++;
  }
  const restAfterAbbr = tokens.length - abbrEnd;
  if (restAfterAbbr === 0 || (restAfterAbbr === 1 && tokens[abbrEnd]?.group)) abbrEnd = 0;
  const abbrTokens = tokens.slice(0, abbrEnd);
  let nameTokens = tokens.slice(abbrEnd);

  // English name: the last top-level group, when it is a translation (see isTranslation).
  let nameEn: string | null = null;
  const lastToken = nameTokens[nameTokens.length - 1];
  if (lastToken?.group && nameTokens.length >= 2) {
    const before = slice(text, nameTokens.slice(0, -1));
    const inner = lastToken.text.slice(1, -1).trim();
    if (inner !== '' && isTranslation(before, inner)) {
      nameEn = inner;
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
    const fromEn = nameEn === null ? null : detectCountry(nameEn);
    const fromName = fromEn ? null : detectCountry(name);
    country = fromEn?.code ?? fromName?.code ?? null;
    countrySource = fromEn ? 'name-en' : fromName ? 'name' : null;
  }

  return {
    abbreviation: abbrTokens.length > 0 ? slice(text, abbrTokens) : null,
    name,
    nameEn,
    country,
    countrySource,
  };
}

