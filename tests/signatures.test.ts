import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { threeEvents } from './support/timeline.js';

describe('signatures', () => {
  it('are versioned: list, get, patch note and signedOn with If-Match, revisions; events drive status', async () => {
    const t = await makeApp();
    const { id, b } = await threeEvents(t);
    const list = await t.app.inject({ method: 'GET', url: `/v1/signatures?statementId=${id}&status=withdrawn` });
    const withdrawn = list.json<{
      items: { id: string; organizationId: string; status: string; withdrawnAsOf: string; revision: number }[];
    }>().items;
    expect(withdrawn).toEqual([
      expect.objectContaining({ organizationId: b, status: 'withdrawn', withdrawnAsOf: '2022-03-01', revision: 2 }),
    ]);
    const sigId = withdrawn[0]?.id ?? '';
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/signatures?statementId=${id}&status=active` })).json<{
        items: unknown[];
      }>().items,
    ).toHaveLength(4);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/signatures?organizationId=${b}` })).json<{ items: unknown[] }>()
        .items,
    ).toHaveLength(1);

    const get = await t.app.inject({ method: 'GET', url: `/v1/signatures/${sigId}` });
    expect(get.headers.etag).toBe('"r2"');
    expectProblem(await t.admin({ method: 'PATCH', url: `/v1/signatures/${sigId}`, payload: { note: 'x' } }), 428);
    expectProblem(
      await t.admin({
        method: 'PATCH',
        url: `/v1/signatures/${sigId}`,
        headers: { 'if-match': '"r2"' },
        payload: { status: 'active' },
      }),
      400,
    );
    expectProblem(
      await t.admin({
        method: 'PATCH',
        url: `/v1/signatures/${sigId}`,
        headers: { 'if-match': '"r2"' },
        payload: { position: 1 },
      }),
      400,
    );
    const ok = await t.as('editor', {
      method: 'PATCH',
      url: `/v1/signatures/${sigId}`,
      headers: { 'if-match': '"r2"' },
      payload: { note: 'confirmed by letter', signedOn: '2022-01-15' },
    });
    expect(ok.json()).toMatchObject({
      note: 'confirmed by letter',
      signedOn: '2022-01-15',
      status: 'withdrawn',
      revision: 3,
    });
    const revs = (await t.app.inject({ method: 'GET', url: `/v1/signatures/${sigId}/revisions` })).json<{
      items: { revision: number; recordedBy: string; state: { status: string } }[];
    }>();
    expect(revs.items.map((r) => [r.revision, r.state.status, r.recordedBy])).toEqual([
      [3, 'withdrawn', 'editor-key'],
      [2, 'withdrawn', 'admin (UNDERSIGNED_ADMIN_KEY)'],
      [1, 'active', 'admin (UNDERSIGNED_ADMIN_KEY)'],
    ]);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/signatures/sig_missing' }), 404);
  });
});
