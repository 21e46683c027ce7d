import { create } from 'xmlbuilder2';

/**
 * Every XML document the API writes (Atom feeds, GraphML) is made with these two. XML 1.0 cannot
 * hold every string: C0 controls other than tab, LF and CR, U+FFFE/U+FFFF and unpaired
 * surrogates make a document ill-formed, and stored text (an event's note, a name) may hold them.
 * xmlbuilder2 replaces each such character in text and attribute values with U+FFFD, so a reader
 * sees that something was there and the document still parses.
 */
export const XML_REPLACEMENT = '\uFFFD';

export const xmlDocument = () => create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: XML_REPLACEMENT });

/**
 * What to give xmlbuilder2's txt() and attributes so that a reader gets `value` back. Its
 * serializer leaves an ampersand alone when it starts something shaped like a reference (`&foo;`,
 * `&#0;`), so stored text could name an undefined entity or a forbidden character (ill-formed), or
 * smuggle markup through a character reference (`&#60;script`). Escaping every ampersand first
 * leaves only `&amp;` for it to keep.
 */
export const xmlText = (value: string) => value.replaceAll('&', '&amp;');
