import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import {
  organizations,
  signatoryEventItems,
  signatoryEvents,
  signatures,
  signatureSpans,
  statements,
} from '../../db/schema.js';
import { gone, invalid, notFound, type FieldFault } from '../../lib/domain-error.js';
import { isKept } from '../documents/repository.js';
import type { OrganizationInput } from '../organizations/schemas.js';
import type { ReplayItem } from './replay.js';
import type { EventInput } from './schemas.js';
import { lastEvent } from './events.js';
import { reuseExistingOrganizations } from './inline-organizations.js';
import { END_OF_TIME } from '../../lib/bitemporal.js';

/**
 * The check step of an append: everything the planner needs to know about the statement, read in
 * one transaction, with the event's references resolved (or refused, naming the field).
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

export interface ResolvedEvent {
  asOf: string;
  source: string | null;
  note: string | null;
  document: string | null;
  add: {
    field: string;
    organizationId: string | null;
    organization: OrganizationInput | null;
    printedAs: string | null;
    printedNumber: number | null;
    signedOn: string | null;
    note: string | null;
  }[];
  withdraw: { field: string; organizationId: string; signatureId: string | null; reason: string | null }[];
  retract: { field: string; organizationId: string; signatureIds: string[]; reason: string }[];
}

/**
 * Every lookup of an append is prepared once per connection. A list of ids or positions is one
 * parameter, a JSON array read with json_each, so one statement serves any number of them.
 */
const inJson = (name: string) => sql`(select value from json_each(${sql.placeholder(name)}))`;

const q = preparedOnce((db) => ({
  signaturesById: db
    .select()
    .from(signatures)
    .where(and(eq(signatures.statementId, sql.placeholder('statementId')), inArray(signatures.id, inJson('list'))))
    .prepare(),
  signaturesByPosition: db
    .select()
    .from(signatures)
    .where(
      and(eq(signatures.statementId, sql.placeholder('statementId')), inArray(signatures.position, inJson('list'))),
    )
    .prepare(),
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
  liveOrganizations: db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(inArray(organizations.id, inJson('list')), isNull(organizations.deletedAt), isNull(organizations.mergedInto)),
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
    .innerJoin(
      signatoryEvents,
      and(
        eq(signatoryEvents.statementId, signatoryEventItems.statementId),
        eq(signatoryEvents.seq, signatoryEventItems.seq),
      ),
    )
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

/** Resolves withdraw and retract references (signatureId, position or organizationId) to signatures of this statement. */
function resolveRefs(tx: Conn, statementId: string, input: EventInput, faults: FieldFault[]) {
  const refs = [
    ...input.withdraw.map((r, i) => ({ ...r, field: `withdraw.${i}` })),
    ...input.retract.map((r, i) => ({ ...r, field: `retract.${i}` })),
  ];
  const ids = refs.flatMap((r) => (r.signatureId ? [r.signatureId] : []));
  const positions = refs.flatMap((r) => (r.position !== undefined ? [r.position] : []));
  const bySignature = new Map(
    (ids.length ? q(tx).signaturesById.all({ statementId, list: JSON.stringify(ids) }) : []).map((row) => [
      row.id,
      row,
    ]),
  );
  const byPosition = new Map(
    (positions.length ? q(tx).signaturesByPosition.all({ statementId, list: JSON.stringify(positions) }) : []).map(
      (row) => [row.position, row],
    ),
  );
  const resolved = new Map<string, SignatureRow | null>();
  for (const ref of refs) {
    if (ref.signatureId !== undefined) {
      const row = bySignature.get(ref.signatureId) ?? null;
      if (!row)
        faults.push({
          field: `${ref.field}.signatureId`,
          detail: `${JSON.stringify(ref.signatureId)} is not a signature of this statement`,
        });
      resolved.set(ref.field, row);
    } else if (ref.position !== undefined) {
      const row = byPosition.get(ref.position) ?? null;
      if (!row)
        faults.push({
          field: `${ref.field}.position`,
          detail: `no signature of this statement has position ${ref.position}`,
        });
      resolved.set(ref.field, row);
    }
  }
  return resolved;
}

/** `statementId` null: the first event of a statement about to be created, so nothing to load. */
export function checkEvent(
  tx: Conn,
  statementId: string | null,
  input: EventInput,
): { state: TimelineState; event: ResolvedEvent } {
  if (statementId !== null) requireLiveStatement(tx, statementId);
  if (input.document !== undefined && !isKept(tx, input.document)) {
    throw invalid(
      'unknown-document',
      `No document with SHA-256 ${input.document} is kept: upload it first (POST /v1/documents).`,
      [{ field: 'document', detail: 'is not the SHA-256 of a kept document' }],
    );
  }
  const faults: FieldFault[] = [];
  const resolved =
    statementId === null ? new Map<string, SignatureRow | null>() : resolveRefs(tx, statementId, input, faults);

  // Additions name live organizations; new ones that exist already are those.
  const add = reuseExistingOrganizations(tx, input.add, faults);
  const addIds = add.flatMap((a) => ('organizationId' in a ? [a.organizationId] : []));
  const live = new Set<string>();
  if (addIds.length) for (const r of q(tx).liveOrganizations.all({ list: JSON.stringify(addIds) })) live.add(r.id);
  add.forEach((a, i) => {
    if ('organizationId' in a && !live.has(a.organizationId))
      faults.push({
        field: `add.${i}.organizationId`,
        detail: `organization ${JSON.stringify(a.organizationId)} does not exist (or was deleted, or merged into another)`,
      });
  });

  const withdrawOrgs = input.withdraw.map(
    (w, i) => w.organizationId ?? resolved.get(`withdraw.${i}`)?.organizationId ?? null,
  );
  const retractOrgs = input.retract.map(
    (r, i) => r.organizationId ?? resolved.get(`retract.${i}`)?.organizationId ?? null,
  );

  // Each organization at most once per event: an event is one published list's change.
  const seen = new Map<string, string>();
  const once = (orgId: string | null, field: string) => {
    if (orgId === null) return;
    const earlier = seen.get(orgId);
    if (earlier) faults.push({ field, detail: `names the same organization as ${earlier}` });
    else seen.set(orgId, field);
  };
  add.forEach((a, i) => once('organizationId' in a ? a.organizationId : null, `add.${i}.organizationId`));
  withdrawOrgs.forEach((o, i) => once(o, `withdraw.${i}`));
  retractOrgs.forEach((o, i) => once(o, `retract.${i}`));
  if (faults.length)
    throw invalid(
      'invalid-signatories',
      `The event is not valid: ${faults.map((f) => `${f.field} ${f.detail}`).join('; ')}.`,
      faults,
    );

  const orgIds = [...seen.keys()];
  const state = statementId === null ? emptyState() : loadState(tx, statementId, orgIds, input.asOf);
  const unretracted = [...state.signatures.values()].filter((s) => s.status !== 'retracted');
  const signaturesOf = (orgId: string) => unretracted.filter((s) => s.organizationId === orgId).map((s) => s.id);
  return {
    state,
    event: {
      asOf: input.asOf,
      source: input.source ?? null,
      note: input.note ?? null,
      document: input.document ?? null,
      add: add.map((a, i) => ({
        field: `add.${i}`,
        organizationId: 'organizationId' in a ? a.organizationId : null,
        organization: 'organization' in a ? a.organization : null,
        printedAs: a.printedAs?.normalize('NFC') ?? null,
        printedNumber: a.printedNumber ?? null,
        signedOn: a.signedOn ?? null,
        note: a.note ?? null,
      })),
      withdraw: input.withdraw.map((w, i) => ({
        field: `withdraw.${i}`,
        organizationId: withdrawOrgs[i] ?? '',
        signatureId: resolved.get(`withdraw.${i}`)?.id ?? null,
        reason: w.reason ?? null,
      })),
      retract: input.retract.map((r, i) => {
        const one = resolved.get(`retract.${i}`);
        const organizationId = retractOrgs[i] ?? '';
        return {
          field: `retract.${i}`,
          organizationId,
          signatureIds: one ? [one.id] : signaturesOf(organizationId),
          reason: r.reason,
        };
      }),
    },
  };
}

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

const emptyState = (): TimelineState => ({
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
  const count = (date: string) =>
    tx
      .select({ n: sql<number>`count(*)` })
      .from(signatureSpans)
      .where(
        and(
          eq(signatureSpans.statementId, statementId),
          isNull(signatureSpans.knownTo),
          sql`${signatureSpans.validFrom} <= ${date}`,
          sql`(${signatureSpans.validTo} is null or ${signatureSpans.validTo} > ${date})`,
        ),
      )
      .get()?.n ?? 0;
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
