import { countInHeader, countsInText, type DeclaredCount } from './count.js';
import { parseEntryText } from './entry.js';
import { ENTRY_LINE, unescapeTextLine } from './escape.js';
import { matchHeader, readHeaderInfo, type HeaderMatch } from './header.js';
import { parseIssuerLine } from './issuer.js';
import { englishSpec } from './languages.js';
import { ParseError, type DocumentKind, type ParsedDocument, type ParsedEntry, type ParseWarning } from './types.js';

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

  // The first signatories header names the language, which the issuer line above it is read in.
  let headerIndex = -1;
  let header: HeaderMatch | null = null;
  for (let j = i; j < lines.length && header === null; j++) {
    header = matchHeader(at(j));
    if (header) headerIndex = j;
  }
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
  if (header === null) throw new ParseError('no "Signatories (as of ...):" header found');

  // Body: paragraphs separated by blank lines, each kept with its own line breaks.
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (let j = titleIndex + 1; j < headerIndex; j++) {
    if (at(j) === '') {
      if (current.length > 0) paragraphs.push(current.join('\n'));
      current = [];
    } else {
      current.push(unescapeTextLine(at(j), false, spec));
    }
  }
  if (current.length > 0) paragraphs.push(current.join('\n'));

  // A count in the header ("Unterzeichner (31):") is taken out before the date is read.
  const inHeader = countInHeader(header.info);
  const { asOf, openForSignatures, unrecognizedDate } = readHeaderInfo(inHeader.rest, spec);
  if (unrecognizedDate) warnings.push({ line: headerIndex + 1, message: `unrecognized date in "${header.info}"` });
  const counts: DeclaredCount[] = inHeader.count ? [{ ...inHeader.count, line: headerIndex + 1 }] : [];
  counts.push(...countsInText(lines.slice(titleIndex, headerIndex).map((text, k) => ({ text, line: titleIndex + k + 1 }))));

  const entries: ParsedEntry[] = [];
  for (let j = headerIndex + 1; j < lines.length; j++) {
    const printedAs = at(j);
    if (printedAs === '') continue;
    const line = j + 1;
    const m = ENTRY_LINE.exec(printedAs);
    if (!m) {
      // A line after the list may say how many signed ("Signed by 31 organizations.").
      const count = countsInText([{ text: printedAs, line }]);
      if (count.length === 0) warnings.push({ line, message: 'not a numbered entry; ignored' });
      counts.push(...count);
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

    const parts = parseEntryText(m[2] ?? '', spec.tag);
    if (!parts) {
      warnings.push({ line, message: `entry ${number} has no name; ignored` });
      continue;
    }
    if (parts.country === null) warnings.push({ line, message: `entry ${number}: no country detected` });
    entries.push({ number, line, printedAs, ...parts });
  }
  if (entries.length === 0) throw new ParseError('the signatories list has no entries', headerIndex + 1);
  const declaredCount = counts[0] ?? null;
  for (const other of counts.slice(1)) {
    if (other.count !== declaredCount?.count) warnings.push({ line: other.line, message: `the document also prints "${other.printed}"; the count taken is ${declaredCount?.count ?? ''} (line ${declaredCount?.line ?? ''})` });
  }

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
    warnings,
  };
}
