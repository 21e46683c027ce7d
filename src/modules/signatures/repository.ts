import { and, asc, eq, gt } from 'drizzle-orm';
import { inTransaction, type Conn } from '../../db/client.js';
import { reviseHead } from '../../db/revisions.js';
import { signatures } from '../../db/schema.js';
import { notFound } from '../../lib/domain-error.js';
import { nowIso } from '../../lib/ids.js';
import type { Signature, SignaturePatch } from './schemas.js';

type Row = typeof signatures.$inferSelect;

export function toSignature(row: Omit<Row, 'seq'>): Signature {
  return {
    id: row.id,
    statementId: row.statementId,
    organizationId: row.organizationId,
    position: row.position,
    status: row.status,
    addedAsOf: row.addedAsOf,
    withdrawnAsOf: row.withdrawnAsOf,
    withdrawal: row.withdrawal ?? null,
    retraction: row.retraction ?? null,
    signedOn: row.signedOn,
    note: row.note,
    printedAs: row.printedAs,
    printedNumber: row.printedNumber,
    revision: row.revision,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function findSignatureRow(db: Conn, id: string): Row | undefined {
  return db.select().from(signatures).where(eq(signatures.id, id)).get();
}

export function getSignature(db: Conn, id: string): Row {
  const row = findSignatureRow(db, id);
  if (!row) throw notFound('Signature', id);
  return row;
}

export function listSignatures(
  db: Conn,
  q: {
    limit: number;
    after?: number | undefined;
    statementId?: string | undefined;
    organizationId?: string | undefined;
    status?: Row['status'] | undefined;
  },
) {
  return db
    .select()
    .from(signatures)
    .where(
      and(
        q.after === undefined ? undefined : gt(signatures.seq, q.after),
        q.statementId ? eq(signatures.statementId, q.statementId) : undefined,
        q.organizationId ? eq(signatures.organizationId, q.organizationId) : undefined,
        q.status ? eq(signatures.status, q.status) : undefined,
      ),
    )
    .orderBy(asc(signatures.seq))
    .limit(q.limit + 1)
    .all();
}

export function updateSignature(
  db: Conn,
  id: string,
  patch: SignaturePatch,
  matches: (revision: number) => boolean,
  actor: string,
): Signature {
  return inTransaction(db, () => {
    const current = getSignature(db, id);
    const now = nowIso();
    return reviseHead(db, {
      resource: 'signature',
      id,
      current,
      matches,
      action: 'update',
      actor,
      now,
      write: (revision) =>
        db
          .update(signatures)
          .set({
            note: patch.note === undefined ? current.note : patch.note,
            signedOn: patch.signedOn === undefined ? current.signedOn : patch.signedOn,
            revision,
            updatedAt: now,
          })
          .where(eq(signatures.id, id))
          .returning()
          .get(),
      toState: toSignature,
    });
  });
}
