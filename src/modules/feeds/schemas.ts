import { z } from 'zod';
import { signedTreeHead } from '../log/schemas.js';

/** JSON Feed 1.1 (jsonfeed.org/version/1.1), the parts these feeds write. */

const author = z
  .object({ name: z.string().describe('The statement\'s issuer, or "Undersigned".') })
  .meta({ id: 'JsonFeedAuthor' });

export const jsonFeedItem = z
  .object({
    id: z
      .string()
      .describe(
        'Stable for good: `urn:undersigned:statement:{id}:event:{seq}`, or `…:proposal:{id}` for a change a watched source proposes.',
      ),
    url: z.url().describe('The statement page with the list right after this event, both dates pinned.'),
    title: z
      .string()
      .describe('Who was added, withdrew or was retracted, as of when, e.g. `KPÖ added as of 2022-01-25`.'),
    content_html: z.string().describe("Each organization, by kind, with the event's source and note."),
    date_published: z.iso.datetime().describe('When the event was recorded (transaction time).'),
    date_modified: z.iso.datetime().describe('The same: events never change.'),
    authors: z.array(author).describe('Who issued the statement.'),
  })
  .meta({ id: 'JsonFeedItem' });

export const jsonFeed = z
  .object({
    version: z.literal('https://jsonfeed.org/version/1.1').describe('The JSON Feed version.'),
    title: z.string().describe("The feed's title: the statement (issuer and title), or every statement."),
    home_page_url: z.url().describe('The statement page, or the statements page.'),
    feed_url: z.url().describe("This feed's own URL."),
    description: z.string().describe('What the feed carries.'),
    language: z.string().describe("The statement's language (BCP 47)."),
    authors: z.array(author).describe('The statement\'s issuer, or "Undersigned" for every statement.'),
    items: z.array(jsonFeedItem).describe('The newest 100 events, newest first.'),
    _undersigned: z
      .object({ treeHead: signedTreeHead })
      .describe(
        "A JSON Feed extension: the log's signed tree head when the feed was made. Keep it, as a monitor would: the log can later be proven to extend it.",
      ),
  })
  .meta({ id: 'JsonFeed', description: 'JSON Feed 1.1 of signatory events.' });

export const ATOM = 'application/atom+xml; charset=utf-8';
export const JSON_FEED = 'application/feed+json; charset=utf-8';

export const atomResponse = {
  description: 'An Atom feed (RFC 4287): one entry per event, newest first.',
  content: { 'application/atom+xml': { schema: z.string().describe('Atom XML (UTF-8).') } },
};
export const jsonFeedResponse = {
  description: 'A JSON Feed 1.1: one item per event, newest first.',
  content: { 'application/feed+json': { schema: jsonFeed } },
};
