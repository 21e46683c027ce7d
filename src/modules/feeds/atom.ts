import type { Feed } from 'feed';
import type { SignedTreeHead } from '../log/schemas.js';
import { xmlDocument, xmlText } from '../../lib/xml.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** Foreign markup (RFC 4287 §6): readers that do not know it skip it, archivers keep it. */
const LOG_NS = 'urn:undersigned:log';

/**
 * The feed as Atom (RFC 4287), written with xmlbuilder2 through the shared XML helper rather
 * than the `feed` package's atom1(): that one marks every entry title `type="html"` and puts it in
 * CDATA unescaped, so a title or abbreviation holding markup reached feed readers as HTML, and a
 * control character in any field made the document ill-formed. Titles and the subtitle are text
 * constructs (`type="text"`, escaped); only the content is HTML, and that HTML is ours (feed.ts
 * escapes every value in it).
 */
export function atomFeed(feed: Feed, treeHead: SignedTreeHead): string {
  const { options } = feed;
  const root = xmlDocument().ele(ATOM_NS, 'feed');
  if (options.language) root.att('xml:lang', xmlText(options.language));
  root.ele('id').txt(xmlText(options.id ?? options.link ?? ''));
  root.ele('title', { type: 'text' }).txt(xmlText(options.title));
  root.ele('updated').txt((options.updated ?? new Date(0)).toISOString());
  if (typeof options.generator === 'string') root.ele('generator').txt(xmlText(options.generator));
  if (options.author?.name) root.ele('author').ele('name').txt(xmlText(options.author.name));
  if (options.link) root.ele('link', { rel: 'alternate', href: xmlText(options.link) });
  if (options.feedLinks?.atom) root.ele('link', { rel: 'self', href: xmlText(String(options.feedLinks.atom)) });
  if (options.description) root.ele('subtitle', { type: 'text' }).txt(xmlText(options.description));
  // The log's signed head, as GET /v1/log/head gives it (JSON), so that whoever keeps the feed keeps a head.
  root
    .ele(LOG_NS, 'log:treeHead', { size: String(treeHead.size), root: treeHead.root, time: treeHead.time })
    .txt(xmlText(JSON.stringify(treeHead)));
  for (const item of feed.items) {
    const entry = root.ele('entry');
    entry.ele('title', { type: 'text' }).txt(xmlText(item.title));
    entry.ele('id').txt(xmlText(item.id ?? item.link));
    entry.ele('link', { href: xmlText(item.link) });
    entry.ele('updated').txt(item.date.toISOString());
    if (item.content) entry.ele('content', { type: 'html' }).txt(xmlText(item.content));
    for (const author of item.author ?? []) if (author.name) entry.ele('author').ele('name').txt(xmlText(author.name));
    if (item.published) entry.ele('published').txt(item.published.toISOString());
  }
  return root.end({ prettyPrint: true });
}
