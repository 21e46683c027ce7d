// Ambiguous entries decided over HTTP: refused (409, nothing written) until each is decided by a
// line (`decide=LINE=org_…|new`) or all are taken as new (`ambiguous=new`).
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { edition, importText } from './support/imports.js';

describe('ambiguous entries over HTTP', () => {
  it('are refused until decided, by line or all as new', async () => {
    const t = await makeApp();
    const make = async (country: string) =>
      (
        await t.admin({
          method: 'POST',
          url: '/v1/organizations',
          payload: { name: 'Revolutionary Communist Party X', country },
        })
      ).json<{ id: string }>().id;
    const [de] = [await make('DE'), await make('AT')];
    const list = edition('21 January 2022', [
      '1. Revolutionary Communist Party X',
      '2. Workers Party of Nowhere, Chile',
    ]);
    const line = list.split('\n').findIndex((l) => l.startsWith('1. ')) + 1;
    const refused = await importText(t, list);
    expectProblem(refused, 409);
    expect(refused.json()).toMatchObject({
      type: 'urn:undersigned:problem:ambiguous-match',
      errors: [{ field: `line ${line}` }],
    });
    expect((await t.app.inject({ method: 'GET', url: '/v1/statements' })).json<{ items: unknown[] }>().items).toEqual(
      [],
    );

    const badLine = await importText(t, list, `?decide=${line + 50}=new`);
    expectProblem(badLine, 400);
    const decided = await importText(t, list, `?decide=${line}=${de ?? ''}`);
    expect(decided.statusCode, decided.body).toBe(201);
    expect(
      decided.json<{ entries: { match: { organizationId: string; reason: string } }[] }>().entries[0]?.match,
    ).toMatchObject({ organizationId: de, reason: 'decided' });

    const other = await makeApp();
    await other.admin({
      method: 'POST',
      url: '/v1/organizations',
      payload: { name: 'Revolutionary Communist Party X', country: 'DE' },
    });
    await other.admin({
      method: 'POST',
      url: '/v1/organizations',
      payload: { name: 'Revolutionary Communist Party X', country: 'AT' },
    });
    const asNew = await importText(other, list, '?ambiguous=new');
    expect(asNew.statusCode, asNew.body).toBe(201);
    expectProblem(await importText(other, list, '?decide=twelve'), 400);
  });
});
