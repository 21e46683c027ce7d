import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import {
  added,
  append,
  appendOk,
  org,
  statement,
  threeEvents,
  withdrawn,
  type Event,
  type Signatory,
} from './support/timeline.js';

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
    expect(added(e2).map((x) => [x.position, x.printedNumber])).toEqual([
      [4, 4],
      [5, null],
    ]);
    expect(withdrawn(e3)).toEqual([
      expect.objectContaining({ organizationId: b, position: 2, reason: 'left the coalition' }),
    ]);
    expect([e1.format, e1.redundantLater]).toEqual([2, []]);

    const list = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events` });
    expect(
      list
        .json<{ items: { seq: number; addedCount: number; withdrawnCount: number; retractedCount: number }[] }>()
        .items.map((e) => [e.seq, e.addedCount, e.withdrawnCount, e.retractedCount]),
    ).toEqual([
      [1, 3, 0, 0],
      [2, 2, 0, 0],
      [3, 0, 1, 0],
    ]);

    const one = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events/2` });
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
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events/4` }), 404);
  });

  it('create inline organizations in the same transaction', async () => {
    const t = await makeApp();
    const { e2 } = await threeEvents(t);
    const epsilon = added(e2)[1]?.organizationId;
    const res = await t.app.inject({ method: 'GET', url: `/v1/organizations/${epsilon}` });
    expect(res.json()).toMatchObject({ name: 'Epsilon', country: 'FR', revision: 1 });
  });

  it('refuse, with nothing written: a future date, double add, withdrawing a non-signatory, empty, unknown organization', async () => {
    const t = await makeApp();
    const { id, a, b, d } = await threeEvents(t);
    const before = async () => ({
      events: (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events` })).json<{ items: unknown[] }>()
        .items.length,
      orgs: (await t.app.inject({ method: 'GET', url: '/v1/organizations' })).json<{ items: unknown[] }>().items.length,
    });
    const start = await before();

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const dayAfter = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const future = expectProblem(
      await append(t, id, { asOf: dayAfter, add: [{ organization: { name: 'Would be orphaned' } }] }),
      400,
    );
    expect(future).toMatchObject({
      type: 'urn:undersigned:problem:as-of-in-future',
      errors: [{ in: 'body', field: 'asOf', detail: `is after ${tomorrow}` }],
    });
    expectProblem(await append(t, id, { asOf: '9999-12-31', add: [{ organizationId: d }] }), 400);
    const dup = expectProblem(
      await append(t, id, { asOf: '2022-04-01', add: [{ organization: { name: 'New one' } }, { organizationId: a }] }),
      409,
    );
    expect(dup.errors).toEqual([expect.objectContaining({ in: 'body', field: 'add.1.organizationId' })]);
    const notOn = expectProblem(await append(t, id, { asOf: '2022-04-01', withdraw: [{ organizationId: b }] }), 409);
    expect(notOn.errors?.[0]).toEqual({
      in: 'body',
      field: 'withdraw.0',
      detail: `organization ${b} is not on the list as of 2022-04-01`,
    });
    expect(notOn.detail).toContain('2022-04-01');
    const empty = expectProblem(await append(t, id, { asOf: '2022-04-01', add: [], withdraw: [] }), 400);
    expect(empty.detail).toContain('at least one signatory');
    const unknown = expectProblem(
      await append(t, id, {
        asOf: '2022-04-01',
        add: [{ organization: { name: 'New two' } }, { organizationId: 'org_missing' }],
      }),
      400,
    );
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'add.1.organizationId' })]);
    const twice = expectProblem(
      await append(t, id, { asOf: '2022-04-01', add: [{ organizationId: d }], withdraw: [{ organizationId: d }] }),
      400,
    );
    expect(twice.errors?.[0]?.field).toBe('withdraw.0');
    const both = expectProblem(
      await append(t, id, { asOf: '2022-04-01', add: [{ organizationId: a, organization: { name: 'x' } }] }),
      400,
    );
    expect(both.errors?.[0]?.field).toBe('add.0');
    expectProblem(await append(t, id, { asOf: '2022-13-01', add: [{ organizationId: a }] }), 400);
    expectProblem(await append(t, 'stm_missing', { asOf: '2022-04-01', add: [{ organizationId: a }] }), 404);
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/v1/statements/${id}/events`,
        payload: { asOf: '2022-04-01', add: [{ organizationId: a }] },
      }),
      401,
    );

    expect(await before()).toEqual(start);
  });

  it('allow the same date again and a re-signing after withdrawal (new position)', async () => {
    const t = await makeApp();
    const { id, b } = await threeEvents(t);
    const again = await appendOk(t, id, { asOf: '2022-03-01', add: [{ organizationId: b }] });
    expect(added(again)[0]?.position).toBe(6);
    expect(again.total).toBe(5);
  });

  it('POST /statements/{id}/signatures adds one late signatory as a one-addition event', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const res = await t.as('editor', {
      method: 'POST',
      url: `/v1/statements/${id}/signatures`,
      payload: {
        organization: { abbreviation: 'ZK', name: 'Zeta Kollektiv', country: 'AT' },
        asOf: '2022-04-02',
        source: 'mail of 2 April',
        printedAs: '6. ZK Zeta Kollektiv',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const sig = res.json<{ id: string; position: number; status: string; addedAsOf: string; printedAs: string }>();
    expect(sig).toMatchObject({
      position: 6,
      status: 'active',
      addedAsOf: '2022-04-02',
      printedAs: '6. ZK Zeta Kollektiv',
    });
    expect(res.headers.location).toBe(`/v1/signatures/${sig.id}`);
    const events = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events` })).json<{
      items: { seq: number; recordedBy: string; source: string }[];
    }>().items;
    expect(events.at(-1)).toMatchObject({ seq: 4, recordedBy: 'editor-key', source: 'mail of 2 April' });
  });
});

describe('concurrency', () => {
  it('50 concurrent appends to one statement get distinct seqs and a valid chain', async () => {
    const t = await makeApp();
    const id = await statement(t);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        append(t, id, { asOf: '2022-01-21', add: [{ organization: { name: `Org ${i}` } }] }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const seqs = results.map((r) => r.json<Event>().seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const positions = results.map((r) => added(r.json<Event>())[0]?.position).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(positions).toEqual(seqs);
    const integrity = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` });
    expect(integrity.json()).toMatchObject({ valid: true, length: 50 });
  });

  it('50 concurrent PATCHes with the same If-Match: one wins, 49 get 412, no gap in the history', async () => {
    const t = await makeApp();
    const id = await org(t, 'Contended');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.admin({
          method: 'PATCH',
          url: `/v1/organizations/${id}`,
          headers: { 'if-match': '"r1"' },
          payload: { aliases: [`writer ${i}`] },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(49);
    const revs = (await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}/revisions` })).json<{
      items: { revision: number }[];
    }>();
    expect(revs.items.map((r) => r.revision)).toEqual([2, 1]);
  });
});

describe('the old `/snapshots` paths', () => {
  it('answer 308 to `/events`, method, body and query kept with 308 to `/events`, method, body and query kept', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const old = `/v1/statements/${id}/snapshots`;
    for (const [url, to] of [
      [`${old}?limit=2`, `/v1/statements/${id}/events?limit=2`],
      [`${old}/2`, `/v1/statements/${id}/events/2`],
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect([res.statusCode, res.headers.location, res.body], url).toEqual([308, to, '']);
    }
    // An append at the old path wants the key first, as the new one does; the client repeats it at Location.
    const payload = { asOf: '2022-03-01', add: [{ organization: { name: 'Epsilon' } }] };
    expectProblem(await t.app.inject({ method: 'POST', url: old, payload }), 401);
    const moved = await t.admin({ method: 'POST', url: old, payload });
    expect([moved.statusCode, moved.headers.location]).toEqual([308, `/v1/statements/${id}/events`]);
    const appended = await t.admin({ method: 'POST', url: String(moved.headers.location), payload });
    expect([appended.statusCode, appended.headers.location]).toEqual([201, `/v1/statements/${id}/events/4`]);
  });
});
