// A format-1 event (written by 0.1.0) hashes its additions and withdrawals only. A retraction
// slipped into one, with everything derived from it rewritten to agree, changed an old list
// while every check still said ok: the database now refuses the item, and verify reports it.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { appendRevision } from '../src/db/revisions.js';
import { signatures } from '../src/db/schema.js';
import { openMigratedDatabase } from '../src/database.js';
import { toSignature } from '../src/modules/signatures/repository.js';
import { expectedHeads } from '../src/modules/timeline/signature-heads.js';
import { replayTimeline } from '../src/modules/timeline/verify.js';
import { reopen } from './support/app.js';
import { checkFile, withoutTrigger } from './support/tamper.js';
import { listAt } from './support/timeline.js';

/** A copy of the 0.1.0 fixture, upgraded by today's code. */
function upgradedCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-legacy-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const databasePath = join(dir, 'old.sqlite');
  copyFileSync(new URL('./fixtures/v0.1.0.sqlite', import.meta.url), databasePath);
  openMigratedDatabase(databasePath).$client.close();
  return databasePath;
}

describe('format-1 events cannot gain what their hash does not cover', () => {
  it('a retraction added to an old event is refused, and reported when put there with the guard lifted', async () => {
    const databasePath = upgradedCopy();
    const before = await reopen(databasePath);
    const peek = new Database(databasePath, { readonly: true });
    const id = String(peek.prepare('select id from statements').pluck().get());
    peek.close();
    expect((await listAt({ app: before }, id, '?asOf=2022-01-21')).total).toBe(31);
    const kept = (await before.inject({ method: 'GET', url: `/v1/statements/${id}/checkpoint` })).json<{
      checkpoint: string;
    }>().checkpoint;
    await before.close();

    // Strike the organization withdrawn in event 3 (the newest, so the items trigger allows it) from every date.
    const raw = new Database(databasePath);
    const withdrawn = raw
      .prepare(
        "select signature_id, organization_id, position from signatory_event_items where statement_id = ? and seq = 3 and kind = 'withdraw'",
      )
      .get(id) as { signature_id: string; organization_id: string; position: number };
    const retract = `INSERT INTO signatory_event_items (statement_id, seq, ord, kind, signature_id, organization_id, position, reason)
      VALUES ('${id}', 3, 1, 'retract', '${withdrawn.signature_id}', '${withdrawn.organization_id}', ${withdrawn.position}, 'never signed')`;
    expect(() => raw.exec(retract)).toThrow(/format 1 are closed/);
    withoutTrigger(raw, 'signatory_event_items_format1_closed', retract);
    // Everything derived from the events made to agree: the span event 3 opened removed, the signature retracted with a chained revision.
    withoutTrigger(
      raw,
      'signature_spans_no_delete',
      `DELETE FROM signature_spans WHERE signature_id = '${withdrawn.signature_id}' AND known_from = 3`,
    );
    raw.close();
    const db = openDatabase(databasePath);
    const head = [...expectedHeads(replayTimeline(db, id).items)].find(
      ({ first }) => first.signatureId === withdrawn.signature_id,
    )?.head;
    expect(head?.status).toBe('retracted');
    db.$client.transaction(() => {
      const revision =
        (db.select().from(signatures).where(eq(signatures.id, withdrawn.signature_id)).get()?.revision ?? 0) + 1;
      const row = db
        .update(signatures)
        .set({ ...head, revision })
        .where(eq(signatures.id, withdrawn.signature_id))
        .returning()
        .get();
      if (row)
        appendRevision(db, {
          resource: 'signature',
          resourceId: row.id,
          revision,
          action: 'update',
          recordedAt: row.updatedAt,
          recordedBy: 'x',
          state: toSignature(row),
        });
    })();
    db.$client.close();

    const { report, cli } = await checkFile(databasePath);
    const where = `${id}: events at seq 3, ${withdrawn.signature_id}: item 2 (retract) is a retraction, which the format-1 hash does not cover`;
    expect(report).toMatchObject({
      valid: false,
      missingGuards: [],
      changedGuards: [],
      statements: { broken: [{ statementId: id, detail: where.slice(id.length + 2) }] },
    });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`BROKEN  ${where}\n`);

    const after = await reopen(databasePath);
    expect((await listAt({ app: after }, id, '?asOf=2022-01-21')).total).toBe(30);
    const proof = (await after.inject({ method: 'GET', url: `/v1/checkpoints/verify?checkpoint=${kept}` })).json<{
      valid: boolean;
      detail: string;
    }>();
    expect(proof).toMatchObject({ valid: false, detail: expect.stringContaining('not intact') });
  });
});
