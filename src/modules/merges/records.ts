import { desc, eq } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { organizationMerges } from '../../db/schema.js';
import { canonicalHash } from '../../lib/hash-chain.js';

/**
 * The merge records: one hash-chained row per merge or unmerge, in order. What they say is what
 * each organization's merge fields must be (replayMerges; verify compares).
 */

export type MergeRow = typeof organizationMerges.$inferSelect;

/** What a merge record's hash covers: all of it and the hash of the record before it. */
export const hashMerge = (record: Omit<MergeRow, 'hash'>) => canonicalHash(record);

export function appendRecord(tx: Conn, entry: Omit<MergeRow, 'seq' | 'prevHash' | 'hash'>): MergeRow {
  const last = tx.select().from(organizationMerges).orderBy(desc(organizationMerges.seq)).limit(1).get();
  const content = { ...entry, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? null };
  const record = { ...content, hash: hashMerge(content) };
  tx.insert(organizationMerges).values(record).run();
  return record;
}

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
