// A web page's signatory list: the statement's own content, not the site around it (menus,
// cookie banners, sidebars and footers, which can hold numbered lists of their own), as the
// published format's text. Mozilla's Readability (Firefox's reader view) picks the main content;
// the page's own markup, not Readability's cleaned copy of it, is then read (html-text.ts), so
// that list numbers, headings and tables come through as the page has them.
import { Readability } from '@mozilla/readability';
import { invalid } from '../domain-error.js';
import { ENTRY_LINE } from '../published-list/escape.js';
import { matchHeader } from '../published-list/header.js';
import { depthOf, isDomElement, parsePage, TEXT_NODE, type DomDocument, type DomElement } from './dom.js';
import { elementText } from './html-text.js';
import { collapse } from './html-writer.js';
import type { Extracted } from './types.js';

/** What is never the statement: scripts, controls, what is hidden, and what the page marks as the site's. */
const NEVER = [
  'script',
  'style',
  'noscript',
  'template',
  'button',
  'input',
  'select',
  'textarea',
  '[hidden]',
  '[aria-hidden="true"]',
  'nav',
  'aside',
  'dialog',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="dialog"]',
  '[role="alertdialog"]',
  '[role="search"]',
  '[aria-modal="true"]',
].join(', ');
const CONTENT = 'article, main, [role="main"]';
const COOKIES = /cookie|consent|gdpr|\bcmp/i;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
/**
 * How deep a page may nest: real pages nest some tens deep. Readability took 43 ms at 50, 118 ms
 * at 200, 532 ms at 400 and 7 s at 1,000 (measured here); past 1,000, the page is refused.
 */
const READABILITY_DEPTH = 200;
const MAX_DEPTH = 1_000;
/** Marks each element of the page, so that what Readability keeps of its copy can be found in the page. */
const MARK = 'data-undersigned-node';

/** Takes out of the page what is not its content. */
function prune(page: DomDocument, body: DomElement): void {
  const remove = (elements: Iterable<DomElement>, when: (element: DomElement) => boolean = () => true) => {
    for (const element of [...elements]) if (element !== body && when(element)) element.remove();
  };
  remove(page.querySelectorAll(NEVER));
  // The site's header and footer; an article's own (its title, its date) are the article's.
  remove(page.querySelectorAll('header, footer'), (element) => element.closest(CONTENT) === null);
  // Cookie banners by name; a short one only, never a container of the whole page.
  remove(
    page.querySelectorAll('[id], [class]'),
    (element) =>
      COOKIES.test(`${element.getAttribute('id') ?? ''} ${element.getAttribute('class') ?? ''}`) &&
      (element.textContent ?? '').length < 2_000,
  );
  remove(page.querySelectorAll('[style]'), (element) => HIDDEN_STYLE.test(element.getAttribute('style') ?? ''));
}

/** The marks of the elements a node holds (Readability's serializer: it is given its result's node). */
function marksIn(node: unknown): number[] {
  return isDomElement(node)
    ? [...node.querySelectorAll(`[${MARK}]`)].map((element) => Number(element.getAttribute(MARK)))
    : [];
}

const holdsText = (element: DomElement) =>
  [...element.childNodes].some((node) => node.nodeType === TEXT_NODE && (node.textContent ?? '').trim() !== '');

function ancestors(element: DomElement): DomElement[] {
  const chain: DomElement[] = [];
  for (let at: DomElement | null = element; at; at = at.parentElement) chain.push(at);
  return chain;
}

/** The innermost element holding all of them. */
function commonAncestor(elements: readonly DomElement[], body: DomElement): DomElement {
  const [first, ...rest] = elements;
  if (!first) return body;
  return ancestors(first).find((candidate) => rest.every((element) => candidate.contains(element))) ?? body;
}

/** Where Readability finds the page's main content, in the page itself; with the statement's heading. */
function mainContent(page: DomDocument, body: DomElement): { root: DomElement; title: string | null } {
  const elements = [...body.querySelectorAll('*')];
  elements.forEach((element, i) => element.setAttribute(MARK, String(i)));
  // Readability rewrites the page it reads: it reads a copy.
  const article = new Readability<number[]>(parsePage(page.toString()), {
    serializer: marksIn,
    charThreshold: 200,
  }).parse();
  // What it kept that holds text itself: it also keeps the wrappers around its pick, whose other
  // children (a sidebar it set aside as unlikely content) are still there in the page.
  const kept = (article?.content ?? []).flatMap((mark) => elements[mark] ?? []).filter(holdsText);
  let root = kept.length > 0 ? commonAncestor(kept, body) : ([...body.querySelectorAll(CONTENT)][0] ?? body);
  // Readability leaves out the article's header (the issuer line, the title): the article is the statement.
  root = root.closest(CONTENT) ?? root;
  const headings = [...body.querySelectorAll('h1')];
  const [title] = headings;
  if (title && headings.length === 1 && !root.contains(title)) root = commonAncestor([root, title], body);
  // The statement's heading names it; the page's title often adds the site's name.
  return {
    root,
    title:
      (title && headings.length === 1 ? collapse(title.textContent ?? '') : '') ||
      article?.title?.trim() ||
      page.title.trim() ||
      null,
  };
}

function firstHeading(body: DomElement): string | null {
  const [heading] = body.querySelectorAll('h1, h2');
  return heading ? collapse(heading.textContent ?? '') || null : null;
}

/** Whether the text has a list: entries after a signatories header (or anywhere, when it has none). */
function hasList(text: string): boolean {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => matchHeader(line) !== null);
  return lines.slice(header + 1).some((line) => ENTRY_LINE.test(line));
}

/**
 * The published format's text of an HTML page, and its title. `wholePage`: the page is all
 * content (a Word document's), so no main content is picked.
 */
export function htmlText(html: string, options: { wholePage?: boolean } = {}): Extracted {
  const page = parsePage(html);
  const body = page.body;
  if (!body)
    throw invalid('unparseable-document', 'The HTML has no body.', [{ field: 'body', detail: 'has no <body>' }]);
  prune(page, body);
  const depth = depthOf(body);
  if (depth > MAX_DEPTH) {
    const detail = `its elements nest ${depth} deep, more than the ${MAX_DEPTH} a page is read to`;
    throw invalid('unparseable-document', `The HTML page could not be read: ${detail}.`, [{ field: 'body', detail }]);
  }
  // Readability's time grows with the square of the depth: past it, the page's own markup says where its content is.
  const { root, title } =
    options.wholePage || depth > READABILITY_DEPTH
      ? { root: [...body.querySelectorAll(CONTENT)][0] ?? body, title: firstHeading(body) }
      : mainContent(page, body);
  // When the content Readability picked holds no list, the list is further out: the nearest
  // enclosing element that has one, up to the whole page.
  for (const candidate of ancestors(root)) {
    const text = elementText(candidate);
    if (hasList(text)) return { mediaType: 'text/html', text, ...(title ? { title } : {}) };
    if (candidate === body) break;
  }
  const detail =
    'its content has no list of signatories: no numbered list (<ol>), no list or lines numbered "1." after a signatories header, and no table with a country column';
  throw invalid('unparseable-document', `The HTML page could not be read: ${detail}.`, [{ field: 'body', detail }]);
}
