import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, reopen, type TestApp } from './helpers.js';

interface Signatory {
  position: number;
  signatureId: string;
  addedAsOf: string;
  printedAs: string | null;
  organization: { id: string; name: string; abbreviation: string | null; country: string | null };
}
interface SignatoryList {
  statementId: string;
  asOf: string | null;
  knownAt: string;
  snapshotSeq: number | null;
  total: number;
  items: Signatory[];
}
interface Event {
  statementId: string;
  seq: number;
  asOf: string;
  recordedAt: string;
  recordedBy: string;
  total: number;
  prevHash: string | null;
  hash: string;
  added: { signatureId: string; organizationId: string; position: number }[];
  withdrawn: { signatureId: string; organizationId: string; position: number; reason: string | null }[];
}

async function org(t: TestApp, name: string, extra: object = {}) {
  const res = await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name, ...extra } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function statement(t: TestApp, extra: object = {}) {
  const res = await t.admin({
    method: 'POST',
    url: '/v1/statements',
    payload: { title: 'Solidarity with the workers and popular masses in Kazakhstan!', issuer: 'ICOR', kind: 'resolution', publishedOn: '2022-01-21', language: 'en', body: 'Text.', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function append(t: TestApp, id: string, payload: object) {
  return t.admin({ method: 'POST', url: `/v1/statements/${id}/snapshots`, payload });
}

async function appendOk(t: TestApp, id: string, payload: object) {
  const res = await append(t, id, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Event>();
}

const names = (list: { items: Signatory[] } | { added: Signatory[] }) => ('items' in list ? list.items : list.added).map((s) => s.organization.name);

/** A statement with three events over three dates, one of them a withdrawal. */
async function threeEvents(t: TestApp) {
  const [a, b, c, d] = [await org(t, 'Alpha'), await org(t, 'Beta'), await org(t, 'Gamma'), await org(t, 'Delta')];
  const id = await statement(t);
  const e1 = await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: a }, { organizationId: b }, { organizationId: c }], source: 'https://example.org/list-1' });
  const e2 = await appendOk(t, id, { asOf: '2022-02-01', add: [{ organizationId: d, printedAs: '4. D Delta' }, { organization: { name: 'Epsilon', country: 'FR' } }] });
  const e3 = await appendOk(t, id, { asOf: '2022-03-01', withdraw: [{ organizationId: b, reason: 'left the coalition' }] });
  return { id, a, b, c, d, e1, e2, e3 };
}

describe('statements', () => {
  it('are versioned like organizations and show the current signatory count', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const got = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ issuer: 'ICOR', kind: 'resolution', publishedOn: '2022-01-21', language: 'en', openForSignatures: true, signatoryCount: 4, revision: 1 });
    expectProblem(await t.admin({ method: 'PATCH', url: `/v1/statements/${id}`, payload: { openForSignatures: false } }), 428);
    expectProblem(await t.admin({ method: 'PATCH', url: `/v1/statements/${id}`, headers: { 'if-match': '"r2"' }, payload: { openForSignatures: false } }), 412);
    const patched = await t.admin({ method: 'PATCH', url: `/v1/statements/${id}`, headers: { 'if-match': '"r1"' }, payload: { openForSignatures: false, language: 'de-ch' } });
    expect(patched.json()).toMatchObject({ revision: 2, openForSignatures: false, language: 'de-CH', signatoryCount: 4 });
    const revs = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/revisions` });
    expect(revs.json<{ items: { revision: number }[] }>().items.map((r) => r.revision)).toEqual([2, 1]);
    expectProblem(await t.as('editor', { method: 'DELETE', url: '/v1/statements/stm_nope' }), 404);
    expectProblem(await t.app.inject({ method: 'POST', url: '/v1/statements', payload: { title: 'x', issuer: 'y' } }), 401);
  });

  it('validate kind, language, dates and URLs', async () => {
    const t = await makeApp();
    const res = await t.admin({ method: 'POST', url: '/v1/statements', payload: { title: 'T', issuer: 'I', kind: 'memo', language: 'not a tag!', publishedOn: '2022-02-30', sourceUrl: 'nope' } });
    expect(expectProblem(res, 400).errors?.map((e) => e.field).sort()).toEqual(['kind', 'language', 'publishedOn', 'sourceUrl']);
  });

  it('filter by q, issuer and signedBy, and paginate', async () => {
    const t = await makeApp();
    const { id, a, b } = await threeEvents(t);
    const other = await statement(t, { title: 'Open letter on Ukraine', issuer: 'Coalition', kind: 'open-letter', body: 'Für den Frieden' });
    const ids = async (q: string) => (await t.app.inject({ method: 'GET', url: `/v1/statements?${q}` })).json<{ items: { id: string }[] }>().items.map((s) => s.id);
    expect(await ids('q=kazakhstan')).toEqual([id]);
    expect(await ids('q=fur%20frieden')).toEqual([other]);
    expect(await ids('issuer=icor')).toEqual([id]);
    expect(await ids(`signedBy=${a}`)).toEqual([id]);
    expect(await ids(`signedBy=${b}`)).toEqual([]); // withdrawn
    expect(await ids('limit=1')).toEqual([id]);
    const page = await t.app.inject({ method: 'GET', url: '/v1/statements?limit=1' });
    expect(page.headers.link).toContain('rel="next"');
  });
});

describe('signatory events', () => {
  it('number events, chain their hashes, keep positions and record who and when', async () => {
    const t = await makeApp();
    const { id, e1, e2, e3, b } = await threeEvents(t);
    expect([e1.seq, e2.seq, e3.seq]).toEqual([1, 2, 3]);
    expect([e1.total, e2.total, e3.total]).toEqual([3, 5, 4]);
    expect(e1.prevHash).toBeNull();
    expect(e2.prevHash).toBe(e1.hash);
    expect(e3.prevHash).toBe(e2.hash);
    expect(e1.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(e1.recordedBy).toBe('admin (UNDERSIGNED_ADMIN_KEY)');
    expect(e2.added.map((x) => x.position)).toEqual([4, 5]);
    expect(e3.withdrawn).toEqual([expect.objectContaining({ organizationId: b, position: 2, reason: 'left the coalition' })]);

    const list = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/snapshots` });
    expect(list.json<{ items: { seq: number; addedCount: number; withdrawnCount: number }[] }>().items.map((e) => [e.seq, e.addedCount, e.withdrawnCount])).toEqual([
      [1, 3, 0],
      [2, 2, 0],
      [3, 0, 1],
    ]);

    const one = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/snapshots/2` });
    expect(one.statusCode).toBe(200);
    expect(one.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(one.headers.etag).toBe(`"${e2.hash}"`);
    const detail = one.json<Event & { signatories: Signatory[] }>();
    expect(detail.hash).toBe(e2.hash);
    expect(detail.signatories.map((s) => [s.position, s.organization.name])).toEqual([
      [1, 'Alpha'],
      [2, 'Beta'],
      [3, 'Gamma'],
      [4, 'Delta'],
      [5, 'Epsilon'],
    ]);
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/snapshots/4` }), 404);
  });

  it('create inline organizations in the same transaction', async () => {
    const t = await makeApp();
    const { e2 } = await threeEvents(t);
    const epsilon = e2.added[1]?.organizationId;
    const res = await t.app.inject({ method: 'GET', url: `/v1/organizations/${epsilon}` });
    expect(res.json()).toMatchObject({ name: 'Epsilon', country: 'FR', revision: 1 });
  });

  it('refuse, with nothing written: earlier asOf, double add, withdrawing a non-signatory, empty, unknown organization', async () => {
    const t = await makeApp();
    const { id, a, b, d } = await threeEvents(t);
    const before = async () => ({
      events: (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/snapshots` })).json<{ items: unknown[] }>().items.length,
      orgs: (await t.app.inject({ method: 'GET', url: '/v1/organizations' })).json<{ items: unknown[] }>().items.length,
    });
    const start = await before();

    const early = expectProblem(await append(t, id, { asOf: '2022-02-15', add: [{ organization: { name: 'Would be orphaned' } }] }), 409);
    expect(early.type).toBe('urn:undersigned:problem:as-of-out-of-order');
    const dup = expectProblem(await append(t, id, { asOf: '2022-04-01', add: [{ organization: { name: 'New one' } }, { organizationId: a }] }), 409);
    expect(dup.errors).toEqual([expect.objectContaining({ in: 'body', field: 'add.1.organizationId' })]);
    const notOn = expectProblem(await append(t, id, { asOf: '2022-04-01', withdraw: [{ organizationId: b }] }), 409);
    expect(notOn.errors?.[0]?.field).toBe('withdraw.0.organizationId');
    const empty = expectProblem(await append(t, id, { asOf: '2022-04-01', add: [], withdraw: [] }), 400);
    expect(empty.detail).toContain('at least one signatory');
    const unknown = expectProblem(await append(t, id, { asOf: '2022-04-01', add: [{ organization: { name: 'New two' } }, { organizationId: 'org_missing' }] }), 400);
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'add.1.organizationId' })]);
    const twice = expectProblem(await append(t, id, { asOf: '2022-04-01', add: [{ organizationId: d }], withdraw: [{ organizationId: d }] }), 400);
    expect(twice.errors?.[0]?.field).toBe('withdraw.0.organizationId');
    const both = expectProblem(await append(t, id, { asOf: '2022-04-01', add: [{ organizationId: a, organization: { name: 'x' } }] }), 400);
    expect(both.errors?.[0]?.field).toBe('add.0');
    expectProblem(await append(t, id, { asOf: '2022-13-01', add: [{ organizationId: a }] }), 400);
    expectProblem(await append(t, 'stm_missing', { asOf: '2022-04-01', add: [{ organizationId: a }] }), 404);
    expectProblem(await t.app.inject({ method: 'POST', url: `/v1/statements/${id}/snapshots`, payload: { asOf: '2022-04-01', add: [{ organizationId: a }] } }), 401);

    expect(await before()).toEqual(start);
  });

  it('allow the same date again and a re-signing after withdrawal (new position)', async () => {
    const t = await makeApp();
    const { id, b } = await threeEvents(t);
    const again = await appendOk(t, id, { asOf: '2022-03-01', add: [{ organizationId: b }] });
    expect(again.added[0]?.position).toBe(6);
    expect(again.total).toBe(5);
  });

  it('POST /statements/{id}/signatures adds one late signatory as a one-addition event', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const res = await t.as('editor', {
      method: 'POST',
      url: `/v1/statements/${id}/signatures`,
      payload: { organization: { abbreviation: 'ZK', name: 'Zeta Kollektiv', country: 'AT' }, asOf: '2022-04-02', source: 'mail of 2 April', printedAs: '6. ZK Zeta Kollektiv' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const sig = res.json<{ id: string; position: number; status: string; addedAsOf: string; printedAs: string }>();
    expect(sig).toMatchObject({ position: 6, status: 'active', addedAsOf: '2022-04-02', printedAs: '6. ZK Zeta Kollektiv' });
    expect(res.headers.location).toBe(`/v1/signatures/${sig.id}`);
    const events = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/snapshots` })).json<{ items: { seq: number; recordedBy: string; source: string }[] }>().items;
    expect(events.at(-1)).toMatchObject({ seq: 4, recordedBy: 'editor-key', source: 'mail of 2 April' });
  });
});

describe('reading the timeline', () => {
  it('answers who had signed as of any date', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const at = async (q: string) => (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories${q}` })).json<SignatoryList>();

    const before = await at('?asOf=2022-01-20');
    expect(before).toMatchObject({ snapshotSeq: null, total: 0, items: [], asOf: '2022-01-20' });
    expect(names(await at('?asOf=2022-01-21'))).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(names(await at('?asOf=2022-01-31'))).toEqual(['Alpha', 'Beta', 'Gamma']);
    const feb = await at('?asOf=2022-02-01');
    expect(feb).toMatchObject({ snapshotSeq: 2, total: 5 });
    expect(feb.items.map((s) => [s.position, s.organization.name, s.addedAsOf])).toEqual([
      [1, 'Alpha', '2022-01-21'],
      [2, 'Beta', '2022-01-21'],
      [3, 'Gamma', '2022-01-21'],
      [4, 'Delta', '2022-02-01'],
      [5, 'Epsilon', '2022-02-01'],
    ]);
    expect(feb.items[3]?.printedAs).toBe('4. D Delta');
    const latest = await at('');
    expect(latest).toMatchObject({ asOf: null, snapshotSeq: 3, total: 4 });
    // Withdrawn signatories keep their positions; the others do not move up.
    expect(latest.items.map((s) => [s.position, s.organization.name])).toEqual([
      [1, 'Alpha'],
      [3, 'Gamma'],
      [4, 'Delta'],
      [5, 'Epsilon'],
    ]);
  });

  it('answers what the database knew at a moment (knownAt)', async () => {
    const t = await makeApp();
    const { id, e1, e2 } = await threeEvents(t);
    const at = async (q: string) => (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories${q}` })).json<SignatoryList>();

    const beforeAnything = await at(`?knownAt=${encodeURIComponent(new Date(Date.parse(e1.recordedAt) - 1).toISOString())}`);
    expect(beforeAnything).toMatchObject({ snapshotSeq: null, total: 0 });
    const afterFirst = await at(`?knownAt=${encodeURIComponent(e1.recordedAt)}&asOf=2022-12-31`);
    expect(afterFirst.snapshotSeq).toBe(e2.recordedAt === e1.recordedAt ? 2 : 1);
    // Offsets are accepted and normalised to UTC.
    const offset = await at(`?knownAt=${encodeURIComponent('2100-01-01T01:00:00+01:00')}`);
    expect(offset.knownAt).toBe('2100-01-01T00:00:00.000Z');
    expect(offset.snapshotSeq).toBe(3);
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories?knownAt=yesterday` }), 400);
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories?asOf=21.01.2022` }), 400);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/statements/stm_missing/signatories' }), 404);
  });

  it('knownAt separates a late-recorded list from what was known before it', async () => {
    const t = await makeApp();
    const a = await org(t, 'Alpha');
    const b = await org(t, 'Beta');
    const id = await statement(t);
    const e1 = await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: a }] });
    await new Promise((r) => setTimeout(r, 5));
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: b }] });
    const known = async (k: string) =>
      names((await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories?asOf=2022-01-21&knownAt=${encodeURIComponent(k)}` })).json<SignatoryList>());
    expect(await known(e1.recordedAt)).toEqual(['Alpha']);
    expect(await known(between)).toEqual(['Alpha']);
    expect(await known(new Date().toISOString())).toEqual(['Alpha', 'Beta']);
  });

  it('diffs two dates', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const diff = async (q: string) => t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories/diff?${q}` });
    const jan_mar = (await diff('from=2022-01-21&to=2022-03-01')).json<{ added: Signatory[]; withdrawn: Signatory[]; fromSeq: number; toSeq: number }>();
    expect(jan_mar.added.map((s) => s.organization.name)).toEqual(['Delta', 'Epsilon']);
    expect(jan_mar.withdrawn.map((s) => s.organization.name)).toEqual(['Beta']);
    expect([jan_mar.fromSeq, jan_mar.toSeq]).toEqual([1, 3]);
    const none = (await diff('from=2022-02-01&to=2022-02-20')).json<{ added: Signatory[]; withdrawn: Signatory[] }>();
    expect([none.added, none.withdrawn]).toEqual([[], []]);
    const fromNothing = (await diff('from=2021-01-01&to=2022-01-21')).json<{ added: Signatory[] }>();
    expect(fromNothing.added.map((s) => s.organization.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expectProblem(await diff('from=2022-03-01&to=2022-01-01'), 400);
    expectProblem(await diff('from=2022-03-01'), 400);
  });

  it('lists what an organization had signed on a date', async () => {
    const t = await makeApp();
    const { id, b, d } = await threeEvents(t);
    const second = await statement(t, { title: 'Second statement', publishedOn: '2022-02-10' });
    await appendOk(t, second, { asOf: '2022-02-10', add: [{ organizationId: b }] });
    const signed = async (orgId: string, q: string) =>
      (await t.app.inject({ method: 'GET', url: `/v1/organizations/${orgId}/signatures${q}` })).json<{ items: { statement: { id: string }; position: number; addedAsOf: string }[] }>();

    expect((await signed(b, '?asOf=2022-01-25')).items.map((i) => i.statement.id)).toEqual([id]);
    expect((await signed(b, '?asOf=2022-02-15')).items.map((i) => [i.statement.id, i.position])).toEqual([
      [id, 2],
      [second, 1],
    ]);
    expect((await signed(b, '')).items.map((i) => i.statement.id)).toEqual([second]); // withdrew from the first in March
    expect((await signed(d, '?asOf=2022-01-25')).items).toEqual([]);
    expect((await signed(d, '?asOf=2022-02-01')).items).toEqual([expect.objectContaining({ addedAsOf: '2022-02-01', position: 4 })]);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations/org_missing/signatures' }), 404);
  });

  it('verifies the hash chain and reports the first bad seq when it is tampered with', async () => {
    const t = await makeApp();
    const { id, e3 } = await threeEvents(t);
    const ok = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` });
    expect(ok.json()).toEqual({ statementId: id, valid: true, length: 3, head: e3.hash, firstBadSeq: null, detail: null });

    await t.app.close();
    const raw = new Database(t.databasePath);
    // Only by dropping the guard can history be edited; the chain still tells.
    raw.exec('DROP TRIGGER signatory_event_items_no_update');
    raw.prepare('UPDATE signatory_event_items SET position = 99 WHERE statement_id = ? AND seq = 2 AND ord = 0').run(id);
    raw.close();
    const app = await reopen(t.databasePath);
    const bad = await app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` });
    expect(bad.json()).toMatchObject({ valid: false, length: 3, firstBadSeq: 2 });
  });
});

describe('signatures', () => {
  it('are versioned: list, get, patch note and signedOn with If-Match, revisions; events drive status', async () => {
    const t = await makeApp();
    const { id, b } = await threeEvents(t);
    const list = await t.app.inject({ method: 'GET', url: `/v1/signatures?statementId=${id}&status=withdrawn` });
    const withdrawn = list.json<{ items: { id: string; organizationId: string; status: string; withdrawnAsOf: string; revision: number }[] }>().items;
    expect(withdrawn).toEqual([expect.objectContaining({ organizationId: b, status: 'withdrawn', withdrawnAsOf: '2022-03-01', revision: 2 })]);
    const sigId = withdrawn[0]?.id ?? '';
    expect((await t.app.inject({ method: 'GET', url: `/v1/signatures?statementId=${id}&status=active` })).json<{ items: unknown[] }>().items).toHaveLength(4);
    expect((await t.app.inject({ method: 'GET', url: `/v1/signatures?organizationId=${b}` })).json<{ items: unknown[] }>().items).toHaveLength(1);

    const get = await t.app.inject({ method: 'GET', url: `/v1/signatures/${sigId}` });
    expect(get.headers.etag).toBe('"r2"');
    expectProblem(await t.admin({ method: 'PATCH', url: `/v1/signatures/${sigId}`, payload: { note: 'x' } }), 428);
    expectProblem(await t.admin({ method: 'PATCH', url: `/v1/signatures/${sigId}`, headers: { 'if-match': '"r2"' }, payload: { status: 'active' } }), 400);
    expectProblem(await t.admin({ method: 'PATCH', url: `/v1/signatures/${sigId}`, headers: { 'if-match': '"r2"' }, payload: { position: 1 } }), 400);
    const ok = await t.as('editor', { method: 'PATCH', url: `/v1/signatures/${sigId}`, headers: { 'if-match': '"r2"' }, payload: { note: 'confirmed by letter', signedOn: '2022-01-15' } });
    expect(ok.json()).toMatchObject({ note: 'confirmed by letter', signedOn: '2022-01-15', status: 'withdrawn', revision: 3 });
    const revs = (await t.app.inject({ method: 'GET', url: `/v1/signatures/${sigId}/revisions` })).json<{ items: { revision: number; recordedBy: string; state: { status: string } }[] }>();
    expect(revs.items.map((r) => [r.revision, r.state.status, r.recordedBy])).toEqual([
      [3, 'withdrawn', 'editor-key'],
      [2, 'withdrawn', 'admin (UNDERSIGNED_ADMIN_KEY)'],
      [1, 'active', 'admin (UNDERSIGNED_ADMIN_KEY)'],
    ]);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/signatures/sig_missing' }), 404);
  });
});

describe('concurrency', () => {
  it('50 concurrent appends to one statement get distinct seqs and a valid chain', async () => {
    const t = await makeApp();
    const id = await statement(t);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => append(t, id, { asOf: '2022-01-21', add: [{ organization: { name: `Org ${i}` } }] })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const seqs = results.map((r) => r.json<Event>().seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const positions = results.map((r) => r.json<Event>().added[0]?.position).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(positions).toEqual(seqs);
    const integrity = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` });
    expect(integrity.json()).toMatchObject({ valid: true, length: 50 });
  });

  it('50 concurrent PATCHes with the same If-Match: one wins, 49 get 412, no gap in the history', async () => {
    const t = await makeApp();
    const id = await org(t, 'Contended');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.admin({ method: 'PATCH', url: `/v1/organizations/${id}`, headers: { 'if-match': '"r1"' }, payload: { aliases: [`writer ${i}`] } }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(49);
    const revs = (await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}/revisions` })).json<{ items: { revision: number }[] }>();
    expect(revs.items.map((r) => r.revision)).toEqual([2, 1]);
  });
});
