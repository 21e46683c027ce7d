// A database written by release 0.1.0 opens with today's code: migrated, its revisions chained,
// its timeline rebuilt from its own events, every answer the same, and verifiable.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ADMIN_KEY, reopen } from './support/app.js';
import { listAt, type Event } from './support/timeline.js';

function oldDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-upgrade-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const databasePath = join(dir, 'old.sqlite');
  copyFileSync(new URL('./fixtures/v0.1.0.sqlite', import.meta.url), databasePath);
  return databasePath;
}

describe('upgrading a 0.1.0 database', () => {
  it('keeps every event and answer, chains old revisions, and verifies', async () => {
    const databasePath = oldDatabase();
    const before = new Database(databasePath, { readonly: true });
    const events = before.prepare('select statement_id, seq, hash from signatory_events order by seq').all() as {
      statement_id: string;
      seq: number;
      hash: string;
    }[];
    const revisionCount = before.prepare('select count(*) from revisions').pluck().get();
    before.close();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    const id = events[0]?.statement_id ?? '';

    const app = await reopen(databasePath);
    const integrity = (await app.inject({ method: 'GET', url: '/v1/integrity' })).json<{
      valid: boolean;
      statements: { broken: unknown[] };
      histories: { broken: unknown[]; checked: number };
    }>();
    expect(integrity).toMatchObject({
      valid: true,
      statements: { broken: [] },
      histories: { broken: [], checked: 33 },
    });
    const chain = (await app.inject({ method: 'GET', url: `/v1/statements/${id}/events?limit=10` })).json<{
      items: { seq: number; hash: string; format: number }[];
    }>();
    expect(chain.items.map((e) => [e.seq, e.hash, e.format])).toEqual(events.map((e) => [e.seq, e.hash, 1]));

    const ctx = { app };
    expect((await listAt(ctx, id, '?asOf=2022-01-21')).total).toBe(31);
    expect((await listAt(ctx, id, '?asOf=2022-02-04')).total).toBe(32);
    const march = await listAt(ctx, id, '?asOf=2022-03-01');
    expect(march.total).toBe(31);
    expect(march.items.map((s) => s.organization.name)).not.toContain('Rode Morgen');

    const withdrawn = (
      await app.inject({ method: 'GET', url: `/v1/signatures?statementId=${id}&status=withdrawn` })
    ).json<{ items: { revision: number; withdrawal: { reason: string; seq: number } }[] }>().items;
    expect(withdrawn).toEqual([
      expect.objectContaining({ withdrawal: expect.objectContaining({ seq: 3, reason: 'left the coalition' }) }),
    ]);
    // The upgrade recorded each signature's new representation as a revision, and said who did it.
    const raw = new Database(databasePath, { readonly: true });
    expect(raw.prepare("select count(*) from revisions where recorded_by like 'upgrade%'").pluck().get()).toBe(32);
    expect(raw.prepare('select count(*) from revisions where hash is null').pluck().get()).toBe(0);
    expect(Number(raw.prepare('select count(*) from revisions').pluck().get())).toBe(Number(revisionCount) + 32);
    raw.close();

    // New events (format 2) chain onto the old ones, and a correction works on old history.
    const res = await app.inject({
      method: 'POST',
      url: `/v1/statements/${id}/events`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: { asOf: '2022-01-25', add: [{ organization: { name: 'Late but early' } }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Event>()).toMatchObject({ seq: 4, format: 2, prevHash: events[2]?.hash, total: 32 });
    expect((await app.inject({ method: 'GET', url: '/v1/integrity' })).json()).toMatchObject({ valid: true });
  });

  it('derives the search text again, so search folds as it does today', async () => {
    const app = await reopen(oldDatabase());
    const found = async (resource: string, q: string) =>
      (await app.inject({ method: 'GET', url: `/v1/${resource}?q=${encodeURIComponent(q)}` }))
        .json<{ items: { name?: string; title?: string }[] }>()
        .items.map((i) => i.name ?? i.title);
    expect(await found('organizations', 'cote divoire')).toEqual(["Parti Communiste Proletarien de Côte d'Ivoire"]);
    expect(await found('organizations', 'tuerkiye komuenist partisi')).toEqual([
      'Türkiye Komünist Partisi – Marksist-Leninist',
    ]);
    expect(await found('organizations', 'ivoire')).toHaveLength(1);
    expect(await found('statements', 'kazakhstan')).toEqual([
      'Solidarity with the workers and popular masses in Kazakhstan!',
    ]);
  });

  it('is done once: a second start changes nothing', async () => {
    const databasePath = oldDatabase();
    await (await reopen(databasePath)).close();
    const count = () => {
      const raw = new Database(databasePath, { readonly: true });
      const n = raw
        .prepare("select (select count(*) from revisions) || '/' || (select count(*) from signature_spans)")
        .pluck()
        .get();
      raw.close();
      return n;
    };
    const first = count();
    await (await reopen(databasePath)).close();
    expect(count()).toBe(first);
  });
});
