import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import {
  organizations,
  proposals,
  signatoryEventItems,
  signatoryEvents,
  sources,
  statements,
} from '../../db/schema.js';
import { importResult } from '../imports/schemas.js';

/** The newest signatory events, one statement's or everyone's, with who each added, withdrew or retracted. */

/** A feed carries the newest events only; the whole record is GET /v1/statements/{id}/events. */
export const FEED_EVENTS = 100;

export interface FeedItem {
  kind: 'add' | 'withdraw' | 'retract';
  position: number;
  printedAs: string | null;
  reason: string | null;
  organization: {
    id: string;
    abbreviation: string | null;
    name: string;
    nameEn: string | null;
    country: string | null;
  };
}

export interface FeedEvent {
  statement: { id: string; title: string; issuer: string; language: string | null };
  seq: number;
  asOf: string;
  recordedAt: string;
  hash: string;
  source: string | null;
  note: string | null;
  total: number;
  items: FeedItem[];
}

/** Newest first: by recording time across statements (seq breaks ties within one). */
export function recentEvents(db: Conn, statementId?: string, limit = FEED_EVENTS): FeedEvent[] {
  const events = db
    .select({
      statement: {
        id: statements.id,
        title: statements.title,
        issuer: statements.issuer,
        language: statements.language,
      },
      seq: signatoryEvents.seq,
      asOf: signatoryEvents.asOf,
      recordedAt: signatoryEvents.recordedAt,
      hash: signatoryEvents.hash,
      source: signatoryEvents.source,
      note: signatoryEvents.note,
      total: signatoryEvents.total,
    })
    .from(signatoryEvents)
    .innerJoin(statements, eq(statements.id, signatoryEvents.statementId))
    .where(
      statementId === undefined ? sql`${statements.deletedAt} is null` : eq(signatoryEvents.statementId, statementId),
    )
    .orderBy(desc(signatoryEvents.recordedAt), desc(signatoryEvents.seq))
    .limit(limit)
    .all();
  if (events.length === 0) return [];
  const keys = events.map((e) =>
    and(eq(signatoryEventItems.statementId, e.statement.id), eq(signatoryEventItems.seq, e.seq)),
  );
  const statementIds = [...new Set(events.map((e) => e.statement.id))];
  const items = db
    .select({
      statementId: signatoryEventItems.statementId,
      seq: signatoryEventItems.seq,
      kind: signatoryEventItems.kind,
      position: signatoryEventItems.position,
      printedAs: signatoryEventItems.printedAs,
      reason: signatoryEventItems.reason,
      organization: {
        id: organizations.id,
        abbreviation: organizations.abbreviation,
        name: organizations.name,
        nameEn: organizations.nameEn,
        country: organizations.country,
      },
    })
    .from(signatoryEventItems)
    .innerJoin(organizations, eq(organizations.id, signatoryEventItems.organizationId))
    .where(and(inArray(signatoryEventItems.statementId, statementIds), or(...keys)))
    .orderBy(asc(signatoryEventItems.statementId), asc(signatoryEventItems.seq), asc(signatoryEventItems.ord))
    .all();
  const byEvent = new Map<string, FeedItem[]>();
  for (const { statementId: sid, seq, ...item } of items) {
    const key = `${sid}|${seq}`;
    const list = byEvent.get(key) ?? [];
    list.push(item);
    byEvent.set(key, list);
  }
  return events.map((e) => ({ ...e, items: byEvent.get(`${e.statement.id}|${e.seq}`) ?? [] }));
}

export interface FeedProposal {
  statement: { id: string; title: string; issuer: string };
  id: string;
  createdAt: string;
  url: string;
  add: string[];
  withdraw: string[];
  attention: string[];
}

/** The newest proposals of watched sources, as made (what each proposed never changes). */
export function recentProposals(db: Conn, statementId?: string, limit = FEED_EVENTS): FeedProposal[] {
  const rows = db
    .select({
      statement: { id: statements.id, title: statements.title, issuer: statements.issuer },
      id: proposals.id,
      createdAt: proposals.createdAt,
      attention: proposals.attention,
      plan: proposals.plan,
      url: sources.url,
    })
    .from(proposals)
    .innerJoin(statements, eq(statements.id, proposals.statementId))
    .innerJoin(sources, eq(sources.id, proposals.sourceId))
    .where(statementId === undefined ? sql`${statements.deletedAt} is null` : eq(proposals.statementId, statementId))
    .orderBy(desc(proposals.createdAt), desc(proposals.seq))
    .limit(limit)
    .all();
  return rows.map(({ plan, ...row }) => {
    const read = importResult.pick({ entries: true, withdrawn: true }).parse(plan);
    return {
      ...row,
      add: read.entries.filter((e) => e.action === 'add').map((e) => e.printedAs),
      withdraw: read.withdrawn.map((w) => w.name),
    };
  });
}
