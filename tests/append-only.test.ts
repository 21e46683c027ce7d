import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { makeApp } from './helpers.js';

async function appWithHistory() {
  const t = await makeApp();
  const res = await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'Unité Communiste', country: 'FR' } });
  const id = res.json<{ id: string }>().id;
  await t.admin({ method: 'PATCH', url: `/v1/organizations/${id}`, headers: { 'if-match': '"r1"' }, payload: { nameEn: 'Communist Unity' } });
  await t.app.close();
  return { ...t, id, raw: new Database(t.databasePath) };
}

describe('history is append-only in the database itself', () => {
  it('the migrations leave the guarding triggers in place', async () => {
    const { raw } = await appWithHistory();
    const triggers = raw.prepare("select name from sqlite_master where type = 'trigger' order by name").pluck().all();
    raw.close();
    expect(triggers).toEqual(expect.arrayContaining(['organizations_no_delete', 'revisions_contiguous', 'revisions_no_delete', 'revisions_no_update']));
  });

  it('UPDATE and DELETE on revisions fail, and the rows stay as written', async () => {
    const { raw, id } = await appWithHistory();
    const before = raw.prepare('select * from revisions order by revision').all();
    expect(before).toHaveLength(2);
    expect(() => raw.prepare("update revisions set recorded_by = 'mallory'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('delete from revisions where resource_id = ?').run(id)).toThrow(/append-only/);
    expect(() => raw.prepare('delete from organizations').run()).toThrow(/soft-deleted/);
    expect(raw.prepare('select * from revisions order by revision').all()).toEqual(before);
    raw.close();
  });

  it('a revision number can be neither skipped nor reused', async () => {
    const { raw, id } = await appWithHistory();
    const insert = raw.prepare(
      "insert into revisions (resource, resource_id, revision, action, recorded_at, recorded_by, state) values ('organization', ?, ?, 'update', '2026-01-01T00:00:00.000Z', 'x', '{}')",
    );
    expect(() => insert.run(id, 4)).toThrow(/contiguously/);
    expect(() => insert.run(id, 2)).toThrow();
    raw.close();
  });
});
