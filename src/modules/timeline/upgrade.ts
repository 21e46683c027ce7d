import { canonicalJson } from '../../lib/canonical-json.js';
import { eq, sql } from 'drizzle-orm';
import { inTransaction, type Conn } from '../../db/client.js';
import { appendRevision, revisionChain } from '../../db/revisions.js';
import { signatures, signatureSpans } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { toSignature } from '../signatures/repository.js';
import { expectedHeads } from './signature-heads.js';
import { replayTimeline } from './verify.js';

const UPGRADE_ACTOR = 'upgrade (migration 0006: bitemporal timeline)';

/**
 * Databases from before corrections existed have events but no spans, and signature heads
 * without withdrawal notes. Rebuild both from the events, the record itself, once: heads that
 * change get a new revision saying so. A database already upgraded is left alone.
 */
export function upgradeTimelines(db: Conn): number {
  const pending = db.all<{ id: string }>(sql`select distinct e.statement_id as id from signatory_events e
    where not exists (select 1 from signature_spans s where s.statement_id = e.statement_id)`);
  if (pending.length === 0) return 0;
  inTransaction(db, () => {
    const now = nowIso();
    for (const { id } of pending) {
      const { expected, items, itemsOf, retracted } = replayTimeline(db, id);
      const rows = [...expected.values()];
      for (let i = 0; i < rows.length; i += 200)
        db.insert(signatureSpans)
          .values(rows.slice(i, i + 200))
          .run();
      for (const { first, head } of expectedHeads(items, itemsOf, retracted)) {
        const signatureId = first.signatureId;
        const current = db.select().from(signatures).where(eq(signatures.id, signatureId)).get();
        if (!current) continue;
        const lastState = revisionChain(db, 'signature', signatureId).at(-1)?.state;
        // Skip heads that already say what the events say, in a revision that says the same.
        if (
          canonicalJson(toSignature({ ...current, ...head })) === canonicalJson(lastState) &&
          canonicalJson(toSignature(current)) === canonicalJson(lastState)
        )
          continue;
        const row = db
          .update(signatures)
          .set({ ...head, revision: current.revision + 1, updatedAt: now })
          .where(eq(signatures.id, signatureId))
          .returning()
          .get();
        if (row)
          appendRevision(db, {
            resource: 'signature',
            resourceId: signatureId,
            revision: row.revision,
            action: 'update',
            recordedAt: now,
            recordedBy: UPGRADE_ACTOR,
            state: toSignature(row),
          });
      }
    }
  });
  return pending.length;
}
