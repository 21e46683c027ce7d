import { countInHeader, countsInText, type DeclaredCount } from './count.js';
import { parseEntryText } from './entry.js';
import { ENTRY_LINE, unescapeTextLine } from './escape.js';
import { matchHeader, readHeaderInfo, type HeaderMatch } from './header.js';
import { parseIssuerLine } from './issuer.js';
import { englishSpec, LANGUAGES, type LanguageSpec } from './languages.js';
import { groupListLines } from './list-lines.js';
import { ParseError, type DocumentKind, type ParsedDocument, type ParsedEntry, type ParseWarning } from './types.js';

/** The first signatories header from line `from` on, and its index (-1 when there is none). */
function firstHeader(lines: string[], from: number): { header: HeaderMatch | null; headerIndex: number } {
  for (let j = from; j < lines.length; j++) {
    const header = matchHeader((lines[j] ?? '').trim());
    if (header) return { header, headerIndex: j };
  }
  return { header: null, headerIndex: -1 };
}

/** The first count the document prints is the one taken; a different one later is a warning. */
function firstCount(counts: DeclaredCount[], warnings: ParseWarning[]): DeclaredCount | null {
  const declaredCount = counts[0] ?? null;
  for (const other of counts.slice(1)) {
    if (other.count !== declaredCount?.count)
      warnings.push({
        line: other.line,
        message: `the document also prints "${other.printed}"; the count taken is ${declaredCount?.count ?? ''} (line ${declaredCount?.line ?? ''})`,
      });
  }
  return declaredCount;
}

export function parseDocument(text: string): ParsedDocument {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trimEnd());
  const warnings: ParseWarning[] = [];
  const at = (i: number): string => (lines[i] ?? '').trim();
  const nextNonBlank = (from: number): number => {
    let i = from;
    while (i < lines.length && at(i) === '') i++;
    return i;
  };

  let i = nextNonBlank(0);
  if (i >= lines.length) throw new ParseError('the document is empty');
  const firstLine = i;

  // The first signatories header names the language, which the issuer line above it is read in.
  const { header, headerIndex } = firstHeader(lines, i);
  const spec = header?.spec ?? englishSpec();

  let issuer: string | null = null;
  let kind: DocumentKind = 'other';
  // A first line with a backslash before it is the title, escaped (escape.ts).
  const issuerLine = headerIndex === i || at(i).startsWith('\\') ? null : parseIssuerLine(at(i), [spec, englishSpec()]);
  if (issuerLine) {
    ({ issuer, kind } = issuerLine);
    i = nextNonBlank(i + 1);
  }

  if (i >= lines.length || i === headerIndex) {
    throw new ParseError('the document has no title', i < lines.length ? i + 1 : null);
  }
  const title = unescapeTextLine(at(i), issuerLine === null, spec);
  const titleIndex = i;
  if (header === null) throw noHeader(lines);

  const paragraphs = bodyParagraphs(
    lines.slice(titleIndex + 1, headerIndex).map((line) => line.trim()),
    spec,
  );

  // A count in the header ("Unterzeichner (31):") is taken out before the date is read.
  const inHeader = countInHeader(header.info);
  const { asOf, openForSignatures, unrecognizedDate } = readHeaderInfo(inHeader.rest, spec);
  if (unrecognizedDate) warnings.push({ line: headerIndex + 1, message: `unrecognized date in "${header.info}"` });
  const counts: DeclaredCount[] = inHeader.count ? [{ ...inHeader.count, line: headerIndex + 1 }] : [];
  counts.push(
    ...countsInText(lines.slice(titleIndex, headerIndex).map((text, k) => ({ text, line: titleIndex + k + 1 }))),
  );

  const list = groupListLines(lines, headerIndex + 1, { title, issuerLine: issuerLine ? at(firstLine) : null });
  warnings.push(...list.warnings);
  counts.push(...list.counts);
  const entries = parseEntries(list.entries, spec.tag, warnings);
  if (entries.length === 0) throw new ParseError('the signatories list has no entries', headerIndex + 1);
  const declaredCount = firstCount(counts, warnings);

  return {
    language: spec.tag,
    issuer,
    kind,
    title,
    body: paragraphs.join('\n\n').trim(),
    asOf,
    openForSignatures,
    entries,
    declaredCount,
    // In the order of the document's lines.
    warnings: warnings.sort((a, b) => a.line - b.line),
  };
}

/** How many of the document's first lines a refusal for want of a header shows. */
const SHOWN_FIRST_LINES = 8;

/**
 * No line reads as a signatories header: the refusal shows the lines looked at, the document's
 * first lines and the ones right above its first numbered line, where a header would stand.
 */
function noHeader(lines: readonly string[]): ParseError {
  const filled = lines.flatMap((text, i) => (text.trim() === '' ? [] : [{ line: i + 1, text: text.trim() }]));
  const firstEntry = filled.findIndex((l) => ENTRY_LINE.test(l.text));
  const shown = [
    ...filled.slice(0, SHOWN_FIRST_LINES),
    ...(firstEntry > 0 ? filled.slice(Math.max(0, firstEntry - 2), firstEntry + 1) : []),
  ];
  const unique = [...new Map(shown.map((l) => [l.line, l])).values()].sort((a, b) => a.line - b.line);
  const examples = LANGUAGES.map((spec) => `"${spec.headers[0] ?? ''}"`).join(', ');
  return new ParseError(
    `no signatories header found: the numbered list must follow a line such as "Signatories (as of 21 January 2022):" (${examples}, or the other forms docs/imports.md lists), before the numbered entries`,
    null,
    unique,
  );
}

/** The body: paragraphs separated by blank lines, each kept with its own line breaks. */
function bodyParagraphs(lines: readonly string[], spec: LanguageSpec): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line === '') {
      if (current.length > 0) paragraphs.push(current.join('\n'));
      current = [];
    } else {
      current.push(unescapeTextLine(line, false, spec));
    }
  }
  if (current.length > 0) paragraphs.push(current.join('\n'));
  return paragraphs;
}

/** The entries, numbered in order (a gap is a warning, a step back an error); one with no name is left out. */
function parseEntries(
  raws: ReturnType<typeof groupListLines>['entries'],
  language: string,
  warnings: ParseWarning[],
): ParsedEntry[] {
  const entries: ParsedEntry[] = [];
  for (const raw of raws) {
    const { number, lines: span } = raw;
    const line = span[0];
    const previous = entries[entries.length - 1];
    if (previous && number <= previous.number) {
      throw new ParseError(
        `entry number ${number} does not follow ${previous.number} (${number === previous.number ? 'duplicate' : 'out of order'})`,
        line,
      );
    }
    const expected = previous ? previous.number + 1 : 1;
    if (number !== expected) warnings.push({ line, message: `entry number ${number}, expected ${expected}` });

    const parts = parseEntryText(raw.text, language);
    if (!parts) {
      warnings.push({ line, message: `entry ${number} has no name; ignored` });
      continue;
    }
    if (parts.country === null) warnings.push({ line, message: `entry ${number}: no country detected` });
    entries.push({ number, line, lines: span, printedAs: raw.printedAs, ...parts });
  }
  return entries;
}
