import { fold } from '../fold.js';
import { countsInText, type DeclaredCount } from './count.js';
import { ENTRY_LINE } from './escape.js';
import { ParseError, type ParseWarning, type ShownLine } from './types.js';

/**
 * The lines after the signatories header, grouped into entries. Lists copied out of web pages and
 * PDFs wrap long entries over several lines, with or without indentation, and across page breaks
 * (a page number or a running header in between):
 *
 *   1. ҚЖҚ Қазақстан жұмысшылар
 *   қозғалысы (Рабочее движение
 *   Казахстана), Казахстан
 *
 * A line that continues an entry joins it; page furniture is dropped with a warning. A line that
 * might continue an entry or might stand apart (a capitalized line after an entry that looks
 * complete) is never guessed: keeping the entry cut off, or gluing a heading to it, would both
 * store a wrong record, so the document is refused showing the lines, for whoever imports it to
 * join or separate them.
 */

export interface RawEntry {
  number: number;
  /** The entry's text after its number, its lines joined. */
  text: string;
  /** Its lines as printed, joined the same way. */
  printedAs: string;
  /** 1-based first and last line. */
  lines: [number, number];
}

export interface ListLines {
  entries: RawEntry[];
  warnings: ParseWarning[];
  counts: DeclaredCount[];
}

/** What a page break leaves in copied text: the document's title or issuer line repeated at the top of a page. */
export interface RunningHeads {
  title: string;
  issuerLine: string | null;
}

/**
 * A lone page number ("3", "- 3 -", "— 12 —") or a page label ("Page 2 of 5", "Seite 2 von 5",
 * "Página 2 de 5", "Pagina 2 di 5", "Sayfa 2/5", "Стр. 2", "Страница 2 из 5", "2/5"), folded.
 */
const PAGE_LABEL =
  /^[-–—]?\s*(?:(?:page|p|seite|s|pagina|pag|sayfa|str|stranitsa)\.?\s*)?\d{1,4}(?:\s*(?:\/|of|von|de|di|sur|iz)\s*\d{1,4})?\s*[-–—]?$/u;

/** Words that join two parts of a name and never end one, in the eight languages (lower case: "Die" may start a name). */
const CONNECTORS =
  'of|the|and|for|de|du|des|la|le|les|pour|et|der|die|das|und|für|von|del|y|e|da|do|dos|di|della|dei|per|ve|için|и|в|на|за|по|для';

/** A text that ends mid-phrase: an open bracket, a dash, a comma, or a connecting word. */
const ENDS_OPEN = new RegExp(`(?:[-–—,/&+(]|(?:^|\\s)(?:${CONNECTORS}))$`, 'u');

/** A line that goes on from the one above: a closing bracket, a comma, or a connecting word. */
const STARTS_CONNECTED = new RegExp(`^(?:[),;]|(?:${CONNECTORS})\\s)`, 'u');

/** A line that starts mid-phrase: a closing bracket, a comma, a dash, a lower-case letter. */
const STARTS_MID = /^[),;–—\-/&+\p{Ll}]/u;

/** Prose or a heading, which an organization's name never is: a sentence, an address, a line ending in a colon. */
const PROSE = /[.!?:]$|https?:\/\/|www\.|\S@\S/u;

const indentOf = (raw: string): number => (/^[ \t\u00a0]*/.exec(raw)?.[0] ?? '').replace(/\t/g, '    ').length;

function unbalanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
  }
  return depth > 0;
}

/** "Marxist-" + "Leninist" is one word again; anything else is joined by a space. */
const joined = (before: string, after: string): string =>
  /\p{L}-$/u.test(before) && /^\p{L}/u.test(after) ? `${before}${after}` : `${before} ${after}`;

function furniture(text: string, heads: RunningHeads): string | null {
  const folded = fold(text);
  if (PAGE_LABEL.test(folded)) return 'a page number';
  if (folded === fold(heads.title) || (heads.issuerLine !== null && folded === fold(heads.issuerLine)))
    return "a running header (the document's title repeated)";
  return null;
}

interface Open {
  entry: RawEntry;
  /** Indentation of its first line. */
  indent: number;
}

/**
 * Groups lines[start..] (raw, trailing white space removed) into entries. Line numbers are
 * 1-based. Throws a ParseError showing the lines when a line cannot be placed.
 */
export function groupListLines(lines: readonly string[], start: number, heads: RunningHeads): ListLines {
  const entries: RawEntry[] = [];
  const warnings: ParseWarning[] = [];
  const counts: DeclaredCount[] = [];
  const unplaced: ShownLine[][] = [];
  let open: Open | null = null;
  /** A blank line or page furniture since the open entry's last line. */
  let broken = false;
  const isEntryLine = (i: number): boolean => ENTRY_LINE.test((lines[i] ?? '').trim());
  const entryFollows = (from: number): boolean => {
    for (let i = from; i < lines.length; i++) if (isEntryLine(i)) return true;
    return false;
  };

  for (let i = start; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const text = raw.trim();
    const line = i + 1;
    if (text === '') {
      broken = true;
      continue;
    }
    const m = ENTRY_LINE.exec(text);
    if (m) {
      const entry: RawEntry = { number: Number(m[1]), text: m[2] ?? '', printedAs: text, lines: [line, line] };
      entries.push(entry);
      open = { entry, indent: indentOf(raw) };
      broken = false;
      continue;
    }
    const dropped = furniture(text, heads);
    if (dropped !== null) {
      warnings.push({
        line,
        message: `${dropped} ("${text}") dropped${open ? ` inside entry ${open.entry.number}` : ''}`,
      });
      broken = true;
      continue;
    }
    const placed = open ? place(open, text, indentOf(raw) > open.indent, broken, entryFollows(i + 1)) : 'apart';
    if (open && placed === 'join') {
      open.entry.text = joined(open.entry.text, text);
      open.entry.printedAs = joined(open.entry.printedAs, text);
      open.entry.lines[1] = line;
      broken = false;
      continue;
    }
    // A line after the list may say how many signed ("Signed by 31 organizations.").
    const count = countsInText([{ text, line }]);
    counts.push(...count);
    if (count.length > 0) continue;
    if (open && placed === 'unsure') {
      unplaced.push([
        { line: open.entry.lines[0], text: open.entry.printedAs },
        { line, text },
      ]);
      continue;
    }
    warnings.push({ line, message: 'not a numbered entry; ignored' });
  }
  if (unplaced.length > 0) throw unplacedLines(unplaced);
  return { entries, warnings, counts };
}

/**
 * Whether a line continues the open entry: it does when the entry is left mid-phrase (an open
 * bracket, a trailing "of", "pour", "-") or the line goes on with a connecting word ("of
 * Germany"), across a page break too. A line ending in a colon is a heading. Between two
 * entries a line that starts in lower case, is indented, or has a bracket or a comma is a wrapped
 * name (a heading has none of these); other lines there are unsure, however many words they
 * have ("Parties and organizations of Europe" may be a heading). After
 * the last entry, prose and lines set off by a blank line stand apart (a footer), lines right
 * under it that start in lower case or are indented join it, and others are unsure.
 */
function place(
  open: Open,
  text: string,
  indented: boolean,
  broken: boolean,
  between: boolean,
): 'join' | 'apart' | 'unsure' {
  const current = open.entry.text;
  if (unbalanced(current) || ENDS_OPEN.test(current) || STARTS_CONNECTED.test(text)) return 'join';
  if (text.endsWith(':')) return 'apart';
  const startsMid = STARTS_MID.test(text);
  if (between) return startsMid || indented || /[(,]/u.test(text) ? 'join' : 'unsure';
  if (PROSE.test(text) && !startsMid) return 'apart';
  if (!broken && (startsMid || indented)) return 'join';
  return broken && !indented ? 'apart' : 'unsure';
}

/** The lines that may continue the entry above or stand apart: the user decides, never a guess. */
function unplacedLines(unplaced: ShownLine[][]): ParseError {
  const first = unplaced[0]?.[1];
  return new ParseError(
    `${unplaced.length === 1 ? 'a line' : `${unplaced.length} lines`} may continue the entry above or stand apart (${unplaced
      .map((pair) => `line ${pair[1]?.line ?? ''} after entry line ${pair[0]?.line ?? ''}`)
      .join(
        ', ',
      )}): join each to its entry's line if it continues the entry, or remove it (after the list, a blank line before it sets it apart)`,
    first?.line ?? null,
    unplaced.flat(),
  );
}
