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
    expect(triggers).toEqual([
      'organizations_fts_insert',
      'organizations_fts_update',
      'organizations_no_delete',
      'revisions_contiguous',
      'revisions_no_delete',
      'revisions_no_update',
      'signatory_event_items_no_delete',
      'signatory_event_items_no_update',
      'signatory_events_in_order',
      'signatory_events_no_delete',
      'signatory_events_no_update',
      'signatures_no_delete',
      'statements_fts_insert',
      'statements_fts_update',
      'statements_no_delete',
    ]);
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

describe('the signatory timeline is append-only in the database itself', () => {
  async function appWithEvents() {
    const t = await makeApp();
    const stm = (await t.admin({ method: 'POST', url: '/v1/statements', payload: { title: 'T', issuer: 'I' } })).json<{ id: string }>().id;
    for (const [asOf, name] of [['2022-01-21', 'A'], ['2022-02-01', 'B']] as const) {
      const res = await t.admin({ method: 'POST', url: `/v1/statements/${stm}/snapshots`, payload: { asOf, add: [{ organization: { name } }] } });
      expect(res.statusCode).toBe(201);
    }
    await t.app.close();
    return { stm, raw: new Database(t.databasePath) };
  }

  it('events and their items cannot be changed or deleted; signatures and statements cannot be deleted', async () => {
    const { raw, stm } = await appWithEvents();
    const events = raw.prepare('select * from signatory_events order by seq').all();
    expect(events).toHaveLength(2);
    expect(() => raw.prepare("update signatory_events set as_of = '2020-01-01'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('delete from signatory_events').run()).toThrow(/append-only/);
    expect(() => raw.prepare('update signatory_event_items set position = 7').run()).toThrow(/append-only/);
    expect(() => raw.prepare('delete from signatory_event_items').run()).toThrow(/append-only/);
    expect(() => raw.prepare('delete from signatures').run()).toThrow(/never deleted/);
    expect(() => raw.prepare('delete from statements where id = ?').run(stm)).toThrow(/soft-deleted/);
    expect(raw.prepare('select * from signatory_events order by seq').all()).toEqual(events);
    raw.close();
  });

  it('an event cannot skip a seq, nor be dated or recorded before the one it follows', async () => {
    const { raw, stm } = await appWithEvents();
    const insert = raw.prepare(
      "insert into signatory_events (statement_id, seq, as_of, recorded_at, recorded_by, total, hash) values (?, ?, ?, ?, 'x', 0, 'h')",
    );
    const later = '2999-01-01T00:00:00.000Z';
    expect(() => insert.run(stm, 4, '2022-03-01', later)).toThrow(/contiguously/);
    expect(() => insert.run(stm, 3, '2022-01-31', later)).toThrow(/dated before/);
    expect(() => insert.run(stm, 3, '2022-03-01', '2000-01-01T00:00:00.000Z')).toThrow(/recorded before/);
    raw.close();
  });
});
