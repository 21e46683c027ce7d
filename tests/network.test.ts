import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { edition, importText } from './support/imports.js';
import { appendOk, org, statement, tick } from './support/timeline.js';

interface Cosigners {
  signed: number;
  total: number;
  items: { organization: { id: string; name: string }; shared: number; signed: number; jaccard: number }[];
}

/**
 * Four organizations A-D on three statements:
 *   S1 (2022-01-10): A B C      S2 (2022-02-01): A B, then D joins on 2022-03-01      S3 (2022-01-15): B C, C withdraws 2022-02-15
 */
async function world(t: TestApp) {
  const [a, b, c, d] = [
    await org(t, 'Alpha Party', { abbreviation: 'AP', country: 'DE' }),
    await org(t, 'Beta League'),
    await org(t, 'Gamma Front'),
    await org(t, 'Delta Union'),
  ];
  const [s1, s2, s3] = [
    await statement(t, { title: 'One' }),
    await statement(t, { title: 'Two' }),
    await statement(t, { title: 'Three' }),
  ];
  const add = (...ids: string[]) => ids.map((organizationId) => ({ organizationId }));
  await appendOk(t, s1, { asOf: '2022-01-10', add: add(a, b, c) });
  await appendOk(t, s2, { asOf: '2022-02-01', add: add(a, b) });
  await appendOk(t, s3, { asOf: '2022-01-15', add: add(b, c) });
  await appendOk(t, s3, { asOf: '2022-02-15', withdraw: [{ organizationId: c, reason: 'left' }] });
  await appendOk(t, s2, { asOf: '2022-03-01', add: add(d) });
  return { a, b, c, d, s1, s2, s3 };
}

const cosignersOf = async (t: TestApp, id: string, q = '') => {
  const res = await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}/cosigners${q}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Cosigners>();
};
/** Rows that tie on shared and Jaccard rank by organization id: given as [id, ...row]. */
const byId = (rows: [string, ...(string | number)[]][]) =>
  rows.sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([, ...row]) => row);
const ranked = (c: Cosigners) => c.items.map((i) => [i.organization.name, i.shared, i.signed, i.jaccard]);

describe('cosigners', () => {
  it('ranks by statements shared, with the Jaccard similarity of the two sets', async () => {
    const t = await makeApp();
    const w = await world(t);
    // Latest: A on S1 S2; B on S1 S2 S3; C on S1 (withdrew from S3); D on S2.
    const latest = await cosignersOf(t, w.a);
    expect(latest.signed).toBe(2);
    expect(ranked(latest)).toEqual([
      ['Beta League', 2, 3, 0.6667],
      ...byId([
        [w.d, 'Delta Union', 1, 1, 0.5],
        [w.c, 'Gamma Front', 1, 1, 0.5],
      ]),
    ]);
    expect(ranked(await cosignersOf(t, w.b))[0]).toEqual(['Alpha Party', 2, 2, 0.6667]);
    // As of 2022-02-01: D has not joined, C is still on S3.
    const then = await cosignersOf(t, w.b, '?asOf=2022-02-01');
    expect(ranked(then)).toEqual(
      byId([
        [w.c, 'Gamma Front', 2, 2, 0.6667],
        [w.a, 'Alpha Party', 2, 2, 0.6667],
      ]),
    );
    // minShared and limit; total counts before the limit.
    const two = await cosignersOf(t, w.a, '?minShared=2');
    expect(ranked(two)).toEqual([['Beta League', 2, 3, 0.6667]]);
    const one = await cosignersOf(t, w.a, '?limit=1');
    expect([one.total, one.items.length]).toEqual([3, 1]);
    // Before anything: nobody.
    expect((await cosignersOf(t, w.a, '?asOf=2021-12-31')).items).toEqual([]);
  });

  it('answers as known at a moment, and leaves deleted statements out', async () => {
    const t = await makeApp();
    const w = await world(t);
    await tick();
    const before = new Date().toISOString();
    await tick();
    await appendOk(t, w.s1, { asOf: '2022-01-05', add: [{ organizationId: w.d }] }); // a correction, recorded now
    expect(ranked(await cosignersOf(t, w.d)).map((r) => r[0])).toEqual(['Alpha Party', 'Beta League', 'Gamma Front']);
    expect(ranked(await cosignersOf(t, w.d, `?knownAt=${before}`)).map((r) => [r[0], r[1]])).toEqual([
      ['Alpha Party', 1],
      ['Beta League', 1],
    ]);
    const del = await t.admin({ method: 'DELETE', url: `/v1/statements/${w.s1}` });
    expect(del.statusCode, del.body).toBe(204);
    expect(ranked(await cosignersOf(t, w.c))).toEqual([]);
    // Each cosigner's own count leaves the deleted statement out too: B is on S2 and S3, D on S2.
    expect(ranked(await cosignersOf(t, w.a))).toEqual([
      ['Delta Union', 1, 1, 1],
      ['Beta League', 1, 2, 0.5],
    ]);
  });

  it('404s an unknown organization and 400s a bad threshold', async () => {
    const t = await makeApp();
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations/org_nope/cosigners' }), 404);
    const id = await org(t, 'Alone');
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}/cosigners?minShared=0` }), 400);
    expect((await cosignersOf(t, id)).items).toEqual([]);
  });
});

describe('overlap', () => {
  it('shows who is on both lists and who on one', async () => {
    const t = await makeApp();
    const w = await world(t);
    const res = await t.app.inject({ method: 'GET', url: `/v1/statements/${w.s1}/overlap?with=${w.s2}` });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json<{
      counts: object;
      jaccard: number;
      shared: { id: string }[];
      onlyLeft: { id: string }[];
      onlyRight: { id: string }[];
    }>();
    expect(o.counts).toEqual({ left: 3, right: 3, shared: 2 });
    expect(o.jaccard).toBe(0.5);
    expect([o.shared.map((x) => x.id), o.onlyLeft.map((x) => x.id), o.onlyRight.map((x) => x.id)]).toEqual([
      [w.a, w.b],
      [w.c],
      [w.d],
    ]);
    const early = (
      await t.app.inject({ method: 'GET', url: `/v1/statements/${w.s1}/overlap?with=${w.s2}&asOf=2022-02-01` })
    ).json<{ counts: object }>();
    expect(early.counts).toEqual({ left: 3, right: 2, shared: 2 });
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/statements/${w.s1}/overlap?with=stm_nope` }), 404);
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/statements/${w.s1}/overlap` }), 400);
  });
});

describe('network', () => {
  it('is a weighted graph in networkx node-link JSON, and CSV tables for Gephi', async () => {
    const t = await makeApp();
    const w = await world(t);
    const res = await t.app.inject({ method: 'GET', url: '/v1/network' });
    expect(res.statusCode, res.body).toBe(200);
    const g = res.json<{
      directed: boolean;
      nodes: { id: string; label: string; signed: number }[];
      edges: { source: string; target: string; weight: number; jaccard: number }[];
    }>();
    expect(g.directed).toBe(false);
    expect(g.nodes.map((n) => [n.id, n.signed])).toEqual(
      [
        [w.a, 2],
        [w.b, 3],
        [w.c, 1],
        [w.d, 1],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
    );
    expect(g.nodes.find((n) => n.id === w.a)?.label).toBe('AP');
    const weight = (x: string, y: string) =>
      g.edges.find((e) => (e.source === x && e.target === y) || (e.source === y && e.target === x))?.weight;
    expect([weight(w.a, w.b), weight(w.a, w.c), weight(w.b, w.c), weight(w.a, w.d), weight(w.c, w.d)]).toEqual([
      2,
      1,
      1,
      1,
      undefined,
    ]);
    expect(g.edges.every((e) => e.source < e.target)).toBe(true);
    const pairs = g.edges.map((e) => `${e.source} ${e.target}`);
    expect(pairs).toEqual([...pairs].sort());
    const jaccard = g.edges.find((e) => [e.source, e.target].sort().join() === [w.a, w.b].sort().join())?.jaccard;
    expect(jaccard).toBe(Math.round((2 / (2 + 3 - 2)) * 10_000) / 10_000);

    const heavy = (await t.app.inject({ method: 'GET', url: '/v1/network?minWeight=2' })).json<{ edges: object[] }>();
    expect(heavy.edges).toHaveLength(1);
    const csv = await t.app.inject({ method: 'GET', url: '/v1/network?format=csv' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\n')[0]).toBe('Source,Target,Type,Weight,Jaccard');
    expect(csv.body.trim().split('\n')).toHaveLength(1 + g.edges.length);
    const nodes = await t.app.inject({ method: 'GET', url: '/v1/network?format=nodes-csv' });
    expect(nodes.body.split('\n')[0]).toBe('Id,Label,Abbreviation,Name,NameEn,Country,Signed');
    expect(nodes.body).toContain(`${w.a},AP,AP,Alpha Party,,DE,2`);
    // Cached with a strong ETag.
    const again = await t.app.inject({
      method: 'GET',
      url: '/v1/network?format=csv',
      headers: { 'if-none-match': String(csv.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/network?format=gexf' }), 400);
  });

  it('is refused, before the counting, when it would count more than 100,000 pairs', async () => {
    const t = await makeApp();
    // One list of 450 signatories is 101,025 pairs.
    const entries = Array.from(
      { length: 450 },
      (_, i) => `${i + 1}. ORG${i + 1} Organisation Nummer ${i + 1}, Germany`,
    );
    const imported = await importText(t, edition('1 March 2022', entries));
    expect(imported.statusCode, imported.body).toBe(201);
    const refused = expectProblem(await t.app.inject({ method: 'GET', url: '/v1/network?format=csv' }), 400);
    expect(refused).toMatchObject({ type: 'urn:undersigned:problem:graph-too-large' });
    expect(String(refused.detail)).toContain('100,000 pairs');
    // What it points to instead still answers.
    const first = imported.json<{ event: { items: { organizationId: string }[] } }>().event.items[0]?.organizationId;
    expect((await cosignersOf(t, String(first))).total).toBe(449);
  });
});
