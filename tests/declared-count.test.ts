import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { appendOk, listAt, org, statement, tick } from './support/timeline.js';

interface StatementRead {
  id: string;
  revision: number;
  declaredCount: number | null;
  signatoryCount: number;
  declaredCountMismatch: { declared: number; total: number } | null;
}
interface ListRead {
  total: number;
  declaredCount: number | null;
  declaredCountMismatch: { declared: number; total: number } | null;
}

const read = async (t: TestApp, id: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}` })).json<StatementRead>();
const list = (t: TestApp, id: string, q = '') =>
  listAt(t, id, q) as Promise<ListRead & Awaited<ReturnType<typeof listAt>>>;

async function patch(t: TestApp, id: string, payload: object) {
  const current = await read(t, id);
  const res = await t.admin({
    method: 'PATCH',
    url: `/v1/statements/${id}`,
    headers: { 'if-match': `"r${current.revision}"` },
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<StatementRead>();
}

describe('declared counts on statements', () => {
  it('is set on create and by PATCH, versioned, and reads say when the list disagrees', async () => {
    const t = await makeApp();
    const id = await statement(t, { declaredCount: 3 });
    // Nothing on the list yet: the source prints 3.
    expect(await read(t, id)).toMatchObject({
      declaredCount: 3,
      signatoryCount: 0,
      declaredCountMismatch: { declared: 3, total: 0 },
    });
    const orgs = [await org(t, 'Alpha Party'), await org(t, 'Beta Party'), await org(t, 'Gamma Party')];
    await appendOk(t, id, { asOf: '2022-01-21', add: orgs.map((organizationId) => ({ organizationId })) });
    expect(await read(t, id)).toMatchObject({ declaredCount: 3, signatoryCount: 3, declaredCountMismatch: null });
    expect(await list(t, id)).toMatchObject({ total: 3, declaredCount: 3, declaredCountMismatch: null });

    await tick();
    const before = new Date().toISOString();
    await tick();
    const changed = await patch(t, id, { declaredCount: 4 });
    expect(changed).toMatchObject({ declaredCount: 4, declaredCountMismatch: { declared: 4, total: 3 } });
    expect(await list(t, id)).toMatchObject({
      total: 3,
      declaredCount: 4,
      declaredCountMismatch: { declared: 4, total: 3 },
    });
    // As the database knew it before the PATCH: the count printed then, which agreed.
    expect(await list(t, id, `?knownAt=${encodeURIComponent(before)}`)).toMatchObject({
      declaredCount: 3,
      declaredCountMismatch: null,
    });
    // An earlier list is not compared with the count the latest one prints.
    expect(await list(t, id, '?asOf=2022-01-01')).toMatchObject({
      total: 0,
      declaredCount: 4,
      declaredCountMismatch: null,
    });
    expect(await list(t, id, '?asOf=2022-02-01')).toMatchObject({
      total: 3,
      declaredCountMismatch: { declared: 4, total: 3 },
    });

    const revisions = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/revisions` });
    expect(
      revisions
        .json<{ items: { revision: number; state: { declaredCount: number | null } }[] }>()
        .items.map((r) => [r.revision, r.state.declaredCount]),
    ).toEqual([
      [2, 4],
      [1, 3],
    ]);
    // null clears it: nothing printed, nothing to disagree with.
    expect(await patch(t, id, { declaredCount: null })).toMatchObject({
      declaredCount: null,
      declaredCountMismatch: null,
    });
    expect(await list(t, id)).toMatchObject({ declaredCount: null, declaredCountMismatch: null });
    const integrity = await t.app.inject({ method: 'GET', url: '/v1/integrity' });
    expect(integrity.json<{ valid: boolean }>().valid, integrity.body).toBe(true);
  });

  it('a statement without one reads as before, and its revisions keep their old form', async () => {
    const t = await makeApp();
    const id = await statement(t);
    expect(await read(t, id)).toMatchObject({ declaredCount: null, declaredCountMismatch: null });
    await patch(t, id, { title: 'Another title' });
    const revision = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/revisions/1` });
    expect(revision.statusCode, revision.body).toBe(200);
    expect(revision.json<{ state: { declaredCount: number | null } }>().state.declaredCount).toBeNull();
    const integrity = await t.app.inject({ method: 'GET', url: '/v1/integrity' });
    expect(integrity.json<{ valid: boolean }>().valid, integrity.body).toBe(true);
  });

  it('refuses a count that is not a whole number, naming the field', async () => {
    const t = await makeApp();
    for (const declaredCount of [-1, 2.5, '31']) {
      const res = await t.admin({
        method: 'POST',
        url: '/v1/statements',
        payload: { title: 'A list', issuer: 'ICOR', declaredCount },
      });
      const problem = expectProblem(res, 400);
      expect(problem.errors?.map((e) => e.field)).toContain('declaredCount');
    }
  });
});
