import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import { signatoryEventItems, signatoryEvents, signatures, signatureSpans, statements } from '../../db/schema.js';
import { gone, notFound } from '../../lib/domain-error.js';
import type { ReplayItem } from './replay.js';
import { eventOfItem, lastEvent } from './events.js';
import { listSizeKnownNow } from './read.js';
import { END_OF_TIME } from '../../lib/bitemporal.js';

/**
 * What the planner needs to know about the statement, read in the append's one transaction: the
 * record as far as the event's organizations are concerned, and the list's sizes.
 */

export type SignatureRow = typeof signatures.$inferSelect;
export type SpanRow = typeof signatureSpans.$inferSelect;

/** A stored item with what a withdrawal or retraction note needs. */
export interface RecordedItem extends ReplayItem {
  position: number;
  reason: string | null;
  printedAs: string | null;
  printedNumber: number | null;
  recordedAt: string;
  recordedBy: string;
}

export interface TimelineState {
  statementId: string;
  last: { seq: number; hash: string; recordedAt: string } | null;
  /** The latest date any event speaks for: an event dated after it is not a correction. */
  maxAsOf: string | null;
  /** The latest list's size, as known now. */
  latestTotal: number;
  maxPosition: number;
  /** Every item of this statement that touches an organization the event names. */
  items: RecordedItem[];
  /** Every signature of those organizations on this statement. */
  signatures: Map<string, SignatureRow>;
  /** Their spans as known now. */
  openSpans: SpanRow[];
  /** The whole list's size as of the event's date, as known now. */
  totalAtAsOf: number;
}

/**
 * Every lookup of an append is prepared once per connection. A list of ids or positions is one
 * parameter, a JSON array read with json_each, so one statement serves any number of them.
 */
export const inJson = (name: string) => sql`(select value from json_each(${sql.placeholder(name)}))`;

const q = preparedOnce((db) => ({
  signaturesByOrganization: db
    .select()
    .from(signatures)
    .where(
      and(
        eq(signatures.statementId, sql.placeholder('statementId')),
        inArray(signatures.organizationId, inJson('list')),
      ),
    )
    .prepare(),
  items: db
    .select({
      seq: signatoryEventItems.seq,
      ord: signatoryEventItems.ord,
      asOf: signatoryEvents.asOf,
      kind: signatoryEventItems.kind,
      signatureId: signatoryEventItems.signatureId,
      organizationId: signatoryEventItems.organizationId,
      position: signatoryEventItems.position,
      reason: signatoryEventItems.reason,
      printedAs: signatoryEventItems.printedAs,
      printedNumber: signatoryEventItems.printedNumber,
      recordedAt: signatoryEvents.recordedAt,
      recordedBy: signatoryEvents.recordedBy,
    })
    .from(signatoryEventItems)
    .innerJoin(signatoryEvents, eventOfItem)
    .where(
      and(
        eq(signatoryEventItems.statementId, sql.placeholder('statementId')),
        inArray(signatoryEventItems.organizationId, inJson('list')),
      ),
    )
    .prepare(),
  openSpans: db
    .select()
    .from(signatureSpans)
    .where(
      and(
        eq(signatureSpans.statementId, sql.placeholder('statementId')),
        inArray(signatureSpans.organizationId, inJson('list')),
        isNull(signatureSpans.knownTo),
      ),
    )
    .prepare(),
}));

/** The highest position and the latest date of a statement's record: two index probes, prepared once. */
const extremes = preparedOnce((db) =>
  db
    .select({
      maxPosition: sql<number>`coalesce((select max(s.position) from signatures s where s.statement_id = ${sql.placeholder('statementId')}), 0)`,
      maxAsOf: sql<
        string | null
      >`(select max(e.as_of) from signatory_events e where e.statement_id = ${sql.placeholder('statementId')})`,
    })
    .from(sql`(select 1)`)
    .prepare(),
);

/** 404 for an unknown statement, 410 for a deleted one, without loading its text. */
const statementLiveness = preparedOnce((db) =>
  db
    .select({ deletedAt: statements.deletedAt })
    .from(statements)
    .where(eq(statements.id, sql.placeholder('id')))
    .prepare(),
);

/** 404 for an unknown statement, 410 for a deleted one: what writes to a statement need. */
export function requireLiveStatement(db: Conn, id: string) {
  const row = statementLiveness(db).get({ id });
  if (!row) throw notFound('Statement', id);
  if (row.deletedAt) throw gone('Statement', id);
}

export const emptyState = (): TimelineState => ({
  statementId: '',
  last: null,
  maxAsOf: null,
  latestTotal: 0,
  maxPosition: 0,
  items: [],
  signatures: new Map(),
  openSpans: [],
  totalAtAsOf: 0,
});

/** The statement's record as far as these organizations are concerned. */
export function loadState(tx: Conn, statementId: string, orgIds: string[], asOf: string): TimelineState {
  const last = lastEvent(tx, statementId);
  const items: RecordedItem[] = [];
  const sigs = new Map<string, SignatureRow>();
  const openSpans: SpanRow[] = [];
  if (orgIds.length) {
    const params = { statementId, list: JSON.stringify(orgIds) };
    items.push(...q(tx).items.all(params));
    for (const row of q(tx).signaturesByOrganization.all(params)) sigs.set(row.id, row);
    openSpans.push(...q(tx).openSpans.all(params));
  }
  const { maxPosition, maxAsOf } = extremes(tx).get({ statementId }) ?? { maxPosition: 0, maxAsOf: null };
  const count = (date: string) => listSizeKnownNow(tx, statementId, date);
  // The newest event carries the latest list's size: one probe, not a count of the whole list.
  const latestTotal = last === undefined ? 0 : (last.latestTotal ?? count(END_OF_TIME));
  // An event dated on or after every other one sees the latest list; only a correction counts.
  const totalAtAsOf = maxAsOf === null || asOf >= maxAsOf ? latestTotal : count(asOf);
  return {
    statementId,
    last: last ? { seq: last.seq, hash: last.hash, recordedAt: last.recordedAt } : null,
    maxAsOf,
    latestTotal,
    maxPosition,
    items,
    signatures: sigs,
    openSpans,
    totalAtAsOf,
  };
}
