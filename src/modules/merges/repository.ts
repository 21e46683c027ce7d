import { desc, eq } from 'drizzle-orm';
import { inTransaction, type Conn } from '../../db/client.js';
import { organizationMerges, signatures, type MergeDetails, type MergeMove } from '../../db/schema.js';
import { conflict, notFound, type FieldFault } from '../../lib/domain-error.js';
import { canonicalHash } from '../../lib/hash-chain.js';
import { nowIso } from '../../lib/ids.js';
import { refuseTaken } from '../organizations/identifiers.js';
import { reviseMergeFields } from '../organizations/merge-state.js';
import { findOrganizationRow, getLiveOrganization } from '../organizations/head.js';
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

type MergeRow = typeof organizationMerges.$inferSelect;

const refused = (detail: string, field: string, fieldDetail: string, extra: Record<string, unknown> = {}) =>
  conflict('merge-refused', detail, [{ field, detail: fieldDetail } satisfies FieldFault], extra);

/** What a merge record's hash covers: all of it and the hash of the record before it. */
export const hashMerge = (record: Omit<MergeRow, 'hash'>) => canonicalHash(record);

function appendRecord(tx: Conn, entry: Omit<MergeRow, 'seq' | 'prevHash' | 'hash'>): MergeRow {
  const last = tx.select().from(organizationMerges).orderBy(desc(organizationMerges.seq)).limit(1).get();
  const content = { ...entry, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? null };
  const record = { ...content, hash: hashMerge(content) };
  tx.insert(organizationMerges).values(record).run();
  return record;
}

const signatureOwner = (db: Conn, signatureId: string) =>
  db.select({ organizationId: signatures.organizationId }).from(signatures).where(eq(signatures.id, signatureId)).get()
    ?.organizationId;

/** Every merge record, in order. */
export const mergeRecords = (db: Conn): MergeRow[] =>
  db.select().from(organizationMerges).orderBy(organizationMerges.seq).all();

/** Recomputes the merge records' chain (`rows` in seq order): the records whose link or hash is wrong. */
export function verifyMergeChain(rows: readonly MergeRow[]): {
  checked: number;
  broken: { seq: number; detail: string }[];
} {
  const broken: { seq: number; detail: string }[] = [];
  let prev: string | null = null;
  for (const [i, row] of rows.entries()) {
    const { hash, ...content } = row;
    if (row.seq !== i + 1) broken.push({ seq: row.seq, detail: `expected merge record ${i + 1}` });
    else if (row.prevHash !== prev)
      broken.push({ seq: row.seq, detail: "prevHash does not match the previous record's hash" });
    else if (hash !== hashMerge(content))
      broken.push({ seq: row.seq, detail: "the stored hash does not match the record's content" });
    prev = hash;
  }
  return { checked: rows.length, broken };
}

/** An organization's latest record holds it merged when it is a merge; an unmerge releases it. */
const holding = <Row extends Pick<MergeRow, 'action'>>(latest: Row | undefined): Row | undefined =>
  latest?.action === 'merge' ? latest : undefined;

/** The merge that holds this organization merged now: its latest record, when that is a merge. */
export function currentMerge(db: Conn, organizationId: string): MergeRow | undefined {
  return holding(
    db
      .select()
      .from(organizationMerges)
      .where(eq(organizationMerges.organizationId, organizationId))
      .orderBy(desc(organizationMerges.seq))
      .limit(1)
      .get(),
  );
}

/**
 * What the records (in seq order) say each head's merge fields are: the organization each one is
 * merged into now, and for each survivor the organizations merged into it, in the order of those
 * merges (as mergeOrganization appends them and unmergeOrganization takes them out).
 */
export function replayMerges(records: readonly Pick<MergeRow, 'seq' | 'action' | 'organizationId' | 'intoId'>[]) {
  const latest = new Map(records.map((r) => [r.organizationId, r]));
  const mergedInto = new Map<string, string>();
  const mergedIds = new Map<string, string[]>();
  for (const record of [...latest.values()].sort((a, b) => a.seq - b.seq)) {
    const merge = holding(record);
    if (!merge) continue;
    mergedInto.set(merge.organizationId, merge.intoId);
    const into = mergedIds.get(merge.intoId);
    if (into) into.push(merge.organizationId);
    else mergedIds.set(merge.intoId, [merge.organizationId]);
  }
  return { mergedInto, mergedIds };
}

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

/**
 * Merges organization `id` (a duplicate) into `into`, in one transaction: per statement, its
 * signatures move as events (moves.ts); where both signed, the earlier signature is kept (the
 * survivor's on a tie) and the other dropped (retracted, and reported); then a revision of each.
 */
export function mergeOrganization(db: Conn, id: string, into: string, reason: string, actor: string): MergeResult {
  return inTransaction(db, () => {
    const dup = findOrganizationRow(db, id);
    if (dup?.mergedInto)
      throw refused(
        `Organization ${id} is merged into ${dup.mergedInto} already.`,
        'id',
        `is merged into ${dup.mergedInto} already`,
        { mergedInto: dup.mergedInto },
      );
    getLiveOrganization(db, id);
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
    const now = nowIso();
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
    const aliases = newSpellings(target, [
      dup?.name ?? null,
      dup?.nameEn ?? null,
      ...(dup?.aliases ?? []),
      ...(dup?.names ?? []).map((n) => n.name),
    ]);
    const known = new Set(target.identifiers.map((i) => `${i.scheme} ${i.value}`));
    const identifiers = (dup?.identifiers ?? []).filter((i) => !known.has(`${i.scheme} ${i.value}`));
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

/**
 * Undoes the merge that holds `id`, as further events and revisions: the signatures the merge
 * made (as they stand now) go back to the organization they came from, and the signatures it
 * dropped come back as they were; the survivor gives back the aliases and identifiers it gained.
 */
export function unmergeOrganization(db: Conn, id: string, reason: string, actor: string): MergeResult {
  return inTransaction(db, () => {
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
      throw refused(
        `Organization ${merge.intoId} was deleted.`,
        'id',
        `was merged into ${merge.intoId}, since deleted`,
      );
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
