import { eq } from 'drizzle-orm';
import { inTransaction, type Conn } from '../../db/client.js';
import { signatures, type MergeDetails, type MergeMove } from '../../db/schema.js';
import { conflict, notFound, type FieldFault } from '../../lib/domain-error.js';
import { nowIso } from '../../lib/ids.js';
import { refuseTaken } from '../organizations/identifiers.js';
import { reviseMergeFields } from '../organizations/merge-state.js';
import { findOrganizationRow, getLiveOrganization, type Row as OrganizationRow } from '../organizations/head.js';
import { newSpellings } from '../organizations/repository.js';
import {
  liveSignaturesOf,
  recordMove,
  stretchesBeforeRetraction,
  stretchesOf,
  type StatementMove,
  type Transfer,
} from './moves.js';
import type { MergeResult } from './schemas.js';
import { END_OF_TIME } from '../../lib/bitemporal.js';
import { appendRecord, currentMerge, type MergeRow } from './records.js';

const refused = (detail: string, field: string, fieldDetail: string, extra: Record<string, unknown> = {}) =>
  conflict('merge-refused', detail, [{ field, detail: fieldDetail } satisfies FieldFault], extra);

const signatureOwner = (db: Conn, signatureId: string) =>
  db.select({ organizationId: signatures.organizationId }).from(signatures).where(eq(signatures.id, signatureId)).get()
    ?.organizationId;

const toResult = (record: MergeRow, survivor: MergeResult['survivor'], moves: MergeMove[]): MergeResult => ({
  merge: {
    seq: record.seq,
    action: record.action,
    organizationId: record.organizationId,
    into: record.intoId,
    reason: record.reason,
    recordedAt: record.recordedAt,
    recordedBy: record.recordedBy,
    prevHash: record.prevHash,
    hash: record.hash,
  },
  survivor,
  moved: moves.filter((m) => m.to.length > 0).map((m) => ({ statementId: m.statementId, from: m.from, to: m.to })),
  clashes: moves.flatMap((m) =>
    m.to.length === 0 && m.keptSignatureId
      ? [{ statementId: m.statementId, dropped: m.from, kept: m.keptSignatureId }]
      : [],
  ),
  events: record.details.events.map(([statementId, seq]) => ({ statementId, seq })),
});

/** The duplicate and the survivor of a merge, or 409 (merge-refused) / 404 / 410 when it cannot be made. */
function mergeable(db: Conn, id: string, into: string): { dup: OrganizationRow; target: OrganizationRow } {
  const merged = findOrganizationRow(db, id)?.mergedInto;
  if (merged)
    throw refused(`Organization ${id} is merged into ${merged} already.`, 'id', `is merged into ${merged} already`, {
      mergedInto: merged,
    });
  const dup = getLiveOrganization(db, id);
  if (into === id)
    throw refused('An organization cannot be merged into itself.', 'into', 'is the organization to merge');
  const target = findOrganizationRow(db, into);
  if (!target) throw refused(`Organization ${into} does not exist.`, 'into', 'does not exist');
  if (target.deletedAt) throw refused(`Organization ${into} was deleted.`, 'into', 'was deleted');
  if (target.mergedInto)
    throw refused(
      `Organization ${into} is itself merged into ${target.mergedInto}: merge into that one.`,
      'into',
      `is merged into ${target.mergedInto}`,
      { mergedInto: target.mergedInto },
    );
  return { dup, target };
}

interface Moved {
  moves: MergeMove[];
  events: [string, number][];
}

/**
 * Per statement, the duplicate's signatures move to the survivor as events; where both signed,
 * the earlier signature is kept (the survivor's on a tie) and the other dropped.
 */
function moveSignatures(db: Conn, id: string, into: string, reason: string, actor: string): Moved {
  const source = `merge of ${id} into ${into}`;
  const dupSignatures = liveSignaturesOf(db, id);
  const survivorSignatures = liveSignaturesOf(db, into);
  const moves: MergeMove[] = [];
  const events: [string, number][] = [];
  for (const [statementId, own] of dupSignatures) {
    const theirs = survivorSignatures.get(statementId) ?? [];
    const earliest = (list: typeof own) => list.map((s) => s.addedAsOf).sort()[0] ?? END_OF_TIME;
    const keepTheirs = theirs.length > 0 && earliest(theirs) <= earliest(own);
    const move: StatementMove = {
      statementId,
      retract: [...own, ...(keepTheirs ? [] : theirs)].map((s) => s.id),
      transfers: keepTheirs
        ? []
        : own.map((s) => ({ from: s.id, organizationId: into, stretches: stretchesOf(db, statementId, [s.id]) })),
    };
    const done = recordMove(db, move, `Merged into ${into}: ${reason}`, actor, source);
    events.push(...done.seqs.map((seq): [string, number] => [statementId, seq]));
    const kept = (keepTheirs ? theirs[0]?.id : done.created.get(own[0]?.id ?? '')?.[0]) ?? undefined;
    for (const s of own)
      moves.push({
        statementId,
        from: s.id,
        organizationId: into,
        to: done.created.get(s.id) ?? [],
        ...(keepTheirs && kept ? { keptSignatureId: kept } : {}),
      });
    if (!keepTheirs)
      for (const s of theirs)
        moves.push({
          statementId,
          from: s.id,
          organizationId: into,
          to: [],
          ...(kept ? { keptSignatureId: kept } : {}),
        });
  }
  return { moves, events };
}

/**
 * Merges organization `id` (a duplicate) into `into`, in one transaction: per statement, its
 * signatures move as events (moves.ts); where both signed, the earlier signature is kept (the
 * survivor's on a tie) and the other dropped (retracted, and reported); then a revision of each.
 */
export function mergeOrganization(db: Conn, id: string, into: string, reason: string, actor: string): MergeResult {
  return inTransaction(db, () => {
    const { dup, target } = mergeable(db, id, into);
    const now = nowIso();
    const { moves, events } = moveSignatures(db, id, into, reason, actor);
    const aliases = newSpellings(target, [dup.name, dup.nameEn, ...dup.aliases, ...dup.names.map((n) => n.name)]);
    const known = new Set(target.identifiers.map((i) => `${i.scheme} ${i.value}`));
    const identifiers = dup.identifiers.filter((i) => !known.has(`${i.scheme} ${i.value}`));
    reviseMergeFields(db, id, { mergedInto: into, identifiers: [] }, actor, now);
    const survivor = reviseMergeFields(
      db,
      into,
      {
        aliases: [...target.aliases, ...aliases],
        identifiers: [...target.identifiers, ...identifiers],
        mergedIds: [...target.mergedIds, id],
      },
      actor,
      now,
    );
    const details: MergeDetails = { moves, aliases, identifiers, events };
    const record = appendRecord(db, {
      action: 'merge',
      organizationId: id,
      intoId: into,
      reason,
      recordedAt: now,
      recordedBy: actor,
      details,
    });
    return toResult(record, survivor, moves);
  });
}

/** The merge that holds `id` and its survivor, or 404 / 409 (merge-refused) when it cannot be undone. */
function unmergeable(db: Conn, id: string): { merge: MergeRow; survivorRow: OrganizationRow } {
  if (!findOrganizationRow(db, id)) throw notFound('Organization', id);
  const merge = currentMerge(db, id);
  if (!merge) throw refused(`Organization ${id} is not merged into another.`, 'id', 'is not merged');
  const survivorRow = findOrganizationRow(db, merge.intoId);
  if (survivorRow?.mergedInto)
    throw refused(
      `Organization ${merge.intoId} is itself merged into ${survivorRow.mergedInto}: unmerge it first.`,
      'id',
      `was merged into ${merge.intoId}, which is merged into ${survivorRow.mergedInto}`,
    );
  if (!survivorRow || survivorRow.deletedAt)
    throw refused(`Organization ${merge.intoId} was deleted.`, 'id', `was merged into ${merge.intoId}, since deleted`);
  return { merge, survivorRow };
}

/**
 * Per statement, the signatures the merge gave the survivor go back (as they stand now) to the
 * organization they came from, and those it dropped come back as they were.
 */
function moveBack(db: Conn, id: string, merge: MergeRow, reason: string, actor: string): Moved {
  const byStatement = new Map<string, MergeMove[]>();
  for (const m of merge.details.moves) byStatement.set(m.statementId, [...(byStatement.get(m.statementId) ?? []), m]);
  const moves: MergeMove[] = [];
  const events: [string, number][] = [];
  for (const [statementId, list] of byStatement) {
    const transfers: Transfer[] = list.map((m) => ({
      from: m.to[0] ?? m.from,
      organizationId: m.to.length > 0 ? id : (signatureOwner(db, m.from) ?? id),
      stretches:
        m.to.length > 0 ? stretchesOf(db, statementId, m.to) : stretchesBeforeRetraction(db, statementId, m.from),
    }));
    // The signatures the merge gave the survivor are retracted (as they stand now); those it dropped come back.
    const made = list.flatMap((m) => m.to);
    const done = recordMove(
      db,
      { statementId, retract: made, transfers: transfers.filter((t) => t.stretches.length > 0) },
      `Unmerged from ${merge.intoId}: ${reason}`,
      actor,
      `unmerge of ${id} from ${merge.intoId}`,
    );
    events.push(...done.seqs.map((seq): [string, number] => [statementId, seq]));
    for (const t of transfers)
      moves.push({ statementId, from: t.from, organizationId: t.organizationId, to: done.created.get(t.from) ?? [] });
  }
  return { moves, events };
}

/**
 * Undoes the merge that holds `id`, as further events and revisions: the signatures the merge
 * made (as they stand now) go back to the organization they came from, and the signatures it
 * dropped come back as they were; the survivor gives back the aliases and identifiers it gained.
 */
export function unmergeOrganization(db: Conn, id: string, reason: string, actor: string): MergeResult {
  return inTransaction(db, () => {
    const { merge, survivorRow } = unmergeable(db, id);
    const now = nowIso();
    // The organizations first (an event adds only organizations not merged away), then the signatures.
    const gained = new Set(merge.details.identifiers.map((i) => `${i.scheme} ${i.value}`));
    const aliases = new Set(merge.details.aliases);
    refuseTaken(db, merge.details.identifiers, merge.intoId, 'identifiers');
    const survivor = reviseMergeFields(
      db,
      merge.intoId,
      {
        aliases: survivorRow.aliases.filter((a) => !aliases.has(a)),
        identifiers: survivorRow.identifiers.filter((i) => !gained.has(`${i.scheme} ${i.value}`)),
        mergedIds: survivorRow.mergedIds.filter((m) => m !== id),
      },
      actor,
      now,
    );
    reviseMergeFields(db, id, { mergedInto: null, identifiers: merge.details.identifiers }, actor, now);
    const { moves, events } = moveBack(db, id, merge, reason, actor);
    const details: MergeDetails = {
      moves,
      aliases: merge.details.aliases,
      identifiers: merge.details.identifiers,
      events,
    };
    const record = appendRecord(db, {
      action: 'unmerge',
      organizationId: id,
      intoId: merge.intoId,
      reason,
      recordedAt: now,
      recordedBy: actor,
      details,
    });
    return toResult(record, survivor, moves);
  });
}
