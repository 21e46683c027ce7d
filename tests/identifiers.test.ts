import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import type { Org } from './support/organizations.js';

const mlpd = { abbreviation: 'MLPD', name: 'Marxistisch-Leninistische Partei Deutschlands', country: 'DE' };
const rm = { abbreviation: 'RM', name: 'Rode Morgen', country: 'NL' };

async function create(t: TestApp, payload: object) {
  const res = await t.admin({ method: 'POST', url: '/v1/organizations', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Org>();
}

const find = (t: TestApp, identifier: string) =>
  t.app.inject({ method: 'GET', url: `/v1/organizations?identifier=${encodeURIComponent(identifier)}` });

describe('organization identifiers', () => {
  it('stores each known scheme in its canonical spelling and finds the organization by any of them', async () => {
    const t = await makeApp();
    const org = await create(t, {
      ...mlpd,
      identifiers: [
        { scheme: 'wikidata', value: 'Q42' },
        { scheme: 'ror', value: 'https://ror.org/042NB2S44' },
        { scheme: 'isni', value: '0000 0001 2281 955X' },
        { scheme: 'website', value: 'https://www.mlpd.de' },
        { scheme: 'email-domain', value: 'MLPD.de' },
        { scheme: 'other:lobbyregister', value: 'R:001' },
      ],
    });
    expect(org.identifiers).toEqual([
      { scheme: 'wikidata', value: 'Q42' },
      { scheme: 'ror', value: '042nb2s44' },
      { scheme: 'isni', value: '000000012281955X' },
      { scheme: 'website', value: 'https://www.mlpd.de/' },
      { scheme: 'email-domain', value: 'mlpd.de' },
      { scheme: 'other:lobbyregister', value: 'R:001' },
    ]);
    await create(t, rm);
    for (const q of [
      'wikidata:Q42',
      'ror:042nb2s44',
      'isni:0000 0001 2281 955x',
      'email-domain:mlpd.de',
      'website:https://www.mlpd.de',
      'other:lobbyregister:R:001',
    ]) {
      const res = await find(t, q);
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
      expect(
        res.json<{ items: Org[] }>().items.map((o) => o.id),
        q,
      ).toEqual([org.id]);
    }
    expect((await find(t, 'wikidata:Q43')).json<{ items: Org[] }>().items).toEqual([]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/organizations/${org.id}` })).json<Org>().identifiers,
    ).toHaveLength(6);
  });

  it('refuses a malformed identifier naming the field, and a malformed query with 400', async () => {
    const t = await makeApp();
    const cases: [object, string, RegExp][] = [
      [{ scheme: 'wikidata', value: 'Q0123' }, 'identifiers.0.value', /Wikidata item id/],
      [{ scheme: 'ror', value: '042nb2s45' }, 'identifiers.0.value', /check digits.*44/],
      [{ scheme: 'isni', value: '0000000121032684' }, 'identifiers.0.value', /check character/],
      [{ scheme: 'website', value: 'ftp://mlpd.de' }, 'identifiers.0.value', /http\(s\) URL/],
      [{ scheme: 'email-domain', value: 'localhost' }, 'identifiers.0.value', /domain name/],
      [{ scheme: 'twitter', value: 'mlpd' }, 'identifiers.0.scheme', /other:/],
      [{ scheme: 'other:Bad Name', value: 'x' }, 'identifiers.0.scheme', /other:/],
    ];
    for (const [identifier, field, detail] of cases) {
      const res = await t.admin({
        method: 'POST',
        url: '/v1/organizations',
        payload: { ...mlpd, identifiers: [identifier] },
      });
      const problem = expectProblem(res, 400);
      expect(problem.errors, JSON.stringify(identifier)).toEqual([
        expect.objectContaining({ in: 'body', field, detail: expect.stringMatching(detail) }),
      ]);
    }
    const twice = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      payload: {
        ...mlpd,
        identifiers: [
          { scheme: 'wikidata', value: 'Q42' },
          { scheme: 'wikidata', value: 'Q42' },
        ],
      },
    });
    expect(expectProblem(twice, 400).errors?.[0]?.field).toBe('identifiers');
    for (const q of ['Q42', 'wikidata:', 'wikidata:42', 'facebook:x', 'ror:042nb2s45']) {
      const problem = expectProblem(await find(t, q), 400);
      expect(problem.errors?.[0], q).toMatchObject({ in: 'query', field: 'identifier' });
    }
  });

  it('keeps an identifier to one organization: 409 naming the field and the holder, on POST and PATCH', async () => {
    const t = await makeApp();
    const a = await create(t, { ...mlpd, identifiers: [{ scheme: 'wikidata', value: 'Q42' }] });
    const clash = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      payload: {
        ...rm,
        identifiers: [
          { scheme: 'ror', value: '042nb2s44' },
          { scheme: 'wikidata', value: 'Q42' },
        ],
      },
    });
    const problem = expectProblem(clash, 409);
    expect(problem.type).toBe('urn:undersigned:problem:identifier-taken');
    expect(problem).toMatchObject({
      existing: a.id,
      errors: [{ in: 'body', field: 'identifiers.1', detail: expect.stringContaining(a.id) }],
    });
    expect((await find(t, 'ror:042nb2s44')).json<{ items: Org[] }>().items).toEqual([]);

    const b = await create(t, rm);
    const patch = (id: string, revision: number, identifiers: object[]) =>
      t.admin({
        method: 'PATCH',
        url: `/v1/organizations/${id}`,
        headers: { 'if-match': `"r${revision}"`, 'content-type': 'application/merge-patch+json' },
        payload: { identifiers },
      });
    const refused = await patch(b.id, 1, [{ scheme: 'wikidata', value: 'Q42' }]);
    expectProblem(refused, 409);
    expect(refused.json<{ existing: string }>().existing).toBe(a.id);
    // The holder may change its own; once it lets go, another may take it.
    expect(
      (
        await patch(a.id, 1, [
          { scheme: 'wikidata', value: 'Q42' },
          { scheme: 'isni', value: '0000000121032683' },
        ])
      ).statusCode,
    ).toBe(200);
    expect((await patch(a.id, 2, [])).statusCode).toBe(200);
    const taken = await patch(b.id, 1, [{ scheme: 'wikidata', value: 'Q42' }]);
    expect(taken.statusCode, taken.body).toBe(200);
    expect((await find(t, 'wikidata:Q42')).json<{ items: Org[] }>().items.map((o) => o.id)).toEqual([b.id]);

    // Versioned like every other field.
    const revisions = await t.app.inject({ method: 'GET', url: `/v1/organizations/${a.id}/revisions` });
    const states = revisions
      .json<{ items: { revision: number; state: Org }[] }>()
      .items.map((r) => [r.revision, r.state.identifiers.length]);
    expect(states).toEqual([
      [3, 0],
      [2, 2],
      [1, 1],
    ]);
  });

  it("frees a deleted organization's identifiers", async () => {
    const t = await makeApp();
    const a = await create(t, { ...mlpd, identifiers: [{ scheme: 'wikidata', value: 'Q42' }] });
    expect((await t.admin({ method: 'DELETE', url: `/v1/organizations/${a.id}` })).statusCode).toBe(204);
    expect((await find(t, 'wikidata:Q42')).json<{ items: Org[] }>().items).toEqual([]);
    await create(t, { ...rm, identifiers: [{ scheme: 'wikidata', value: 'Q42' }] });
    const integrity = await t.app.inject({ method: 'GET', url: '/v1/integrity' });
    expect(integrity.json<{ valid: boolean }>().valid, integrity.body).toBe(true);
  });
});
