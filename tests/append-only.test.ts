import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { registerLogFunctions } from '../src/db/client.js';
import { makeApp } from './support/app.js';

async function appWithHistory() {
  const t = await makeApp();
  const res = await t.admin({
    method: 'POST',
    url: '/v1/organizations',
    payload: { name: 'Unité Communiste', country: 'FR' },
  });
  const id = res.json<{ id: string }>().id;
  await t.admin({
    method: 'PATCH',
    url: `/v1/organizations/${id}`,
    headers: { 'if-match': '"r1"' },
    payload: { nameEn: 'Communist Unity' },
  });
  await t.app.close();
  const raw = new Database(t.databasePath);
  // The log's hashing, as every connection of the app has it: the guards under test fire either way.
  registerLogFunctions(raw);
  return { ...t, id, raw };
}

describe('history is append-only in the database itself', () => {
  it('the migrations leave the guarding triggers in place', async () => {
    const { raw } = await appWithHistory();
    const triggers = raw.prepare("select name from sqlite_master where type = 'trigger' order by name").pluck().all();
    raw.close();
    // Spelled out: verify takes its list (and each trigger's SQL) from the migrations themselves.
    expect(triggers).toEqual([
      'document_captures_logged',
      'document_captures_no_delete',
      'document_captures_no_replace',
      'document_captures_no_update',
      'documents_no_delete',
      'documents_no_replace',
      'documents_no_update',
      'key_rotations_in_order',
      'key_rotations_logged',
      'key_rotations_no_delete',
      'key_rotations_no_update',
      'log_append_insert',
      'log_entries_in_order',
      'log_entries_no_delete',
      'log_entries_no_update',
      'organization_merges_chained',
      'organization_merges_logged',
      'organization_merges_no_delete',
      'organization_merges_no_update',
      'organizations_fts_update',
      'organizations_identity_fixed',
      'organizations_no_delete',
      'organizations_no_replace',
      'outbox_cache_purge_on_event',
      'outbox_cache_purge_on_revision',
      'outbox_message_fixed',
      'outbox_no_delete',
      'outbox_webhook_on_event',
      'outbox_webhook_on_proposal',
      'outbox_webhook_on_statement_revision',
      'revisions_chained',
      'revisions_contiguous',
      'revisions_logged',
      'revisions_no_delete',
      'revisions_no_update',
      'signatory_event_items_append_only',
      'signatory_event_items_format1_closed',
      'signatory_event_items_no_delete',
      'signatory_event_items_no_update',
      'signatory_events_document_kept',
      'signatory_events_in_order',
      'signatory_events_logged',
      'signatory_events_no_delete',
      'signatory_events_no_update',
      'signature_spans_close_once',
      'signature_spans_no_delete',
      'signature_spans_no_replace',
      'signatures_identity_fixed',
      'signatures_no_delete',
      'signatures_no_replace',
      'signing_keys_no_delete',
      'signing_keys_no_replace',
      'signing_keys_no_update',
      'statements_fts_insert',
      'statements_fts_update',
      'statements_identity_fixed',
      'statements_no_delete',
      'statements_no_replace',
      'webhook_deliveries_no_delete',
      'webhook_deliveries_no_replace',
      'webhook_deliveries_no_update',
      'webhook_subscriptions_fixed',
      'webhook_subscriptions_listed',
      'webhook_subscriptions_no_delete',
      'webhook_subscriptions_no_replace',
      'webhook_subscriptions_relisted',
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
      "insert into revisions (resource, resource_id, revision, action, recorded_at, recorded_by, state, hash) values ('organization', ?, ?, 'update', '2026-01-01T00:00:00.000Z', 'x', '{}', 'h')",
    );
    expect(() => insert.run(id, 4)).toThrow(/contiguously/);
    expect(() => insert.run(id, 2)).toThrow();
    raw.close();
  });
});

describe('the signatory timeline is append-only in the database itself', () => {
  async function appWithEvents() {
    const t = await makeApp();
    const stm = (await t.admin({ method: 'POST', url: '/v1/statements', payload: { title: 'T', issuer: 'I' } })).json<{
      id: string;
    }>().id;
    for (const [asOf, name] of [
      ['2022-01-21', 'A'],
      ['2022-02-01', 'B'],
    ] as const) {
      const res = await t.admin({
        method: 'POST',
        url: `/v1/statements/${stm}/events`,
        payload: { asOf, add: [{ organization: { name } }] },
      });
      expect(res.statusCode).toBe(201);
    }
    await t.app.close();
    const raw = new Database(t.databasePath);
    registerLogFunctions(raw);
    return { stm, raw };
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

  it('an event cannot skip a seq, be recorded before the one it follows, or fail to chain to it', async () => {
    const { raw, stm } = await appWithEvents();
    const head = raw.prepare('select hash from signatory_events where statement_id = ? and seq = 2').pluck().get(stm);
    const insert = raw.prepare(
      "insert into signatory_events (statement_id, seq, as_of, recorded_at, recorded_by, total, prev_hash, hash) values (?, ?, ?, ?, 'x', 0, ?, 'h')",
    );
    const later = '2999-01-01T00:00:00.000Z';
    expect(() => insert.run(stm, 4, '2022-03-01', later, head)).toThrow(/contiguously/);
    expect(() => insert.run(stm, 3, '2022-03-01', '2000-01-01T00:00:00.000Z', head)).toThrow(/recorded before/);
    expect(() => insert.run(stm, 3, '2022-03-01', later, 'not the head')).toThrow(/chain/);
    // An earlier date is a correction, which the record allows.
    expect(() => insert.run(stm, 3, '2021-01-01', later, head)).not.toThrow();
    expect(() =>
      raw
        .prepare(
          "insert into signatory_event_items (statement_id, seq, ord, kind, signature_id, organization_id, position) values (?, 1, 9, 'add', 's', 'o', 9)",
        )
        .run(stm),
    ).toThrow(/newest event/);
    raw.close();
  });
});

describe("REPLACE cannot get around the guards, whatever the connection's pragmas", () => {
  it('INSERT OR REPLACE, REPLACE INTO and UPDATE OR REPLACE are refused on every append-only table', async () => {
    const t = await makeApp();
    const stm = (await t.admin({ method: 'POST', url: '/v1/statements', payload: { title: 'T', issuer: 'I' } })).json<{
      id: string;
    }>().id;
    for (const [asOf, name] of [
      ['2022-01-21', 'A'],
      ['2022-01-22', 'B'],
    ] as const) {
      expect(
        (
          await t.admin({
            method: 'POST',
            url: `/v1/statements/${stm}/events`,
            payload: { asOf, add: [{ organization: { name } }] },
          })
        ).statusCode,
      ).toBe(201);
    }
    await t.app.close();
    // A plain connection that never set recursive_triggers: REPLACE would delete silently.
    const raw = new Database(t.databasePath);
    expect(raw.pragma('recursive_triggers', { simple: true })).toBe(0);
    const snapshot = () =>
      [
        'signatory_events',
        'signatory_event_items',
        'signatures',
        'signature_spans',
        'revisions',
        'organizations',
        'statements',
        'log_entries',
      ].map((table) => raw.prepare(`select * from ${table}`).all());
    const before = snapshot();
    const copyOf = (table: string, where = '1') =>
      `INSERT OR REPLACE INTO ${table} SELECT * FROM ${table} WHERE ${where} LIMIT 1`;
    const attempts = [
      copyOf('signatory_events'),
      'REPLACE INTO signatory_events SELECT * FROM signatory_events WHERE seq = 2',
      copyOf('signatory_event_items', 'seq = 2'),
      copyOf('signatures'),
      copyOf('signature_spans'),
      copyOf('revisions'),
      copyOf('organizations'),
      copyOf('statements'),
      copyOf('log_entries'),
      copyOf('log_entries', 'idx = 3'),
      'UPDATE OR REPLACE signatures SET position = 1 WHERE position = 2',
      'UPDATE OR REPLACE signatures SET id = (SELECT min(id) FROM signatures) WHERE position = 2',
      'UPDATE OR REPLACE organizations SET id = (SELECT min(id) FROM organizations)',
      'UPDATE OR REPLACE revisions SET revision = 1',
      'UPDATE OR REPLACE signature_spans SET known_from = 1',
      'UPDATE OR REPLACE log_entries SET idx = 0',
    ];
    for (const sql of attempts) expect(() => raw.prepare(sql).run(), sql).toThrow();
    expect(snapshot()).toEqual(before);
    raw.close();
  });
});
