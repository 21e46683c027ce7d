import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import { END_OF_TIME } from '../../lib/bitemporal.js';
import { signatoryEventItems, signatoryEvents } from '../../db/schema.js';
import { notFound } from '../../lib/domain-error.js';
import type { EventContent, EventItem } from '../../lib/hash-chain.js';
import type { SignatoryEvent } from './schemas.js';

/** The record: event rows and their items, as stored and as hashed. */

export type EventRow = typeof signatoryEvents.$inferSelect;
export type ItemRow = typeof signatoryEventItems.$inferSelect;

/** Joins an item to its event: `.from(signatoryEventItems).innerJoin(signatoryEvents, eventOfItem)`. */
export const eventOfItem = and(
  eq(signatoryEvents.statementId, signatoryEventItems.statementId),
  eq(signatoryEvents.seq, signatoryEventItems.seq),
);

const lastEventQuery = preparedOnce((db) =>
  db
    .select()
    .from(signatoryEvents)
    .where(eq(signatoryEvents.statementId, sql.placeholder('statementId')))
    .orderBy(desc(signatoryEvents.seq))
    .limit(1)
    .prepare(),
);

export function lastEvent(db: Conn, statementId: string): EventRow | undefined {
  return lastEventQuery(db).get({ statementId });
}

export function getEventRow(db: Conn, statementId: string, seq: number): EventRow | undefined {
  return db
    .select()
    .from(signatoryEvents)
    .where(and(eq(signatoryEvents.statementId, statementId), eq(signatoryEvents.seq, seq)))
    .get();
}

export const toEventItem = (i: ItemRow): EventItem => ({
  kind: i.kind,
  signatureId: i.signatureId,
  organizationId: i.organizationId,
  position: i.position,
  printedAs: i.printedAs,
  printedNumber: i.printedNumber,
  reason: i.reason,
});

/** Rebuilds an event's hashed content from its rows. */
export function contentOf(event: EventRow, items: ItemRow[]): EventContent {
  // latestTotal is derived (and checked by verify), not part of what the hash covers.
  const { hash: _hash, latestTotal: _derived, ...fields } = event;
  return { ...fields, items: items.map(toEventItem) };
}

export function toEvent(event: EventRow, items: ItemRow[]): SignatoryEvent {
  return { ...contentOf(event, items), hash: event.hash };
}

/** Items of the given events of one statement, by seq, in hashed order. */
export function itemsOf(db: Conn, statementId: string, seqs: number[]): Map<number, ItemRow[]> {
  const out = new Map<number, ItemRow[]>(seqs.map((s) => [s, []]));
  if (seqs.length === 0) return out;
  const rows = db
    .select()
    .from(signatoryEventItems)
    .where(and(eq(signatoryEventItems.statementId, statementId), inArray(signatoryEventItems.seq, seqs)))
    .orderBy(asc(signatoryEventItems.seq), asc(signatoryEventItems.ord))
    .all();
  for (const row of rows) out.get(row.seq)?.push(row);
  return out;
}

/** Every event of a statement with its items, oldest first, read in slices of `chunk` events. */
export function* eventsWithItems(
  db: Conn,
  statementId: string,
  chunk = 200,
): Generator<{ event: EventRow; items: ItemRow[] }> {
  let after = 0;
  for (;;) {
    const events = db
      .select()
      .from(signatoryEvents)
      .where(and(eq(signatoryEvents.statementId, statementId), gt(signatoryEvents.seq, after)))
      .orderBy(asc(signatoryEvents.seq))
      .limit(chunk)
      .all();
    if (events.length === 0) return;
    const items = itemsOf(
      db,
      statementId,
      events.map((e) => e.seq),
    );
    for (const event of events) yield { event, items: items.get(event.seq) ?? [] };
    after = events.at(-1)?.seq ?? after;
  }
}

export function getEvent(db: Conn, statementId: string, seq: number): SignatoryEvent {
  const event = getEventRow(db, statementId, seq);
  if (!event) throw notFound(`Event of statement ${statementId}`, seq);
  return toEvent(event, itemsOf(db, statementId, [seq]).get(seq) ?? []);
}

const countOf = (kind: ItemRow['kind']) =>
  // Spelled out: drizzle leaves columns of a single-table select unqualified, which the subquery
  // would resolve against its own table.
  sql<number>`(select count(*) from signatory_event_items i where i.statement_id = signatory_events.statement_id and i.seq = signatory_events.seq and i.kind = ${kind})`;

export function listEvents(db: Conn, statementId: string, limit: number, after?: number) {
  const rows = db
    .select({
      event: signatoryEvents,
      addedCount: countOf('add'),
      withdrawnCount: countOf('withdraw'),
      retractedCount: countOf('retract'),
    })
    .from(signatoryEvents)
    .where(
      and(
        eq(signatoryEvents.statementId, statementId),
        after === undefined ? undefined : gt(signatoryEvents.seq, after),
      ),
    )
    .orderBy(asc(signatoryEvents.seq))
    .limit(limit + 1)
    .all();
  return rows.map((r) => ({
    ...r.event,
    addedCount: r.addedCount,
    withdrawnCount: r.withdrawnCount,
    retractedCount: r.retractedCount,
  }));
}

/**
 * The last event recorded at or before `knownAt` (transaction time; default: the latest). seq and
 * recorded_at grow together, so this is one descending index probe.
 */
export function knownSeqAt(db: Conn, statementId: string, knownAt?: string): number | null {
  return eventSeekers(db).knownSeq.get({ statementId, knownAt: knownAt ?? END_OF_TIME })?.seq ?? null;
}

/** The latest event date on or before `asOf` among events 1..knownSeq: what a published list would print. */
export function eventAsOfAt(db: Conn, statementId: string, knownSeq: number | null, asOf?: string): string | null {
  if (knownSeq === null) return null;
  return eventSeekers(db).asOf.get({ statementId, knownSeq, asOf: asOf ?? END_OF_TIME })?.asOf ?? null;
}

/**
 * Both seeks are on every uncached list read: prepared once, with "no bound" as END_OF_TIME
 * (later than any date or timestamp), so one statement serves reads with and without one.
 */
const eventSeekers = preparedOnce((db) => {
  const statementId = eq(signatoryEvents.statementId, sql.placeholder('statementId'));
  return {
    knownSeq: db
      .select({ seq: signatoryEvents.seq })
      .from(signatoryEvents)
      .where(and(statementId, lte(signatoryEvents.recordedAt, sql.placeholder('knownAt'))))
      .orderBy(desc(signatoryEvents.statementId), desc(signatoryEvents.recordedAt), desc(signatoryEvents.seq))
      .limit(1)
      .prepare(),
    asOf: db
      .select({ asOf: signatoryEvents.asOf })
      .from(signatoryEvents)
      .where(
        and(
          statementId,
          lte(signatoryEvents.seq, sql.placeholder('knownSeq')),
          lte(signatoryEvents.asOf, sql.placeholder('asOf')),
        ),
      )
      .orderBy(desc(signatoryEvents.statementId), desc(signatoryEvents.asOf))
      .limit(1)
      .prepare(),
  };
});
