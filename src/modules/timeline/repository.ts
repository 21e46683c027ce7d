import { and, asc, desc, eq, gt, inArray, isNull, lte, max, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { appendRevision } from '../../db/revisions.js';
import { organizations, signatoryEventItems, signatoryEvents, signatures, statements } from '../../db/schema.js';
import { conflict, HttpProblem, notFound, type FieldError } from '../../http/problem.js';
import { hashEvent, type EventContent } from '../../lib/hash-chain.js';
import { newId, nowIso } from '../../lib/ids.js';
import { insertOrganization } from '../organizations/repository.js';
import { toSignature } from '../signatures/repository.js';
import { getLiveStatementRow, type Tx } from '../statements/repository.js';
import type { Signatory, SnapshotInput } from './schemas.js';

type Conn = Db | Tx;
type EventRow = typeof signatoryEvents.$inferSelect;
type ItemRow = typeof signatoryEventItems.$inferSelect;

function lastEvent(db: Conn, statementId: string): EventRow | undefined {
  return db.select().from(signatoryEvents).where(eq(signatoryEvents.statementId, statementId)).orderBy(desc(signatoryEvents.seq)).limit(1).get();
}

const badItems = (errors: FieldError[], detail: string) => new HttpProblem(400, 'invalid-signatories', detail, { errors });

/**
 * Appends one signatory event: validates it against the current list, creates any new
 * organizations and signatures, chains the hash, all in one BEGIN IMMEDIATE transaction (which
 * also serializes concurrent appends, so seq is never handed out twice).
 */
export function appendEvent(db: Db, statementId: string, input: SnapshotInput, actor: string) {
  return db.transaction((tx) => appendEventIn(tx, statementId, input, actor), { behavior: 'immediate' });
}

/** The append itself, inside a caller's transaction (the importer creates the statement first). */
export function appendEventIn(tx: Tx, statementId: string, input: SnapshotInput, actor: string) {
  getLiveStatementRow(tx, statementId);
  const last = lastEvent(tx, statementId);
  if (last && input.asOf < last.asOf) {
    throw conflict(
      'as-of-out-of-order',
      `asOf ${input.asOf} is before the latest event's (${last.asOf}, seq ${last.seq}). Events are appended in date order; record the list for ${last.asOf} or later.`,
    );
  }

  // Each organization at most once per event.
  const seen = new Map<string, string>();
  const errors: FieldError[] = [];
  const note = (orgId: string, field: string) => {
    const earlier = seen.get(orgId);
    if (earlier) errors.push({ in: 'body', field, detail: `names the same organization as ${earlier}` });
    else seen.set(orgId, field);
  };
  input.add.forEach((item, i) => item.organizationId && note(item.organizationId, `add.${i}.organizationId`));
  input.withdraw.forEach((item, i) => note(item.organizationId, `withdraw.${i}.organizationId`));
  if (errors.length) throw badItems(errors, 'An event may name each organization once.');

  // Every referenced organization must exist and be live.
  const referenced = [...seen.keys()];
  const known = new Set(
    referenced.length
      ? tx.select({ id: organizations.id }).from(organizations).where(and(inArray(organizations.id, referenced), isNull(organizations.deletedAt))).all().map((r) => r.id)
      : [],
  );
  for (const [orgId, field] of seen) {
    if (!known.has(orgId)) errors.push({ in: 'body', field, detail: `organization ${JSON.stringify(orgId)} does not exist` });
  }
  if (errors.length) throw badItems(errors, 'The event names organizations that do not exist (or were deleted).');

  const active = new Map(
    (referenced.length
      ? tx.select().from(signatures).where(and(eq(signatures.statementId, statementId), inArray(signatures.organizationId, referenced), isNull(signatures.withdrawnSeq))).all()
      : []
    ).map((s) => [s.organizationId, s]),
  );
  input.add.forEach((item, i) => {
    const on = item.organizationId ? active.get(item.organizationId) : undefined;
    if (on) errors.push({ in: 'body', field: `add.${i}.organizationId`, detail: `is already signatory no. ${on.position} (${on.id})` });
  });
  input.withdraw.forEach((item, i) => {
    if (!active.has(item.organizationId)) errors.push({ in: 'body', field: `withdraw.${i}.organizationId`, detail: 'is not on the list' });
  });
  if (errors.length) {
    throw new HttpProblem(409, 'signatory-conflict', 'The event does not fit the current list: ' + errors.map((e) => `${e.field} ${e.detail}`).join('; '), { errors });
  }

  const seq = (last?.seq ?? 0) + 1;
  // Transaction time never goes back, even if the wall clock does.
  const now = nowIso();
  const recordedAt = last && last.recordedAt > now ? last.recordedAt : now;
  const maxPosition = tx.select({ p: max(signatures.position) }).from(signatures).where(eq(signatures.statementId, statementId)).get()?.p ?? 0;

  const added: EventContent['added'] = input.add.map((item, i) => {
    const organizationId = item.organizationId ?? (item.organization ? insertOrganization(tx, item.organization, actor).id : '');
    const row = tx
      .insert(signatures)
      .values({
        id: newId('sig'),
        revision: 1,
        statementId,
        organizationId,
        position: maxPosition + i + 1,
        status: 'active',
        addedAsOf: input.asOf,
        addedSeq: seq,
        signedOn: item.signedOn ?? null,
        note: item.note ?? null,
        printedAs: item.printedAs?.normalize('NFC') ?? null,
        createdAt: recordedAt,
        updatedAt: recordedAt,
      })
      .returning()
      .get();
    appendRevision(tx, { resource: 'signature', resourceId: row.id, revision: 1, action: 'create', recordedAt, recordedBy: actor, state: toSignature(row) });
    return { signatureId: row.id, organizationId, position: row.position, printedAs: row.printedAs };
  });

  const withdrawn: EventContent['withdrawn'] = input.withdraw.map((item) => {
    const current = active.get(item.organizationId);
    if (!current) throw new Error('checked above');
    const row = tx
      .update(signatures)
      .set({ status: 'withdrawn', withdrawnAsOf: input.asOf, withdrawnSeq: seq, revision: current.revision + 1, updatedAt: recordedAt })
      .where(eq(signatures.id, current.id))
      .returning()
      .get();
    if (!row) throw new Error('signature vanished inside its transaction');
    appendRevision(tx, { resource: 'signature', resourceId: row.id, revision: row.revision, action: 'update', recordedAt, recordedBy: actor, state: toSignature(row) });
    return { signatureId: row.id, organizationId: row.organizationId, position: row.position, reason: item.reason ?? null };
  });

  const content: EventContent = {
    statementId,
    seq,
    asOf: input.asOf,
    recordedAt,
    recordedBy: actor,
    source: input.source ?? null,
    note: input.note ?? null,
    total: (last?.total ?? 0) + added.length - withdrawn.length,
    prevHash: last?.hash ?? null,
    added,
    withdrawn,
  };
  const hash = hashEvent(content);
  tx.insert(signatoryEvents)
    .values({ statementId, seq, asOf: content.asOf, recordedAt, recordedBy: actor, source: content.source, note: content.note, total: content.total, prevHash: content.prevHash, hash })
    .run();
  const items = [
    ...added.map((a) => ({ kind: 'add' as const, signatureId: a.signatureId, organizationId: a.organizationId, position: a.position, printedAs: a.printedAs, reason: null })),
    ...withdrawn.map((w) => ({ kind: 'withdraw' as const, signatureId: w.signatureId, organizationId: w.organizationId, position: w.position, printedAs: null, reason: w.reason })),
  ].map((item, ord) => ({ ...item, statementId, seq, ord }));
  // SQLite limits bound parameters per statement; insert in slices.
  for (let i = 0; i < items.length; i += 500) tx.insert(signatoryEventItems).values(items.slice(i, i + 500)).run();
  return { ...content, hash };
}

/** Rebuilds an event's hashed content from its rows. */
function contentOf(event: EventRow, items: ItemRow[]): EventContent {
  return {
    statementId: event.statementId,
    seq: event.seq,
    asOf: event.asOf,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
    source: event.source,
    note: event.note,
    total: event.total,
    prevHash: event.prevHash,
    added: items.filter((i) => i.kind === 'add').map((i) => ({ signatureId: i.signatureId, organizationId: i.organizationId, position: i.position, printedAs: i.printedAs })),
    withdrawn: items.filter((i) => i.kind === 'withdraw').map((i) => ({ signatureId: i.signatureId, organizationId: i.organizationId, position: i.position, reason: i.reason })),
  };
}

function itemsOf(db: Conn, statementId: string, seqs: number[]): Map<number, ItemRow[]> {
  const out = new Map<number, ItemRow[]>();
  if (seqs.length === 0) return out;
  const rows = db
    .select()
    .from(signatoryEventItems)
    .where(and(eq(signatoryEventItems.statementId, statementId), inArray(signatoryEventItems.seq, seqs)))
    .orderBy(asc(signatoryEventItems.seq), asc(signatoryEventItems.ord))
    .all();
  for (const row of rows) out.set(row.seq, [...(out.get(row.seq) ?? []), row]);
  return out;
}

export function listEvents(db: Db, statementId: string, limit: number, after?: number) {
  const rows = db
    .select({
      event: signatoryEvents,
      // Spelled out: drizzle leaves columns of a single-table select unqualified, which the
      // subquery would resolve against its own table.
      addedCount: sql<number>`(select count(*) from signatory_event_items i where i.statement_id = signatory_events.statement_id and i.seq = signatory_events.seq and i.kind = 'add')`,
      withdrawnCount: sql<number>`(select count(*) from signatory_event_items i where i.statement_id = signatory_events.statement_id and i.seq = signatory_events.seq and i.kind = 'withdraw')`,
    })
    .from(signatoryEvents)
    .where(and(eq(signatoryEvents.statementId, statementId), after === undefined ? undefined : gt(signatoryEvents.seq, after)))
    .orderBy(asc(signatoryEvents.seq))
    .limit(limit + 1)
    .all();
  return rows.map((r) => ({ ...r.event, addedCount: r.addedCount, withdrawnCount: r.withdrawnCount }));
}

export function getEventRow(db: Conn, statementId: string, seq: number): EventRow | undefined {
  return db.select().from(signatoryEvents).where(and(eq(signatoryEvents.statementId, statementId), eq(signatoryEvents.seq, seq))).get();
}

export function getEvent(db: Db, statementId: string, seq: number) {
  const event = getEventRow(db, statementId, seq);
  if (!event) throw notFound(`Event of statement ${statementId}`, seq);
  const { added, withdrawn } = contentOf(event, itemsOf(db, statementId, [seq]).get(seq) ?? []);
  return { ...event, added, withdrawn };
}

/**
 * The last event visible as of `asOf` (valid time) and `knownAt` (transaction time). Both columns
 * grow with seq, so each bound is one descending index probe and the answer is the smaller seq.
 */
export function visibleSeq(db: Conn, statementId: string, asOf: string | undefined, knownAt: string): number | null {
  const lastSeqWhere = (column: typeof signatoryEvents.asOf | typeof signatoryEvents.recordedAt, bound: string) =>
    db
      .select({ seq: signatoryEvents.seq })
      .from(signatoryEvents)
      .where(and(eq(signatoryEvents.statementId, statementId), lte(column, bound)))
      .orderBy(desc(column), desc(signatoryEvents.seq))
      .limit(1)
      .get()?.seq;
  const byKnown = lastSeqWhere(signatoryEvents.recordedAt, knownAt);
  if (byKnown === undefined || asOf === undefined) return byKnown ?? null;
  const byDate = lastSeqWhere(signatoryEvents.asOf, asOf);
  return byDate === undefined ? null : Math.min(byKnown, byDate);
}

const signatoryColumns = {
  position: signatures.position,
  signatureId: signatures.id,
  addedAsOf: signatures.addedAsOf,
  printedAs: signatures.printedAs,
  organization: {
    id: organizations.id,
    abbreviation: organizations.abbreviation,
    name: organizations.name,
    nameEn: organizations.nameEn,
    country: organizations.country,
  },
};

/** Signatures on the list right after event `seq`. */
const onListAt = (seq: number) => and(lte(signatures.addedSeq, seq), or(isNull(signatures.withdrawnSeq), gt(signatures.withdrawnSeq, seq)));

function signatoryRows(db: Conn, statementId: string, where: SQL | undefined): Signatory[] {
  return db
    .select(signatoryColumns)
    .from(signatures)
    .innerJoin(organizations, eq(organizations.id, signatures.organizationId))
    .where(and(eq(signatures.statementId, statementId), where))
    .orderBy(asc(signatures.position))
    .all();
}

export function signatoriesAt(db: Conn, statementId: string, seq: number | null): Signatory[] {
  return seq === null ? [] : signatoryRows(db, statementId, onListAt(seq));
}

export function totalAt(db: Conn, statementId: string, seq: number | null): number {
  return seq === null ? 0 : (getEventRow(db, statementId, seq)?.total ?? 0);
}

/** Net change between the lists after events `fromSeq` and `toSeq` (fromSeq <= toSeq). */
export function diffBetween(db: Db, statementId: string, fromSeq: number | null, toSeq: number | null) {
  const from = fromSeq ?? 0;
  if (toSeq === null || toSeq <= from) return { added: [], withdrawn: [] };
  return {
    added: signatoryRows(db, statementId, and(gt(signatures.addedSeq, from), onListAt(toSeq))),
    withdrawn: signatoryRows(db, statementId, and(onListAt(from), gt(signatures.withdrawnSeq, from), lte(signatures.withdrawnSeq, toSeq))),
  };
}

/** What one organization had signed as of a date, per statement's own timeline. */
export function organizationSignaturesAt(db: Db, organizationId: string, asOf: string | undefined, knownAt: string) {
  const rows = db
    .select({ signature: signatures, statement: { id: statements.id, title: statements.title, issuer: statements.issuer, publishedOn: statements.publishedOn } })
    .from(signatures)
    .innerJoin(statements, eq(statements.id, signatures.statementId))
    .where(and(eq(signatures.organizationId, organizationId), isNull(statements.deletedAt)))
    .orderBy(asc(statements.seq), asc(signatures.position))
    .all();
  const seqByStatement = new Map<string, number | null>();
  return rows
    .filter(({ signature: s }) => {
      if (!seqByStatement.has(s.statementId)) seqByStatement.set(s.statementId, visibleSeq(db, s.statementId, asOf, knownAt));
      const seq = seqByStatement.get(s.statementId) ?? null;
      return seq !== null && s.addedSeq <= seq && (s.withdrawnSeq === null || s.withdrawnSeq > seq);
    })
    .map(({ signature: s, statement }) => ({ statement, signatureId: s.id, position: s.position, addedAsOf: s.addedAsOf, printedAs: s.printedAs }));
}

/** Recomputes the chain from the stored rows; reports the first event whose hash or link is wrong. */
export function verifyChain(db: Db, statementId: string) {
  const events = db.select().from(signatoryEvents).where(eq(signatoryEvents.statementId, statementId)).orderBy(asc(signatoryEvents.seq)).all();
  let prev: string | null = null;
  let expectedSeq = 1;
  const bad = (seq: number, detail: string) => ({ statementId, valid: false, length: events.length, head: events.at(-1)?.hash ?? null, firstBadSeq: seq, detail });
  // Items are read in slices so a long chain does not load at once.
  for (let i = 0; i < events.length; i += 200) {
    const slice = events.slice(i, i + 200);
    const items = itemsOf(db, statementId, slice.map((e) => e.seq));
    for (const event of slice) {
      if (event.seq !== expectedSeq) return bad(event.seq, `expected seq ${expectedSeq}`);
      if (event.prevHash !== prev) return bad(event.seq, 'prevHash does not match the previous event\'s hash');
      const content = contentOf(event, items.get(event.seq) ?? []);
      if (hashEvent(content) !== event.hash) return bad(event.seq, 'the stored hash does not match the event\'s content');
      prev = event.hash;
      expectedSeq++;
    }
  }
  return { statementId, valid: true, length: events.length, head: prev, firstBadSeq: null, detail: null };
}

export function allStatementIds(db: Db): string[] {
  return db.select({ id: statements.id }).from(statements).orderBy(asc(statements.seq)).all().map((r) => r.id);
}
