import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';

/**
 * XML as a conforming parser reads it. saxes checks XML 1.0's character rules (fast-xml-parser's
 * validator and xmldom accept U+0000 or U+FFFE in text); xmldom then gives the tree to look at.
 */
export function parseWellFormed(xml: string): Document {
  const errors: string[] = [];
  if (!xml.isWellFormed()) errors.push('holds an unpaired surrogate');
  const sax = new SaxesParser({ xmlns: true });
  sax.on('error', (error) => errors.push(error.message));
  sax.write(xml).close();
  if (errors.length > 0) throw new Error(`not well-formed XML: ${errors.slice(0, 5).join('; ')}`);
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'application/xml');
}

const isElement = (n: Node): n is Element => n.nodeType === n.ELEMENT_NODE;
export const childElements = (parent: Element | Document, name: string): Element[] =>
  Array.from(parent.childNodes)
    .filter(isElement)
    .filter((e) => e.localName === name);
