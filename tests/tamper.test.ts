// Tampering with a real database file behind the API's back, the way someone with the file would:
// each change is refused by the database itself, or detected by verify, which says where.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalHash } from '../src/lib/hash-chain.js';
import { makeApp, reopen } from './support/app.js';
import { withoutTrigger } from './support/tamper.js';
import { appendOk, threeEvents } from './support/timeline.js';

interface Report {
  valid: boolean;
  firstBadSeq: number | null;
  detail: string | null;
  problems: { part: string; seq: number | null; row: string | null; detail: string }[];
}

/** A statement with history, the app closed, and a plain connection to its file. */
async function tamperable() {
  const t = await makeApp();
  const fixture = await threeEvents(t);
  const checkpoint = (await t.app.inject({ method: 'GET', url: `/v1/statements/${fixture.id}/checkpoint` })).json<{
    checkpoint: string;
  }>().checkpoint;
  await t.app.close();
  const raw = new Database(t.databasePath);
  const reopenAndCheck = async () => {
    raw.close();
    const app = await reopen(t.databasePath);
    const statement = (
      await app.inject({ method: 'GET', url: `/v1/statements/${fixture.id}/integrity` })
    ).json<Report>();
    const database = (await app.inject({ method: 'GET', url: '/v1/integrity' })).json<{
      valid: boolean;
      missingGuards: string[];
      histories: { broken: { id: string; detail: string }[] };
    }>();
    const proof = (await app.inject({ method: 'GET', url: `/v1/checkpoints/verify?checkpoint=${checkpoint}` })).json<{
      valid: boolean;
      detail: string;
    }>();
    return { statement, database, proof };
  };
  return { ...fixture, raw, checkpoint, reopenAndCheck, databasePath: t.databasePath };
}

describe('tampering with the derived tables is detected', () => {
  it('an UPDATE of a signature row: refused for its identity, detected for its standing', async () => {
    const { raw, reopenAndCheck, e1, id } = await tamperable();
    const alpha = e1.items[0]?.signatureId;
    expect(() => raw.prepare("UPDATE signatures SET organization_id = 'org_x' WHERE id = ?").run(alpha)).toThrow(
      /cannot change/,
    );
    raw.prepare("UPDATE signatures SET status = 'withdrawn', withdrawn_as_of = '2022-01-22' WHERE id = ?").run(alpha);
    const { statement, database } = await reopenAndCheck();
    expect(statement.valid).toBe(false);
    expect(statement.problems).toContainEqual(
      expect.objectContaining({ part: 'signatures', row: alpha, detail: expect.stringContaining('the events say') }),
    );
    expect(statement.problems).toContainEqual(expect.objectContaining({ part: 'revisions', row: alpha }));
    expect(database.valid).toBe(false);
    expect(statement.detail).toContain(alpha);
    expect(id).toMatch(/^stm_/);
  });

  it('a span moved to change a historical list, with its trigger dropped first', async () => {
    const { raw, reopenAndCheck, e1 } = await tamperable();
    const beta = e1.items[1]?.signatureId;
    expect(() =>
      raw.prepare("UPDATE signature_spans SET valid_to = '2022-01-22' WHERE signature_id = ?").run(beta),
    ).toThrow(/append-only/);
    raw.exec('DROP TRIGGER signature_spans_close_once');
    raw.prepare("UPDATE signature_spans SET valid_to = '2022-01-22' WHERE signature_id = ?").run(beta);
    const { statement, database } = await reopenAndCheck();
    expect(statement.problems[0]).toMatchObject({ part: 'spans', row: beta, seq: 3 });
    expect(database.missingGuards).toEqual(['signature_spans_close_once']);
  });

  it('a signature row deleted, and one that no event added slipped in: each is named', async () => {
    const { raw, reopenAndCheck, e1 } = await tamperable();
    const alpha = e1.items[0]?.signatureId ?? '';
    const stray = 'sig_stray0000000000';
    // Nothing stops a new row: no event added it, and verify says so.
    raw.exec(
      `INSERT INTO signatures (id, revision, statement_id, organization_id, position, status, added_as_of, created_at, updated_at)
       SELECT '${stray}', 1, statement_id, organization_id, 99, 'active', added_as_of, created_at, updated_at FROM signatures WHERE id = '${alpha}'`,
    );
    withoutTrigger(raw, 'signatures_no_delete', `DELETE FROM signatures WHERE id = '${alpha}'`);
    const { statement } = await reopenAndCheck();
    expect(statement.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          part: 'signatures',
          row: alpha,
          detail: 'is added by the events but has no signature row',
        }),
        expect.objectContaining({ part: 'signatures', row: stray, detail: 'no event ever added this signature' }),
      ]),
    );
  });

  it('an edited revision breaks its chain', async () => {
    const { raw, reopenAndCheck, a } = await tamperable();
    raw.exec('DROP TRIGGER revisions_no_update');
    raw
      .prepare(
        `UPDATE revisions SET state = json_set(state, '$.name', 'Omega') WHERE resource = 'organization' AND resource_id = ? AND revision = 1`,
      )
      .run(a);
    const { database } = await reopenAndCheck();
    expect(database.histories.broken).toEqual([
      expect.objectContaining({ id: a, detail: expect.stringContaining('does not match') }),
    ]);
  });

  it('a rewritten event fails the chain and any checkpoint of it', async () => {
    const { raw, reopenAndCheck, id } = await tamperable();
    raw.exec('DROP TRIGGER signatory_events_no_update');
    raw.prepare("UPDATE signatory_events SET as_of = '2022-01-01' WHERE statement_id = ? AND seq = 2").run(id);
    const { statement, proof } = await reopenAndCheck();
    expect(statement).toMatchObject({ valid: false, firstBadSeq: 2 });
    expect(proof).toMatchObject({ valid: false, detail: expect.stringContaining('not intact') });
  });
});

describe('signed checkpoints catch what a consistent rewrite hides', () => {
  it('deleting the last event and everything it wrote leaves the chain whole, but not the log, nor a checkpoint kept before', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const last = await appendOk(t, id, { asOf: '2022-03-02', add: [{ organization: { name: 'Omega' } }] });
    const kept = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/checkpoint` })).json<{
      checkpoint: string;
      claims: { length: number };
    }>();
    expect(kept.claims.length).toBe(4);
    await t.app.close();

    const raw = new Database(t.databasePath);
    const sig = last.items[0]?.signatureId;
    for (const trigger of [
      'signatory_events_no_delete',
      'signatory_event_items_no_delete',
      'signature_spans_no_delete',
      'signatures_no_delete',
      'revisions_no_delete',
    ])
      raw.exec(`DROP TRIGGER ${trigger}`);
    raw.prepare('DELETE FROM signatory_event_items WHERE statement_id = ? AND seq = 4').run(id);
    raw.prepare('DELETE FROM signatory_events WHERE statement_id = ? AND seq = 4').run(id);
    raw.prepare('DELETE FROM signature_spans WHERE statement_id = ? AND known_from = 4').run(id);
    raw.prepare('DELETE FROM signatures WHERE id = ?').run(sig);
    raw.prepare("DELETE FROM revisions WHERE resource = 'signature' AND resource_id = ?").run(sig);
    raw.close();

    const app = await reopen(t.databasePath);
    // The tail is gone without a trace in the chain itself...
    expect((await app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` })).json()).toMatchObject({
      valid: true,
      length: 3,
    });
    // ...but the log still names what was deleted...
    const database = (await app.inject({ method: 'GET', url: '/v1/integrity' })).json<{
      valid: boolean;
      log: { problems: { index: number | null; detail: string }[] };
    }>();
    expect(database.valid).toBe(false);
    expect(database.log.problems).toContainEqual(
      expect.objectContaining({
        detail: expect.stringMatching(new RegExp(`^names event ${id} 4, which is not in the database with that hash`)),
      }),
    );
    expect(database.log.problems).toContainEqual(
      expect.objectContaining({ detail: expect.stringContaining(`names signature ${sig ?? ''} 1`) }),
    );
    // ...and so does the checkpoint kept before.
    const proof = (
      await app.inject({ method: 'GET', url: `/v1/checkpoints/verify?checkpoint=${kept.checkpoint}` })
    ).json();
    expect(proof).toMatchObject({
      valid: false,
      checkpointLength: 4,
      currentLength: 3,
      detail: expect.stringContaining('events were deleted'),
    });
  });

  it('a revision or merge record rewritten and rehashed contradicts its leaf', async () => {
    const t = await makeApp();
    const { a, c } = await threeEvents(t);
    expect(
      (
        await t.admin({
          method: 'POST',
          url: `/v1/organizations/${c}/merge`,
          payload: { into: a, reason: 'the same party' },
        })
      ).statusCode,
    ).toBe(200);
    await t.app.close();
    const raw = new Database(t.databasePath);
    raw.exec('DROP TRIGGER revisions_no_update; DROP TRIGGER organization_merges_no_update');
    const rehash = (table: string, where: string, content: (row: Record<string, unknown>) => object) => {
      const row = raw.prepare(`SELECT * FROM ${table} WHERE ${where}`).get() as Record<string, unknown>;
      raw.prepare(`UPDATE ${table} SET hash = ? WHERE ${where}`).run(canonicalHash(content(row)));
    };
    raw.prepare("UPDATE organization_merges SET reason = 'a typo' WHERE seq = 1").run();
    rehash('organization_merges', 'seq = 1', ({ hash: _h, details, ...rest }) => ({
      ...rest,
      details: JSON.parse(String(details)) as unknown,
    }));
    raw
      .prepare(
        `UPDATE revisions SET recorded_by = 'mallory' WHERE resource = 'organization' AND resource_id = '${a}' AND revision = 1`,
      )
      .run();
    rehash(
      'revisions',
      `resource = 'organization' AND resource_id = '${a}' AND revision = 1`,
      ({ hash: _h, state, resource, resource_id, revision, action, recorded_at, recorded_by, prev_hash }) => ({
        resource,
        resourceId: resource_id,
        revision,
        action,
        recordedAt: recorded_at,
        recordedBy: recorded_by,
        state: JSON.parse(String(state)) as unknown,
        prevHash: prev_hash,
      }),
    );
    raw.close();
    const app = await reopen(t.databasePath);
    const database = (await app.inject({ method: 'GET', url: '/v1/integrity' })).json<{
      valid: boolean;
      log: { problems: { detail: string }[] };
    }>();
    expect(database.valid).toBe(false);
    expect(database.log.problems.map((p) => p.detail)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^merge ${c} 1: its hash is [0-9a-f]{64}; the log says`)),
        expect.stringMatching(new RegExp(`^revision organization ${a} 1: its hash is`)),
      ]),
    );
  });

  it('accepts a chain that extends the checkpoint, and refuses a forged or foreign one', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const kept = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/checkpoint` })).json<{
      checkpoint: string;
      kid: string;
    }>();
    await appendOk(t, id, { asOf: '2022-03-02', add: [{ organization: { name: 'Omega' } }] });
    const check = async (checkpoint: string) =>
      (await t.app.inject({ method: 'GET', url: `/v1/checkpoints/verify?checkpoint=${checkpoint}` })).json<{
        valid: boolean;
        detail: string;
      }>();
    expect(await check(kept.checkpoint)).toMatchObject({
      valid: true,
      detail: 'the chain extends the checkpointed one by 1 event(s)',
    });
    const [header, payload, signature] = kept.checkpoint.split('.');
    const forged = Buffer.from(payload ?? '', 'base64url')
      .toString()
      .replace('"length":3', '"length":2');
    expect(await check(`${header}.${Buffer.from(forged).toString('base64url')}.${signature}`)).toMatchObject({
      valid: false,
      detail: expect.stringContaining('signature does not verify'),
    });
    const other = await makeApp();
    const foreignId = (await threeEvents(other)).id;
    const foreign = (await other.app.inject({ method: 'GET', url: `/v1/statements/${foreignId}/checkpoint` })).json<{
      checkpoint: string;
    }>();
    expect(await check(foreign.checkpoint)).toMatchObject({
      valid: false,
      detail: expect.stringContaining('no key in the JWKS'),
    });
    const jwks = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: { kid: string; crv: string; d?: string }[];
    }>();
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kid: kept.kid, crv: 'Ed25519', kty: 'OKP', alg: 'EdDSA', use: 'sig' }),
    ]);
    expect(jwks.keys[0]?.d).toBeUndefined();
  });
});
