// An element of a page as the published format's text: headings and paragraphs become lines,
// ordered lists numbered entries (honouring `start`, `reversed` and each item's `value`), a
// bulleted list after the signatories header the list too, tables of signatories one entry a row.
import { isElement, TEXT_NODE, type DomElement, type DomNode } from './dom.js';
import { writeTable } from './html-table.js';
import { BLOCKS, inlineText, SKIPPED, TextWriter } from './html-writer.js';

const integer = (value: string | null): number | null =>
  value !== null && /^\s*-?\d{1,6}\s*$/.test(value) ? Number(value) : null;

function writeList(list: DomElement, out: TextWriter): void {
  const ordered = list.localName === 'ol';
  const items = [...list.childNodes].filter(isElement).filter((child) => child.localName === 'li');
  const reversed = ordered && list.hasAttribute('reversed');
  let number = integer(list.getAttribute('start')) ?? (reversed ? items.length : 1);
  for (const item of items) {
    number = integer(item.getAttribute('value')) ?? number;
    const text = inlineText(item);
    // A bulleted list in the text before the signatories (demands, say) stays text.
    if (text !== '') {
      if (ordered) out.entry(number, text);
      else if (out.afterHeader) out.entry(null, text);
      else out.paragraph(text);
    }
    number += reversed ? -1 : 1;
  }
}

function write(node: DomNode, out: TextWriter): void {
  if (node.nodeType === TEXT_NODE) out.text(node.textContent ?? '');
  if (!isElement(node) || SKIPPED.has(node.localName)) return;
  const name = node.localName;
  if (name === 'br') return out.lineBreak();
  if (name === 'ol' || name === 'ul' || name === 'menu') {
    out.flush();
    return writeList(node, out);
  }
  if (name === 'pre') {
    out.flush();
    // Preformatted text (a list pasted as it was typed) keeps its lines and its blank lines.
    for (const line of (node.textContent ?? '').split('\n')) {
      if (line.trim() === '') out.flush();
      else {
        out.text(line);
        out.lineBreak();
      }
    }
    return out.flush();
  }
  const block = BLOCKS.has(name);
  if (block) out.flush();
  if (name === 'table' && writeTable(node, out)) return;
  for (const child of node.childNodes) write(child, out);
  if (block) out.flush();
}

/** The element's text in the published format. */
export function elementText(element: DomElement): string {
  const out = new TextWriter();
  write(element, out);
  return out.toString();
}
