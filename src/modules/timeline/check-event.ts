import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import { organizations, signatures } from '../../db/schema.js';
import { invalid, type FieldFault } from '../../lib/domain-error.js';
import { isKept } from '../documents/repository.js';
import type { OrganizationInput } from '../organizations/schemas.js';
import type { EventInput } from './schemas.js';
import { reuseExistingOrganizations } from './inline-organizations.js';
import { emptyState, inJson, loadState, requireLiveStatement, type SignatureRow, type TimelineState } from './state.js';

/**
 * The check step of an append: the event's references resolved (or refused, naming the field),
 * then the statement's state as far as the event's organizations are concerned (state.ts).
 */

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
  liveOrganizations: db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(inArray(organizations.id, inJson('list')), isNull(organizations.deletedAt), isNull(organizations.mergedInto)),
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

/** A document named by the event must be kept already: its hash is part of the event's. */
function requireKeptDocument(tx: Conn, input: EventInput) {
  if (input.document !== undefined && !isKept(tx, input.document)) {
    throw invalid(
      'unknown-document',
      `No document with SHA-256 ${input.document} is kept: upload it first (POST /v1/documents).`,
      [{ field: 'document', detail: 'is not the SHA-256 of a kept document' }],
    );
  }
}

/** Additions name live organizations; new ones that exist already are those. */
function resolveAdditions(tx: Conn, input: EventInput, faults: FieldFault[]) {
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
  return add;
}

/** Each organization at most once per event (an event is one published list's change): the organizations named. */
function organizationsOnce(
  add: EventInput['add'],
  withdrawOrgs: (string | null)[],
  retractOrgs: (string | null)[],
  faults: FieldFault[],
): string[] {
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
  return [...seen.keys()];
}

/** `statementId` null: the first event of a statement about to be created, so nothing to load. */
export function checkEvent(
  tx: Conn,
  statementId: string | null,
  input: EventInput,
): { state: TimelineState; event: ResolvedEvent } {
  if (statementId !== null) requireLiveStatement(tx, statementId);
  requireKeptDocument(tx, input);
  const faults: FieldFault[] = [];
  const resolved =
    statementId === null ? new Map<string, SignatureRow | null>() : resolveRefs(tx, statementId, input, faults);
  const add = resolveAdditions(tx, input, faults);
  const withdrawOrgs = input.withdraw.map(
    (w, i) => w.organizationId ?? resolved.get(`withdraw.${i}`)?.organizationId ?? null,
  );
  const retractOrgs = input.retract.map(
    (r, i) => r.organizationId ?? resolved.get(`retract.${i}`)?.organizationId ?? null,
  );
  const orgIds = organizationsOnce(add, withdrawOrgs, retractOrgs, faults);
  if (faults.length)
    throw invalid(
      'invalid-signatories',
      `The event is not valid: ${faults.map((f) => `${f.field} ${f.detail}`).join('; ')}.`,
      faults,
    );
  const state = statementId === null ? emptyState() : loadState(tx, statementId, orgIds, input.asOf);
  return { state, event: resolvedEvent(input, state, { add, resolved, withdrawOrgs, retractOrgs }) };
}

/** The event with every reference resolved: organizations for all, signatures where it names them. */
function resolvedEvent(
  input: EventInput,
  state: TimelineState,
  refs: {
    add: EventInput['add'];
    resolved: Map<string, SignatureRow | null>;
    withdrawOrgs: (string | null)[];
    retractOrgs: (string | null)[];
  },
): ResolvedEvent {
  const { add, resolved, withdrawOrgs, retractOrgs } = refs;
  const unretracted = [...state.signatures.values()].filter((s) => s.status !== 'retracted');
  const signaturesOf = (orgId: string) => unretracted.filter((s) => s.organizationId === orgId).map((s) => s.id);
  return {
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
  };
}
