import { and, asc, eq, gt } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { proposals } from '../../db/schema.js';
import { conflict, notFound } from '../../lib/domain-error.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { ImportResult } from '../imports/schemas.js';

type Row = typeof proposals.$inferSelect;

export const toProposal = (row: Row) => ({
  id: row.id,
  statementId: row.statementId,
  sourceId: row.sourceId,
  document: row.document,
  status: row.status,
  attention: row.attention,
  plan: row.plan as ImportResult,
  createdAt: row.createdAt,
  decidedAt: row.decidedAt,
  decidedBy: row.decidedBy,
  reason: row.reason,
  eventSeq: row.eventSeq,
});

/**
 * Why a change must wait for a person, read from its dry run: anything but adding organizations
 * that are known, or new and unambiguous, as the list prints them.
 */
export function attentionOf(plan: ImportResult): string[] {
  const reasons: string[] = [];
  if (plan.withdrawn.length > 0)
    reasons.push(`withdraws ${plan.withdrawn.length}: ${plan.withdrawn.map((w) => w.name).join(', ')}`);
  const ambiguous = plan.entries.filter((e) => (e.match.reason as string) === 'ambiguous');
  if (ambiguous.length > 0)
    reasons.push(
      `${ambiguous.length} entries could be more than one organization: ${ambiguous.map((e) => `no. ${e.number}`).join(', ')}`,
    );
  const renamed = plan.entries.filter((e) => e.newAliases.length > 0);
  if (renamed.length > 0)
    reasons.push(
      `prints ${renamed.length} known organization(s) under another name: ${renamed.map((e) => e.printedAs).join('; ')}`,
    );
  if (plan.backfill) reasons.push(`dated ${plan.asOf}, before the latest list: a correction of the past`);
  if (plan.version !== null && plan.version !== 'unchanged')
    reasons.push(
      `its title or text would ${plan.version === 'added' ? 'add' : 'change'} the statement's version in ${plan.language}`,
    );
  if (plan.warnings.length > 0)
    reasons.push(`the document reads with warnings: ${plan.warnings.map((w) => w.message).join('; ')}`);
  return reasons;
}

/** A new proposal of a source; the source's earlier pending ones are superseded by it. */
export function createProposal(
  db: Conn,
  input: { statementId: string; sourceId: string; document: string; plan: ImportResult },
): Row {
  const now = nowIso();
  db.update(proposals)
    .set({ status: 'superseded', decidedAt: now })
    .where(and(eq(proposals.sourceId, input.sourceId), eq(proposals.status, 'pending')))
    .run();
  return db
    .insert(proposals)
    .values({
      id: newId('prp'),
      ...input,
      plan: { ...input.plan },
      status: 'pending',
      attention: attentionOf(input.plan),
      createdAt: now,
    })
    .returning()
    .get();
}

export function getProposal(db: Conn, id: string): Row {
  const row = db.select().from(proposals).where(eq(proposals.id, id)).get();
  if (!row) throw notFound('Proposal', id);
  return row;
}

export function pendingProposal(db: Conn, id: string): Row {
  const row = getProposal(db, id);
  if (row.status !== 'pending')
    throw conflict(
      'proposal-decided',
      `Proposal ${id} is ${row.status} already.`,
      [{ field: 'id', detail: `is ${row.status}` }],
      { proposalStatus: row.status },
    );
  return row;
}

export function listProposals(
  db: Conn,
  statementId: string,
  query: { status?: Row['status'] | undefined; after?: number | undefined; limit: number },
): Row[] {
  return db
    .select()
    .from(proposals)
    .where(
      and(
        eq(proposals.statementId, statementId),
        query.status ? eq(proposals.status, query.status) : undefined,
        query.after === undefined ? undefined : gt(proposals.seq, query.after),
      ),
    )
    .orderBy(asc(proposals.seq))
    .limit(query.limit + 1)
    .all();
}

export function decide(
  db: Conn,
  id: string,
  decision: { status: 'accepted' | 'rejected'; actor: string; reason?: string; eventSeq?: number | null },
): Row {
  const row = db
    .update(proposals)
    .set({
      status: decision.status,
      decidedAt: nowIso(),
      decidedBy: decision.actor,
      reason: decision.reason ?? null,
      eventSeq: decision.eventSeq ?? null,
    })
    .where(and(eq(proposals.id, id), eq(proposals.status, 'pending')))
    .returning()
    .get();
  if (!row)
    throw conflict('proposal-decided', `Proposal ${id} was decided meanwhile.`, [
      { field: 'id', detail: 'is no longer pending' },
    ]);
  return row;
}
