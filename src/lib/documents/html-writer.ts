// The published format's text as an HTML page's parts are read into it: paragraphs (headings,
// paragraphs, a list item before the signatories header) with blank lines between them, and
// numbered entries, one a line.
import { ENTRY_LINE } from '../published-list/escape.js';
import { matchHeader } from '../published-list/header.js';
import { isElement, TEXT_NODE, type DomElement, type DomNode } from './dom.js';

/** Elements that are never text. */
export const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'img',
  'picture',
  'button',
  'input',
  'select',
  'textarea',
  'option',
]);

/** Elements that begin a line of their own (the rest run on in the text around them). */
export const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** White space as HTML shows it: runs of it are one space; soft hyphens and zero-width spaces show nothing. */
export const collapse = (text: string) =>
  text
    .replace(/[\u00AD\u200B]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** An element's text on one line: its blocks and line breaks become spaces. */
export function inlineText(element: DomElement): string {
  const parts: string[] = [];
  const visit = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) parts.push(node.textContent ?? '');
    if (!isElement(node) || SKIPPED.has(node.localName)) return;
    const spaced = node.localName === 'br' || BLOCKS.has(node.localName);
    if (spaced) parts.push(' ');
    for (const child of node.childNodes) visit(child);
    if (spaced) parts.push(' ');
  };
  for (const child of element.childNodes) visit(child);
  return collapse(parts.join(''));
}

interface Line {
  text: string;
  entry: boolean;
  /** Within a paragraph (after a <br>): a line break before it, not a blank line. */
  broken: boolean;
}

export class TextWriter {
  readonly #lines: Line[] = [];
  #pending = '';
  /** Whether a signatories header has been written: a bulleted list after it is the list. */
  afterHeader = false;
  /** The number the next entry takes when the page gives it none. */
  next = 1;

  /** Text as the page has it: its line breaks are white space (a <br> is a line break). */
  text(text: string): void {
    this.#pending += text.replace(/[ \t\n\f\r]+/g, ' ');
  }

  lineBreak(): void {
    this.#pending += '\n';
  }

  /** Ends the paragraph being written. */
  flush(): void {
    let first = true;
    for (const raw of this.#pending.split('\n')) {
      const text = collapse(raw);
      if (text === '') continue;
      this.#push(text, !first);
      first = false;
    }
    this.#pending = '';
  }

  /** A paragraph of its own. */
  paragraph(text: string): void {
    this.flush();
    if (text !== '') this.#push(text, false);
  }

  /**
   * An entry numbered `number` (an ordered list's), or (null) by the number its text prints, else
   * the next one. An item that prints its own number as well is not numbered twice.
   */
  entry(number: number | null, text: string): void {
    this.flush();
    const printed = ENTRY_LINE.exec(text)?.[1];
    const own = printed !== undefined && (number === null || Number(printed) === number);
    this.#push(own ? text : `${number ?? this.next}. ${text}`, false);
  }

  #push(text: string, broken: boolean): void {
    const entry = ENTRY_LINE.exec(text);
    if (entry) this.next = Number(entry[1]) + 1;
    else if (matchHeader(text)) this.afterHeader = true;
    this.#lines.push({ text, entry: entry !== null, broken });
  }

  toString(): string {
    this.flush();
    return this.#lines
      .map(
        (line, i) =>
          `${i === 0 ? '' : line.broken || (line.entry && this.#lines[i - 1]?.entry) ? '\n' : '\n\n'}${line.text}`,
      )
      .join('');
  }
}
