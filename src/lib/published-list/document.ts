import { fold } from '../fold.js';
import { parseDate } from './dates.js';
import { isAbbreviationToken, parseEntryText } from './entry.js';
import { ParseError, type DocumentKind, type ParsedDocument, type ParsedEntry, type ParseWarning } from './types.js';

/** Longest phrases first, so "joint declaration" is not read as issuer "... joint". */
const KIND_PHRASES: readonly (readonly [string, DocumentKind])[] = [
  ['joint declaration', 'declaration'],
  ['open letter', 'open-letter'],
  ['declaration', 'declaration'],
  ['resolution', 'resolution'],
  ['petition', 'petition'],
];

/** What formatDocument writes; "statement" is deliberately not a known phrase, so reads back as other. */
export const KIND_WORDS: Record<DocumentKind, string> = {
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
