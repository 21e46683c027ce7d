// The part of the DOM the HTML reader uses, typed here: linkedom's declarations name the
// browser's DOM types, which the server's code is compiled without (tsconfig.json has no "DOM").
import { parseHTML } from 'linkedom';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: Iterable<DomNode>;
  readonly parentElement: DomElement | null;
}

export interface DomElement extends DomNode {
  readonly localName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selectors: string): Iterable<DomElement>;
  closest(selectors: string): DomElement | null;
  contains(other: DomNode): boolean;
  remove(): void;
}

export interface DomDocument {
  readonly body: DomElement | null;
  readonly title: string;
  querySelectorAll(selectors: string): Iterable<DomElement>;
  toString(): string;
}

export const isElement = (node: DomNode): node is DomElement => node.nodeType === ELEMENT_NODE;

/** An element handed over by a library typed for the browser's DOM (Readability's serializer). */
export function isDomElement(value: unknown): value is DomElement {
  return (
    typeof value === 'object' &&
    value !== null &&
    'nodeType' in value &&
    value.nodeType === ELEMENT_NODE &&
    'querySelectorAll' in value &&
    typeof value.querySelectorAll === 'function'
  );
}

function isDomDocument(value: unknown): value is DomDocument {
  return (
    typeof value === 'object' && value !== null && 'querySelectorAll' in value && 'body' in value && 'title' in value
  );
}

/** A parsed page. A fragment (no <html> or <body>) is read as a page's body. */
export function parsePage(html: string): DomDocument {
  const page = /<(?:html|body)[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const parsed: unknown = parseHTML(page).document;
  if (!isDomDocument(parsed)) throw new Error('linkedom returned no document');
  return parsed;
}

/** How deep elements nest below `root` (counted without recursion: a hostile page nests deeper than the stack). */
export function depthOf(root: DomElement): number {
  let deepest = 0;
  const stack: [DomElement, number][] = [[root, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [element, depth] = next;
    deepest = Math.max(deepest, depth);
    for (const child of element.childNodes) if (isElement(child)) stack.push([child, depth + 1]);
  }
  return deepest;
}
