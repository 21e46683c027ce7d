import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { organizations, signatoryEventItems, signatoryEvents, signatures } from '../../db/schema.js';
import { eventOfItem } from './events.js';
import { organizationColumns } from './read.js';
import type { Signatory } from './schemas.js';

/**
 * Who left a list, for the page that prints it: withdrawals (they signed, then withdrew as of a
 * date: struck through where they stood) and retractions (they never signed: noted apart). Read
 * from the record of events 1..knownSeq, the same knowledge the list itself was read at.
 */

export interface Departure {
  kind: 'withdraw' | 'retract';
  signatureId: string;
  position: number;
  /** The date of the event that recorded it (valid time). */
  asOf: string;
  recordedAt: string;
  reason: string | null;
  printedAs: string | null;
  organization: Signatory['organization'];
}

/**
 * Withdrawals dated on or before `asOf` of signatures that are not on the list as of `asOf` (a
 * later re-addition wins), the latest per signature; and every retraction known, whatever its date.
 */
export function departuresAt(
  db: Conn,
  statementId: string,
  knownSeq: number | null,
  asOf: string | undefined,
  onList: ReadonlySet<string>,
) {
  if (knownSeq === null) return { withdrawn: [], retracted: [] };
  const rows = db
    .select({
      kind: signatoryEventItems.kind,
      signatureId: signatoryEventItems.signatureId,
      position: signatoryEventItems.position,
      asOf: signatoryEvents.asOf,
      recordedAt: signatoryEvents.recordedAt,
      reason: signatoryEventItems.reason,
      // As the list printed the entry that is now struck through.
      printedAs: sql<string | null>`coalesce(${signatoryEventItems.printedAs}, ${signatures.printedAs})`,
      organization: organizationColumns,
    })
    .from(signatoryEventItems)
    .innerJoin(signatoryEvents, eventOfItem)
    .innerJoin(organizations, eq(organizations.id, signatoryEventItems.organizationId))
    .innerJoin(signatures, eq(signatures.id, signatoryEventItems.signatureId))
    .where(
      and(
        eq(signatoryEventItems.statementId, statementId),
        lte(signatoryEventItems.seq, knownSeq),
        inArray(signatoryEventItems.kind, ['withdraw', 'retract']),
      ),
    )
    .orderBy(asc(signatoryEvents.asOf), asc(signatoryEventItems.seq), asc(signatoryEventItems.ord))
    .all();
  const retracted = new Map<string, Departure>();
  const withdrawn = new Map<string, Departure>();
  for (const row of rows) {
    if (row.kind === 'add') continue;
    const departure: Departure = { ...row, kind: row.kind };
    if (row.kind === 'retract') retracted.set(row.signatureId, departure);
    else if (asOf === undefined || row.asOf <= asOf) withdrawn.set(row.signatureId, departure);
  }
  const byPosition = (a: Departure, b: Departure) => a.position - b.position;
  return {
    withdrawn: [...withdrawn.values()]
      .filter((d) => !onList.has(d.signatureId) && !retracted.has(d.signatureId))
      .sort(byPosition),
    retracted: [...retracted.values()].sort(byPosition),
  };
}
