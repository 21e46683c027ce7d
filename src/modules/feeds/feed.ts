import { Feed, type Item } from 'feed';
import type { SignedTreeHead } from '../log/schemas.js';
import { countryName } from '../../lib/country-detect.js';
import type { FeedEvent, FeedItem, FeedProposal } from './repository.js';

/**
 * Signatory events as Atom (RFC 4287) and JSON Feed 1.1, modelled with the `feed` package (Atom is
 * written from the model by atom.ts, JSON Feed by the package, raised to 1.1 here): one entry
 * per event, saying who was added, withdrawn or retracted, as of when, recorded when. Entries are
 * dated by when the event was recorded (events never change, so neither do entries), and the feed
 * by its newest entry: the same record always gives the same bytes, hence the same ETag.
 */

export interface FeedScope {
  /** Absolute origin of this server as the client reached it, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  /** One statement's feed, or everyone's. */
  statement: { id: string; title: string; issuer: string; language: string | null; createdAt: string } | null;
  /** Paths of this feed as Atom and as JSON Feed. */
  atomPath: string;
  jsonPath: string;
}

const VERBS = { add: 'added', withdraw: 'withdrew', retract: 'retracted (never signed)' } as const;
const HEADINGS = { add: 'Added', withdraw: 'Withdrawn', retract: 'Retracted: never signed' } as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const who = (i: FeedItem) => [i.organization.abbreviation, i.organization.name].filter(Boolean).join(' ');
const country = (i: FeedItem) =>
  i.organization.country === null ? '' : `, ${countryName(i.organization.country) ?? i.organization.country}`;

/** "KPÖ added", "3 added, 1 withdrew": the title names one organization, counts several. */
function headline(event: FeedEvent): string {
  const only = event.items.length === 1 ? event.items[0] : undefined;
  if (only) return `${only.organization.abbreviation ?? only.organization.name} ${VERBS[only.kind]}`;
  const counts = (['add', 'withdraw', 'retract'] as const)
    .map((kind) => [kind, event.items.filter((i) => i.kind === kind).length] as const)
    .filter(([, n]) => n > 0);
  return counts
    .map(([kind, n]) => `${n} ${kind === 'add' ? 'added' : kind === 'withdraw' ? 'withdrawn' : 'retracted'}`)
    .join(', ');
}

function content(event: FeedEvent): string {
  const parts = [
    `<p>As of ${event.asOf}, recorded ${event.recordedAt}: ${event.total} signatories on the list as of that date.</p>`,
  ];
  for (const kind of ['add', 'withdraw', 'retract'] as const) {
    const items = event.items.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    const entries = items.map(
      (i) =>
        `<li>${escapeHtml(`${who(i)}${i.organization.nameEn ? ` (${i.organization.nameEn})` : ''}${country(i)}${i.reason ? `: ${i.reason}` : ''}`)}</li>`,
    );
    parts.push(`<h3>${HEADINGS[kind]}</h3><ul>${entries.join('')}</ul>`);
  }
  if (event.source) parts.push(`<p>Source: ${escapeHtml(event.source)}</p>`);
  if (event.note) parts.push(`<p>${escapeHtml(event.note)}</p>`);
  return parts.join('');
}

/** Stable for good: the statement and the event's number never change, nor does its hash. */
export const entryId = (event: Pick<FeedEvent, 'statement' | 'seq'>) =>
  `urn:undersigned:statement:${event.statement.id}:event:${event.seq}`;

export function buildFeed(scope: FeedScope, events: FeedEvent[], proposals: FeedProposal[] = []): Feed {
  const { origin, statement } = scope;
  const page = (id: string, params = '') => `${origin}/statements/${encodeURIComponent(id)}${params}`;
  const newest =
    [events[0]?.recordedAt, proposals[0]?.createdAt]
      .filter((d) => d !== undefined)
      .sort()
      .at(-1) ??
    statement?.createdAt ??
    '1970-01-01T00:00:00.000Z';
  const feed = new Feed({
    id: statement ? `urn:undersigned:statement:${statement.id}` : 'urn:undersigned:events',
    title: statement ? `${statement.issuer}: ${statement.title}: signatories` : 'Undersigned: every signatory event',
    description: statement
      ? 'Who was added, withdrew or was retracted, as of when, recorded when.'
      : 'Who was added, withdrew or was retracted, on every statement.',
    link: statement ? page(statement.id) : `${origin}/statements`,
    language: statement?.language ?? 'en',
    updated: new Date(newest),
    generator: 'Undersigned',
    feedLinks: { atom: `${origin}${scope.atomPath}`, json: `${origin}${scope.jsonPath}` },
    author: { name: statement ? statement.issuer : 'Undersigned' },
  });
  for (const event of events) {
    const recorded = new Date(event.recordedAt);
    const item: Item = {
      id: entryId(event),
      title: `${statement ? '' : `${event.statement.title}: `}${headline(event)} as of ${event.asOf}`,
      // The list right after this event, both dates pinned: a permalink that never changes.
      link: page(event.statement.id, `?asOf=${event.asOf}&knownAt=${encodeURIComponent(event.recordedAt)}`),
      date: recorded,
      published: recorded,
      content: content(event),
      author: [{ name: event.statement.issuer }],
    };
    feed.addItem(item);
  }
  for (const proposal of proposals)
    feed.addItem(proposalItem(proposal, statement !== null, page(proposal.statement.id)));
  // One stream, newest first, whatever made each entry.
  feed.items.sort((a, b) => b.date.getTime() - a.date.getTime());
  return feed;
}

/** A change a watched source proposes: it waits for a person (or was accepted by itself: its event follows). */
function proposalItem(proposal: FeedProposal, inStatementFeed: boolean, page: string): Item {
  const made = new Date(proposal.createdAt);
  const counts = [
    proposal.add.length ? `${proposal.add.length} to add` : '',
    proposal.withdraw.length ? `${proposal.withdraw.length} to withdraw` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const list = (heading: string, lines: string[]) =>
    lines.length ? `<h3>${heading}</h3><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '';
  return {
    id: `urn:undersigned:statement:${proposal.statement.id}:proposal:${proposal.id}`,
    title: `${inStatementFeed ? '' : `${proposal.statement.title}: `}A change is proposed: ${counts || 'the list as printed'}`,
    link: page,
    date: made,
    published: made,
    content:
      `<p>The page watched at ${escapeHtml(proposal.url)} changed: proposal ${escapeHtml(proposal.id)} (GET /v1/proposals/${escapeHtml(proposal.id)}).</p>` +
      list('To add', proposal.add) +
      list('To withdraw', proposal.withdraw) +
      list('Waits for a person because', proposal.attention),
    author: [{ name: proposal.statement.issuer }],
  };
}

/**
 * The `feed` package writes JSON Feed 1.0; 1.1 renames `author` to `authors` (a list) and adds
 * `language`. Everything else is the same.
 */
export function jsonFeed11(feed: Feed, language: string, treeHead: SignedTreeHead): string {
  const doc: unknown = JSON.parse(feed.json1());
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new Error('the feed package wrote no JSON object');
  const upgrade = (node: Record<string, unknown>) => {
    const { author, ...rest } = node;
    return author === undefined ? rest : { ...rest, authors: [author] };
  };
  const { items, ...top } = upgrade(Object.fromEntries(Object.entries(doc)));
  const upgraded = Array.isArray(items)
    ? items.map((i: unknown) =>
        typeof i === 'object' && i !== null ? upgrade(Object.fromEntries(Object.entries(i))) : i,
      )
    : [];
  return JSON.stringify({
    ...top,
    version: 'https://jsonfeed.org/version/1.1',
    language,
    items: upgraded,
    _undersigned: { treeHead },
  });
}
