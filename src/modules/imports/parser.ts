import { countryFromName, countryName, detectCountry } from '../../lib/country-detect.js';
import { fold } from '../../lib/fold.js';

/**
 * Parser for published signatory-list documents (ICOR resolutions and the like):
 *
 *   ICOR resolution:
 *   <title>
 *   <body paragraphs>
 *   Signatories (as of 21 January 2022, further signatories possible):
 *   1. PCPCI Parti Communiste Proletarien de Côte d'Ivoire (Proletarian Communist Party of Ivory Coast)
 *   6. PPDS Parti Patriotique Démocratique Socialiste (Patriotic Democratic Socialist Party), Tunisia
 *
 * Pure: text in, structured data out. Everything but the title, the signatories header and
 * at least one entry is optional.
 */

export type DocumentKind = 'resolution' | 'open-letter' | 'declaration' | 'petition' | 'other';

export interface ParsedEntry {
  number: number;
  line: number;
  printedAs: string;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  country: string | null;
  countrySource: 'trailing' | 'name-en' | 'name' | null;
}

export interface ParseWarning {
  line: number;
  message: string;
}

export interface ParsedDocument {
  issuer: string | null;
  kind: DocumentKind;
  title: string;
  body: string;
  asOf: string | null;
  openForSignatures: boolean;
  entries: ParsedEntry[];
  warnings: ParseWarning[];
}

export interface FormatEntry {
  number: number;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  country: string | null;
}

export interface FormatInput {
  issuer: string | null;
  kind: DocumentKind;
  title: string;
  body: string;
  asOf: string | null;
  openForSignatures: boolean;
  entries: FormatEntry[];
}

/**
 * Structural problems that leave nothing trustworthy to import: no title, no signatories
 * header, no entries, or entry numbers that repeat or go backwards. The last one is an error
 * rather than a warning because the printed number identifies an entry; a repeated or
 * decreasing number means a botched copy or two lists merged, and importing it would record
 * signatures nobody can trace back to the document. Gaps only warn (entries are sometimes
 * withdrawn between editions).
 */
export class ParseError extends Error {
  readonly line: number | null;

  constructor(message: string, line: number | null = null) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'ParseError';
    this.line = line;
  }
}

// ---------------------------------------------------------------------------------------------
// Header fields

/** Longest phrases first, so "joint declaration" is not read as issuer "... joint". */
const KIND_PHRASES: readonly (readonly [string, DocumentKind])[] = [
  ['joint declaration', 'declaration'],
  ['open letter', 'open-letter'],
  ['declaration', 'declaration'],
  ['resolution', 'resolution'],
  ['petition', 'petition'],
];

/** What formatDocument writes; "statement" is deliberately not a known phrase, so reads back as other. */
const KIND_WORDS: Record<DocumentKind, string> = {
  resolution: 'resolution',
  'open-letter': 'open letter',
  declaration: 'declaration',
  petition: 'petition',
  other: 'statement',
};

/** An issuer line without a known kind phrase is only believed when it is this short. */
const MAX_UNKNOWN_ISSUER_WORDS = 3;

const HEADER = /^signatories\s*(?:\((.*)\))?\s*:?$/i;
const ENTRY = /^(\d{1,6})\s*[.)]\s*(.*)$/;
const OPEN = /\bfurther\s+signatories\b[^,)]*\bpossible\b/i;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function monthNumber(name: string): number | null {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return null;
  const i = MONTHS.findIndex((m) => m.toLowerCase().startsWith(lower));
  return i < 0 ? null : i + 1;
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "21 January 2022", "January 21, 2022", "21.01.2022" or "2022-01-21" -> "2022-01-21". */
function parseDate(text: string): string | null {
  let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /\b(\d{1,2})\.?\s+([A-Za-z]+\.?)\s+(\d{4})\b/.exec(text);
  if (m) {
    const month = monthNumber(m[2] ?? '');
    if (month !== null) return isoDate(Number(m[3]), month, Number(m[1]));
  }
  m = /\b([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text);
  if (m) {
    const month = monthNumber(m[1] ?? '');
    if (month !== null) return isoDate(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) return iso;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

function parseIssuerLine(line: string): { issuer: string | null; kind: DocumentKind } | null {
  if (!line.endsWith(':') || HEADER.test(line)) return null;
  const words = line.slice(0, -1).trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  for (const [phrase, kind] of KIND_PHRASES) {
    const n = phrase.split(' ').length;
    if (words.length >= n && fold(words.slice(-n).join(' ')) === phrase) {
      const issuer = words.slice(0, -n).join(' ');
      return { issuer: issuer === '' ? null : issuer, kind };
    }
  }
  if (words.length > MAX_UNKNOWN_ISSUER_WORDS) return null;
  // "ICOR statement:" -> issuer ICOR; a lone word is the issuer only if it looks like a name
  // ("ICOR:"), otherwise it is the unknown kind word ("Statement:").
  if (words.length === 1) return { issuer: isAbbreviationToken(words[0] ?? '') ? (words[0] ?? null) : null, kind: 'other' };
  return { issuer: words.slice(0, -1).join(' '), kind: 'other' };
}

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
function splitTrailingCountry(text: string): { rest: string; code: string } | null {
  const comma = lastTopLevelComma(text);
  if (comma < 0) return null;
  const code = countryFromName(text.slice(comma + 1));
  const rest = text.slice(0, comma).trim();
  return code && rest !== '' ? { rest, code } : null;
}

/**
 * Abbreviation-like: at least two letters and either no lower-case letter at all ("CPSA",
 * "CPA/ML", "БКП", "PCR-U") or a short mixed token that opens with two capitals or has a
 * capital after a lower-case letter ("UPC-Manidem", "PR-ByH", "PCdoB"). Ordinary name words
 * ("Communist", "Партия") start with one capital followed by lower case.
 */
function isAbbreviationToken(text: string): boolean {
  if (text.startsWith('(')) return false;
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 2) return false;
  if (!/\p{Ll}/u.test(text)) return true;
  return text.length <= 12 && (/^\p{Lu}{2}/u.test(text) || /\p{Ll}\p{Lu}/u.test(text));
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

// ---------------------------------------------------------------------------------------------
// Document

export function parseDocument(text: string): ParsedDocument {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((l) => l.trimEnd());
  const warnings: ParseWarning[] = [];
  const at = (i: number): string => (lines[i] ?? '').trim();
  const nextNonBlank = (from: number): number => {
    let i = from;
    while (i < lines.length && at(i) === '') i++;
    return i;
  };

  let i = nextNonBlank(0);
  if (i >= lines.length) throw new ParseError('the document is empty');

  let issuer: string | null = null;
  let kind: DocumentKind = 'other';
  const issuerLine = parseIssuerLine(at(i));
  if (issuerLine) {
    ({ issuer, kind } = issuerLine);
    i = nextNonBlank(i + 1);
  }

  if (i >= lines.length || HEADER.test(at(i))) {
    throw new ParseError('the document has no title', i < lines.length ? i + 1 : null);
  }
  const title = at(i);
  const titleIndex = i;

  let headerIndex = -1;
  for (let j = titleIndex + 1; j < lines.length; j++) {
    if (HEADER.test(at(j))) {
      headerIndex = j;
      break;
    }
  }
  if (headerIndex < 0) throw new ParseError('no "Signatories (as of ...):" header found');

  // Body: paragraphs separated by blank lines, each kept with its own line breaks.
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (let j = titleIndex + 1; j < headerIndex; j++) {
    if (at(j) === '') {
      if (current.length > 0) paragraphs.push(current.join('\n'));
      current = [];
    } else {
      current.push(at(j));
    }
  }
  if (current.length > 0) paragraphs.push(current.join('\n'));

  const headerInfo = HEADER.exec(at(headerIndex))?.[1] ?? '';
  const asOf = parseDate(headerInfo);
  if (asOf === null && /\bas of\b/i.test(headerInfo)) {
    warnings.push({ line: headerIndex + 1, message: `unrecognized date in "${headerInfo}"` });
  }
  const openForSignatures = OPEN.test(headerInfo);

  const entries: ParsedEntry[] = [];
  for (let j = headerIndex + 1; j < lines.length; j++) {
    const printedAs = at(j);
    if (printedAs === '') continue;
    const line = j + 1;
    const m = ENTRY.exec(printedAs);
    if (!m) {
      warnings.push({ line, message: 'not a numbered entry; ignored' });
      continue;
    }
    const number = Number(m[1]);
    const previous = entries[entries.length - 1];
    if (previous && number <= previous.number) {
      throw new ParseError(
        `entry number ${number} does not follow ${previous.number} (${number === previous.number ? 'duplicate' : 'out of order'})`,
        line,
      );
    }
    const expected = previous ? previous.number + 1 : 1;
    if (number !== expected) warnings.push({ line, message: `entry number ${number}, expected ${expected}` });

    const parts = parseEntryText(m[2] ?? '');
    if (!parts) {
      warnings.push({ line, message: `entry ${number} has no name; ignored` });
      continue;
    }
    if (parts.country === null) warnings.push({ line, message: `entry ${number}: no country detected` });
    entries.push({ number, line, printedAs, ...parts });
  }
  if (entries.length === 0) throw new ParseError('the signatories list has no entries', headerIndex + 1);

  return {
    issuer,
    kind,
    title,
    body: paragraphs.join('\n\n').trim(),
    asOf,
    openForSignatures,
    entries,
    warnings,
  };
}

/** The country a reader would get from the names alone, as parseDocument derives it. */
function countryFromNames(entry: FormatEntry): string | null {
  return (entry.nameEn === null ? null : detectCountry(entry.nameEn)?.code) ?? detectCountry(entry.name)?.code ?? null;
}

function formatEntry(entry: FormatEntry): string {
  let text = `${entry.number}. ${entry.abbreviation ? `${entry.abbreviation} ` : ''}${entry.name}`;
  if (entry.nameEn) text += ` (${entry.nameEn})`;
  // The trailing country is written only when the names do not already say it, or when a
  // name ending in ", <country>" would otherwise be read as having a trailing country.
  const needsTrailing =
    entry.country !== null &&
    (countryFromNames(entry) !== entry.country || (entry.nameEn === null && splitTrailingCountry(entry.name) !== null));
  if (needsTrailing && entry.country !== null) text += `, ${countryName(entry.country) ?? entry.country}`;
  return text;
}

/** Writes the published format back; parseDocument(formatDocument(doc)) yields the same fields. */
export function formatDocument(doc: FormatInput): string {
  const out: string[] = [];
  if (doc.issuer !== null || doc.kind !== 'other') {
    const kindWord = KIND_WORDS[doc.kind];
    // Without an issuer the kind word opens the line: "Resolution:".
    out.push(doc.issuer === null ? `${kindWord.charAt(0).toUpperCase()}${kindWord.slice(1)}:` : `${doc.issuer} ${kindWord}:`, '');
  }
  out.push(doc.title.trim(), '');
  if (doc.body.trim() !== '') out.push(doc.body.trim(), '');
  const info = [doc.asOf ? `as of ${formatDate(doc.asOf)}` : null, doc.openForSignatures ? 'further signatories possible' : null].filter(
    (p): p is string => p !== null,
  );
  out.push(info.length > 0 ? `Signatories (${info.join(', ')}):` : 'Signatories:', '');
  for (const entry of doc.entries) out.push(formatEntry(entry));
  return `${out.join('\n')}\n`;
}
