// A PDF's lines, as positioned on its pages, laid out again as the published format's text: one
// line per paragraph and per numbered entry, blank lines between paragraphs. What the page lays
// out says where a line belongs: an entry's wrapped line starts right of its number (or is no
// numbered line), a paragraph's lines follow at the line spacing, and the running header, footer
// and page number every page repeats are not the document's text.
import { ENTRY_LINE } from '../published-list/escape.js';

/** One line of text on a page; x and y (the baseline, from the bottom) in points, size the font's. */
export interface PdfLine {
  page: number;
  x: number;
  y: number;
  right: number;
  size: number;
  text: string;
}

interface Block {
  entry: boolean;
  lines: PdfLine[];
}

/** "3", "- 3 -", "Page 3 of 5", "Seite 3/5", "3 | 5": a page number and nothing else. */
const PAGE_NUMBER =
  /^(?:(?:page|seite|p\.?|pag\.?|p[aá]gina|sayfa|стр\.?|страница)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:\/|of|von|de|di|sur|из|\|)\s*\d{1,4})?$/i;

/** How many lines at the top and at the bottom of a page may be its running header or footer. */
const MARGIN_LINES = 3;

/**
 * Lines a page repeats in its margins: the same words (numbers aside) at the same height on at
 * least half of the pages, or a page number alone at the top or bottom of a page.
 */
function runningLines(pages: readonly PdfLine[][]): Set<PdfLine> {
  const key = (line: PdfLine) => `${Math.round(line.y)}|${line.text.toLowerCase().replace(/\d+/g, '#')}`;
  const margins = pages.map((lines) => {
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    return byHeight.length <= MARGIN_LINES * 2
      ? byHeight
      : [...byHeight.slice(0, MARGIN_LINES), ...byHeight.slice(-MARGIN_LINES)];
  });
  const pagesWith = new Map<string, number>();
  for (const lines of margins) for (const k of new Set(lines.map(key))) pagesWith.set(k, (pagesWith.get(k) ?? 0) + 1);
  const enough = Math.max(2, Math.ceil(pages.length / 2));
  const running = new Set<PdfLine>();
  for (const lines of margins) {
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    const edges = new Set([byHeight[0], byHeight[1], byHeight.at(-1), byHeight.at(-2)]);
    for (const line of lines) {
      if ((pagesWith.get(key(line)) ?? 0) >= enough || (edges.has(line) && PAGE_NUMBER.test(line.text)))
        running.add(line);
    }
  }
  return running;
}

/** The right edge of a page's longest lines: a paragraph's last line on a page that ends short of it ended there. */
function pageRights(pages: readonly PdfLine[][], running: Set<PdfLine>): Map<number, number> {
  return new Map(
    pages.map((lines) => [
      lines[0]?.page ?? 0,
      Math.max(0, ...lines.filter((l) => !running.has(l)).map((l) => l.right)),
    ]),
  );
}

/**
 * Whether a line ran to the column's edge: the next line's first word would not have fitted
 * after it, so the break was the width's, not the end of a paragraph (measured by the average
 * width of a character of each line).
 */
function ranOn(last: PdfLine, next: PdfLine, right: number): boolean {
  const perCharacter = (last.right - last.x) / Math.max(1, last.text.length);
  const word = next.text.split(' ')[0] ?? '';
  return right - last.right < (word.length + 1) * perCharacter;
}

/** Whether `line` goes on the block `block`, whose last line is `last`. */
function continues(block: Block, last: PdfLine, line: PdfLine, rights: Map<number, number>): boolean {
  const first = block.lines[0] ?? last;
  const size = Math.max(line.size, last.size);
  const tolerance = size * 0.3;
  if (Math.abs(line.size - last.size) > size * 0.15) return false; // a heading, or a footnote
  if (block.entry && line.x < first.x - tolerance) return false; // left of the entry's number
  const indented = line.x > first.x + tolerance;
  const numbered = ENTRY_LINE.test(line.text);
  if (line.page !== last.page) {
    // Across a page break only the layout can tell: a line indented under an entry's number goes
    // on, and so does an unnumbered one when the line before it ran to the right edge.
    return (block.entry && indented) || (!numbered && ranOn(last, line, rights.get(last.page) ?? last.right));
  }
  const gap = last.y - line.y;
  const previous = block.lines.at(-2);
  const spacing = previous && previous.page === last.page ? previous.y - last.y : size * 1.25;
  if (gap <= 0 || gap > spacing + size * 0.4) return false; // a paragraph's gap, or another column
  // A numbered line where the block starts is a new entry; right of it, it is wrapped text.
  return indented || !numbered;
}

/** A block's lines as one line: a line ending in a word's hyphen runs on into the next without a space. */
function joinLines(lines: readonly PdfLine[]): string {
  return lines.reduce(
    (text, line) =>
      text === ''
        ? line.text
        : /[\p{L}\p{N}]-$/u.test(text) && /^\p{L}/u.test(line.text)
          ? text + line.text
          : `${text} ${line.text}`,
    '',
  );
}

/** The published format's text of a PDF's pages. */
export function layOut(pages: readonly PdfLine[][]): string {
  const running = runningLines(pages);
  const rights = pageRights(pages, running);
  const blocks: Block[] = [];
  let last: PdfLine | null = null;
  for (const line of pages.flat()) {
    if (running.has(line)) continue;
    const block = blocks.at(-1);
    if (block && last && continues(block, last, line, rights)) block.lines.push(line);
    else blocks.push({ entry: ENTRY_LINE.test(line.text), lines: [line] });
    last = line;
  }
  return blocks
    .map((block, i) => `${i === 0 ? '' : block.entry && blocks[i - 1]?.entry ? '\n' : '\n\n'}${joinLines(block.lines)}`)
    .join('');
}
