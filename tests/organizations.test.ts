import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { createOrganization as create, mlpd, type Org } from './support/organizations.js';

describe('organizations', () => {
  it('creates with 201, Location and ETag, and reads it back', async () => {
    const t = await makeApp();
    const { res, org } = await create(t, { ...mlpd, country: 'de', aliases: ['MLPD Germany'] });
    expect(org).toMatchObject({ ...mlpd, aliases: ['MLPD Germany'], website: null, revision: 1 });
    expect(org.id).toMatch(/^org_/);
    expect(res.headers.location).toBe(`/v1/organizations/${org.id}`);
    expect(res.headers.etag).toBe('"r1"');

    const got = await t.app.inject({ method: 'GET', url: `/v1/organizations/${org.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(org);
    expect(got.headers.etag).toBe('"r1"');
  });

  it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
    const t = await makeApp();
    const { org } = await create(t, mlpd);
    const url = `/v1/organizations/${org.id}`;
    const fresh = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': '"r1"' } });
    expect(fresh.statusCode).toBe(304);
    expect(fresh.body).toBe('');
    const stale = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': '"r0", W/"r7"' } });
    expect(stale.statusCode).toBe(200);
  });

  it('PATCH needs If-Match: 428 without, 412 when stale, 200 with a new revision when current', async () => {
    const t = await makeApp();
    const { org } = await create(t, mlpd);
    const url = `/v1/organizations/${org.id}`;

    const missing = await t.admin({ method: 'PATCH', url, payload: { website: 'https://www.mlpd.de' } });
    expectProblem(missing, 428);

    const ok = await t.admin({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"r1"' },
      payload: { website: 'https://www.mlpd.de' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"r2"');
    expect(ok.json()).toMatchObject({ ...mlpd, website: 'https://www.mlpd.de', revision: 2 });

    const stale = await t.admin({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"r1"' },
      payload: { name: 'Lost update' },
    });
    const problem = expectProblem(stale, 412);
    expect(problem.detail).toContain('revision 2');
    expect(stale.headers.etag).toBe('"r2"');

    // The refused write changed nothing.
    const after = await t.app.inject({ method: 'GET', url });
    expect(after.json<Org>().name).toBe(mlpd.name);
    expect(after.json<Org>().revision).toBe(2);
  });

  it('PATCH is a JSON merge patch: null clears, absent keeps, application/merge-patch+json accepted', async () => {
    const t = await makeApp();
    const { org } = await create(t, { ...mlpd, website: 'https://www.mlpd.de' });
    const res = await t.admin({
      method: 'PATCH',
      url: `/v1/organizations/${org.id}`,
      headers: { 'if-match': '"r1"', 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ website: null, aliases: ['Marxist-Leninist Party'] }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ...mlpd, website: null, aliases: ['Marxist-Leninist Party'] });
  });

  it('rejects an empty patch and unknown fields, naming them', async () => {
    const t = await makeApp();
    const { org } = await create(t, mlpd);
    const url = `/v1/organizations/${org.id}`;
    const empty = expectProblem(
      await t.admin({ method: 'PATCH', url, headers: { 'if-match': '"r1"' }, payload: {} }),
      400,
    );
    expect(empty.detail).toContain('at least one field');
    const typo = expectProblem(
      await t.admin({ method: 'PATCH', url, headers: { 'if-match': '"r1"' }, payload: { name_en: 'x' } }),
      400,
    );
    expect(typo.errors).toContainEqual({ in: 'body', field: 'name_en', detail: 'is not a known field' });
  });

  it('keeps every revision, newest first, with who recorded it and the full state', async () => {
    const t = await makeApp();
    const { org } = await create(t, mlpd);
    const url = `/v1/organizations/${org.id}`;
    await t.as('editor', { method: 'PATCH', url, headers: { 'if-match': '"r1"' }, payload: { country: 'AT' } });
    await t.admin({ method: 'PATCH', url, headers: { 'if-match': '"r2"' }, payload: { country: 'DE', nameEn: null } });

    const res = await t.app.inject({ method: 'GET', url: `${url}/revisions` });
    expect(res.statusCode).toBe(200);
    const page = res.json<{
      items: { revision: number; action: string; recordedBy: string; recordedAt: string; state: Org }[];
    }>();
    expect(page.items.map((r) => r.revision)).toEqual([3, 2, 1]);
    expect(page.items.map((r) => r.action)).toEqual(['update', 'update', 'create']);
    expect(page.items.map((r) => r.recordedBy)).toEqual([
      'admin (UNDERSIGNED_ADMIN_KEY)',
      'editor-key',
      'admin (UNDERSIGNED_ADMIN_KEY)',
    ]);
    expect(page.items.map((r) => r.state.country)).toEqual(['DE', 'AT', 'DE']);
    expect(page.items[0]?.state.nameEn).toBeNull();
    expect(page.items[2]?.state.nameEn).toBe(mlpd.nameEn);

    const one = await t.app.inject({ method: 'GET', url: `${url}/revisions/2` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ revision: 2, recordedBy: 'editor-key', state: { country: 'AT', revision: 2 } });
    expect(one.headers['cache-control']).toContain('immutable');
    expectProblem(await t.app.inject({ method: 'GET', url: `${url}/revisions/9` }), 404);
    expectProblem(await t.app.inject({ method: 'GET', url: `${url}/revisions/zero` }), 400);
  });

  it('paginates revisions with a cursor', async () => {
    const t = await makeApp();
    const { org } = await create(t, mlpd);
    const url = `/v1/organizations/${org.id}`;
    for (let r = 1; r <= 4; r++) {
      await t.admin({ method: 'PATCH', url, headers: { 'if-match': `"r${r}"` }, payload: { aliases: [`alias ${r}`] } });
    }
    const seen: number[] = [];
    let next: string | null = `${url}/revisions?limit=2`;
    while (next) {
      const res: LightMyRequestResponse = await t.app.inject({ method: 'GET', url: next });
      const body: { items: { revision: number }[]; nextCursor: string | null } = res.json<{
        items: { revision: number }[];
        nextCursor: string | null;
      }>();
      seen.push(...body.items.map((i) => i.revision));
      next = body.nextCursor ? `${url}/revisions?limit=2&cursor=${body.nextCursor}` : null;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it('soft-deletes as a revision: later reads 410, gone from the list, history kept', async () => {
    const t = await makeApp();
    const { org } = await create(t, mlpd);
    const url = `/v1/organizations/${org.id}`;
    expectProblem(await t.admin({ method: 'DELETE', url, headers: { 'if-match': '"r9"' } }), 412);
    const del = await t.admin({ method: 'DELETE', url });
    expect(del.statusCode).toBe(204);
    expectProblem(await t.app.inject({ method: 'GET', url }), 410);
    expectProblem(
      await t.admin({ method: 'PATCH', url, headers: { 'if-match': '"r2"' }, payload: { name: 'x' } }),
      410,
    );
    expectProblem(await t.admin({ method: 'DELETE', url }), 410);
    const list = await t.app.inject({ method: 'GET', url: '/v1/organizations' });
    expect(list.json<{ items: Org[] }>().items).toEqual([]);
    const revs = await t.app.inject({ method: 'GET', url: `${url}/revisions` });
    const items = revs.json<{ items: { revision: number; action: string; state: { deletedAt: string | null } }[] }>()
      .items;
    expect(items.map((r) => [r.revision, r.action])).toEqual([
      [2, 'delete'],
      [1, 'create'],
    ]);
    expect(items[0]?.state.deletedAt).toEqual(expect.any(String));
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations/org_nope' }), 404);
  });

  it('validates every field and names each bad one', async () => {
    const t = await makeApp();
    const res = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      payload: { name: '  ', country: 'Germany', website: 'javascript:alert(1)', aliases: 'x' },
    });
    const problem = expectProblem(res, 400);
    expect(problem.type).toBe('urn:undersigned:problem:validation-error');
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['aliases', 'country', 'name', 'website']);
    expect(problem.errors?.every((e) => e.in === 'body')).toBe(true);
    const list = await t.app.inject({ method: 'GET', url: '/v1/organizations' });
    expect(list.json<{ items: Org[] }>().items).toHaveLength(0);
  });
});
