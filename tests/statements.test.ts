import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { append, org, statement, threeEvents } from './support/timeline.js';

describe('statements', () => {
  it('are versioned like organizations and show the current signatory count', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const got = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      issuer: 'ICOR',
      kind: 'resolution',
      publishedOn: '2022-01-21',
      language: 'en',
      openForSignatures: true,
      signatoryCount: 4,
      revision: 1,
    });
    expectProblem(
      await t.admin({ method: 'PATCH', url: `/v1/statements/${id}`, payload: { openForSignatures: false } }),
      428,
    );
    expectProblem(
      await t.admin({
        method: 'PATCH',
        url: `/v1/statements/${id}`,
        headers: { 'if-match': '"r2"' },
        payload: { openForSignatures: false },
      }),
      412,
    );
    const patched = await t.admin({
      method: 'PATCH',
      url: `/v1/statements/${id}`,
      headers: { 'if-match': '"r1"' },
      payload: { openForSignatures: false, language: 'de-ch' },
    });
    expect(patched.json()).toMatchObject({
      revision: 2,
      openForSignatures: false,
      language: 'de-CH',
      signatoryCount: 4,
    });
    const revs = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/revisions` });
    expect(revs.json<{ items: { revision: number }[] }>().items.map((r) => r.revision)).toEqual([2, 1]);
    expectProblem(await t.as('editor', { method: 'DELETE', url: '/v1/statements/stm_nope' }), 404);
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/statements', payload: { title: 'x', issuer: 'y' } }),
      401,
    );
  });

  it('read a field left out as its description says (the contract has no request defaults)', async () => {
    const t = await makeApp();
    const payload = { title: 'T', issuer: 'I', versions: [{ language: 'de', title: 'T auf Deutsch' }] };
    const created = await t.admin({ method: 'POST', url: '/v1/statements', payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      kind: 'other',
      body: '',
      openForSignatures: true,
      versions: [{ language: 'de', body: '' }],
    });
    const event = await t.admin({
      method: 'POST',
      url: `/v1/statements/${created.json<{ id: string }>().id}/events`,
      payload: { asOf: '2022-01-21', add: [{ organization: { name: 'MLPD' } }] },
    });
    expect(event.json()).toMatchObject({ items: [{ kind: 'add' }] });
  });

  it('validate kind, language, dates and URLs', async () => {
    const t = await makeApp();
    const res = await t.admin({
      method: 'POST',
      url: '/v1/statements',
      payload: {
        title: 'T',
        issuer: 'I',
        kind: 'memo',
        language: 'not a tag!',
        publishedOn: '2022-02-30',
        sourceUrl: 'nope',
      },
    });
    expect(
      expectProblem(res, 400)
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['kind', 'language', 'publishedOn', 'sourceUrl']);
  });

  it('filter by q, issuer and signedBy, and paginate', async () => {
    const t = await makeApp();
    const { id, a, b } = await threeEvents(t);
    const other = await statement(t, {
      title: 'Open letter on Ukraine',
      issuer: 'Coalition',
      kind: 'open-letter',
      body: 'Für den Frieden',
    });
    const ids = async (q: string) =>
      (await t.app.inject({ method: 'GET', url: `/v1/statements?${q}` }))
        .json<{ items: { id: string }[] }>()
        .items.map((s) => s.id);
    expect(await ids('q=kazakhstan')).toEqual([id]);
    expect(await ids('q=fur%20frieden')).toEqual([other]);
    expect(await ids('issuer=icor')).toEqual([id]);
    expect(await ids(`signedBy=${a}`)).toEqual([id]);
    expect(await ids(`signedBy=${b}`)).toEqual([]); // withdrawn
    expect(await ids('limit=1')).toEqual([id]);
    const page = await t.app.inject({ method: 'GET', url: '/v1/statements?limit=1' });
    expect(page.headers.link).toContain('rel="next"');
  });

  it('never answer 304 once the list has grown: the ETag names the count, and If-Match still takes it', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const url = `/v1/statements/${id}`;
    const first = await t.app.inject({ method: 'GET', url });
    const etag = String(first.headers.etag);
    expect((await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const c = await org(t, 'Late Signatory Party');
    expect((await append(t, id, { asOf: '2022-02-01', add: [{ organizationId: c }] })).statusCode).toBe(201);
    const after = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json<{ signatoryCount: number }>().signatoryCount).toBe(
      first.json<{ signatoryCount: number }>().signatoryCount + 1,
    );
    expect(after.headers.etag).not.toBe(etag);
    const patched = await t.admin({
      method: 'PATCH',
      url,
      headers: { 'if-match': etag },
      payload: { openForSignatures: false },
    });
    expect(patched.statusCode).toBe(200);
  });
});
