import { and, eq, inArray, isNull, max, ne, type SQL } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { signatoryEventItems, signatoryEvents, signatures, signatureSpans, statements } from '../../db/schema.js';
import { appendEvent } from '../timeline/append.js';
import { eventOfItem } from '../timeline/events.js';
import type { EventInput } from '../timeline/schemas.js';

/**
 * Signatures change hands in the timeline's own terms: per statement, one event retracts the
 * signatures that move ("this organization never signed": the other one did), and further events,
 * dated as the originals were, add the receiving organization for each stretch the moved
 * signature was on the list (same printed entry, same signing date and note) and withdraw it where
 * that stretch ended. Nothing is rewritten, so a read as known before shows the list as it was.
 * New signatures take new positions, at the end of the list; the printed entry keeps its number.
 */

export interface Stretch {
  signatureId: string;
  validFrom: string;
  validTo: string | null;
  printedAs: string | null;
  printedNumber: number | null;
}

/** A signature to be given to `organizationId`, stretch by stretch. */
export interface Transfer {
  from: string;
  organizationId: string;
  stretches: Stretch[];
}

export interface StatementMove {
  statementId: string;
  /** Signatures to retract (those retracted already are left as they are). */
  retract: string[];
  transfers: Transfer[];
}

type SignatureRow = typeof signatures.$inferSelect;

const stretchColumns = {
  signatureId: signatureSpans.signatureId,
  validFrom: signatureSpans.validFrom,
  validTo: signatureSpans.validTo,
  printedAs: signatureSpans.printedAs,
  printedNumber: signatureSpans.printedNumber,
};

/** Stretches of one statement's signatures that meet `conditions`, in date order. */
function stretchesWhere(db: Conn, statementId: string, ...conditions: SQL[]): Stretch[] {
  return db
    .select(stretchColumns)
    .from(signatureSpans)
    .where(and(eq(signatureSpans.statementId, statementId), ...conditions))
    .orderBy(signatureSpans.validFrom)
    .all();
}

/** The stretches of these signatures on the list as known now. */
export function stretchesOf(db: Conn, statementId: string, signatureIds: string[]): Stretch[] {
  if (signatureIds.length === 0) return [];
  return stretchesWhere(
    db,
    statementId,
    inArray(signatureSpans.signatureId, signatureIds),
    isNull(signatureSpans.knownTo),
  );
}

/** A retracted signature's stretches as known right before its retraction: the last ones closed. */
export function stretchesBeforeRetraction(db: Conn, statementId: string, signatureId: string): Stretch[] {
  const last = db
    .select({ knownTo: max(signatureSpans.knownTo) })
    .from(signatureSpans)
    .where(and(eq(signatureSpans.statementId, statementId), eq(signatureSpans.signatureId, signatureId)))
    .get()?.knownTo;
  if (last == null) return [];
  return stretchesWhere(db, statementId, eq(signatureSpans.signatureId, signatureId), eq(signatureSpans.knownTo, last));
}

/** Unretracted signatures of an organization, on statements that are not deleted, by statement. */
export function liveSignaturesOf(db: Conn, organizationId: string) {
  const rows = db
    .select({ signature: signatures })
    .from(signatures)
    .innerJoin(statements, eq(statements.id, signatures.statementId))
    .where(
      and(
        eq(signatures.organizationId, organizationId),
        ne(signatures.status, 'retracted'),
        isNull(statements.deletedAt),
      ),
    )
    .orderBy(signatures.statementId, signatures.position)
    .all();
  const out = new Map<string, (typeof rows)[number]['signature'][]>();
  for (const { signature } of rows)
    out.set(signature.statementId, [...(out.get(signature.statementId) ?? []), signature]);
  return out;
}

/** Why each withdrawal of a signature was recorded, by its date. */
function withdrawalReasons(db: Conn, statementId: string, signatureId: string): Map<string, string | null> {
  const rows = db
    .select({ asOf: signatoryEvents.asOf, reason: signatoryEventItems.reason })
    .from(signatoryEventItems)
    .innerJoin(signatoryEvents, eventOfItem)
    .where(
      and(
        eq(signatoryEventItems.statementId, statementId),
        eq(signatoryEventItems.signatureId, signatureId),
        eq(signatoryEventItems.kind, 'withdraw'),
      ),
    )
    .orderBy(signatoryEventItems.seq)
    .all();
  return new Map(rows.map((r) => [r.asOf, r.reason]));
}

export interface MoveResult {
  /** Events recorded, by seq. */
  seqs: number[];
  /** For each transfer, the new signatures, in order of their stretches. */
  created: Map<string, string[]>;
}

const today = () => new Date().toISOString().slice(0, 10);

/** An event names an organization once: two signatures of one organization go in two events. */
function inRounds<T extends { organizationId: string }>(heads: T[]): T[][] {
  const rounds: T[][] = [];
  for (const head of heads) {
    const round = rounds.find((r) => !r.some((h) => h.organizationId === head.organizationId));
    if (round) round.push(head);
    else rounds.push([head]);
  }
  return rounds;
}

type Step = { date: string; kind: 'withdraw' | 'add'; transfer: Transfer; stretch: Stretch };

/** Each stretch's addition and, where it ended, its withdrawal: by date, each date's withdrawals before its additions. */
function transferSteps(transfers: Transfer[]): Step[] {
  const steps: Step[] = [];
  for (const transfer of transfers) {
    for (const stretch of transfer.stretches) {
      steps.push({ date: stretch.validFrom, kind: 'add', transfer, stretch });
      if (stretch.validTo !== null) steps.push({ date: stretch.validTo, kind: 'withdraw', transfer, stretch });
    }
  }
  return steps.sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.kind === b.kind ? 0 : a.kind === 'withdraw' ? -1 : 1,
  );
}

/**
 * Takes the next event's steps off `steps`: those of the first one's date and kind, each in an
 * event of its own where an organization comes again (an event names an organization once).
 */
function nextBatch(steps: Step[], first: Step): Step[] {
  const batch: Step[] = [];
  const orgs = new Set<string>();
  for (let i = 0; i < steps.length;) {
    const step = steps[i];
    if (step && step.date === first.date && step.kind === first.kind && !orgs.has(step.transfer.organizationId)) {
      batch.push(step);
      orgs.add(step.transfer.organizationId);
      steps.splice(i, 1);
    } else i++;
  }
  return batch;
}

/** The signatures with these ids, by id. */
function signaturesById(db: Conn, ids: string[]): Map<string, SignatureRow> {
  return new Map(
    db
      .select()
      .from(signatures)
      .where(inArray(signatures.id, ids.concat([''])))
      .all()
      .map((h) => [h.id, h]),
  );
}

/** A batch's additions: the receiving organization, printed as in the stretch, signed as the signature it takes over. */
function additionsOf(batch: Step[], fromHeads: Map<string, SignatureRow>): EventInput['add'] {
  return batch.map(({ transfer, stretch }) => {
    const head = fromHeads.get(transfer.from);
    return {
      organizationId: transfer.organizationId,
      printedAs: stretch.printedAs ?? undefined,
      printedNumber: stretch.printedNumber ?? undefined,
      signedOn: head?.signedOn ?? undefined,
      note: head?.note ?? undefined,
    };
  });
}

/** Records the events of one statement's move, inside the caller's transaction. */
export function recordMove(db: Conn, move: StatementMove, reason: string, actor: string, source: string): MoveResult {
  const seqs: number[] = [];
  const created = new Map<string, string[]>();
  for (const transfer of move.transfers) created.set(transfer.from, []);
  const heads = db
    .select()
    .from(signatures)
    .where(
      and(
        eq(signatures.statementId, move.statementId),
        inArray(signatures.id, move.retract.concat([''])),
        ne(signatures.status, 'retracted'),
      ),
    )
    .all();
  const allStretches = move.transfers.flatMap((t) => t.stretches);
  const firstDate = [...allStretches.map((s) => s.validFrom), ...heads.map((h) => h.addedAsOf)].sort()[0] ?? today();
  const append = (input: Omit<EventInput, 'add' | 'withdraw' | 'retract'> & Partial<EventInput>) => {
    const event = appendEvent(
      db,
      move.statementId,
      { add: [], withdraw: [], retract: [], ...input, source, note: reason },
      actor,
    );
    seqs.push(event.seq);
    return event;
  };
  for (const round of inRounds(heads))
    append({ asOf: firstDate, retract: round.map((head) => ({ signatureId: head.id, reason })) });
  const steps = transferSteps(move.transfers);
  const fromHeads = signaturesById(
    db,
    move.transfers.map((t) => t.from),
  );
  for (let first = steps[0]; first; first = steps[0]) {
    const batch = nextBatch(steps, first);
    if (first.kind === 'add') {
      const event = append({ asOf: first.date, add: additionsOf(batch, fromHeads) });
      batch.forEach(({ transfer }, i) => {
        const item = event.items[i];
        if (item) created.get(transfer.from)?.push(item.signatureId);
      });
    } else {
      append({
        asOf: first.date,
        withdraw: batch.map(({ transfer, stretch }) => ({
          organizationId: transfer.organizationId,
          reason: withdrawalReasons(db, move.statementId, stretch.signatureId).get(first.date) ?? undefined,
        })),
      });
    }
  }
  return { seqs, created };
}
