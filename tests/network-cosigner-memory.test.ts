import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CosignerMemory } from '../src/modules/network/cosigner-memory.js';
import { cosignersOf as sqlCosigners } from '../src/modules/network/repository.js';
import { makeApp, reopen, type TestApp } from './support/app.js';
import { append, appendOk, org, statement } from './support/timeline.js';

/**
 * Cosigner reads from memory (src/modules/network/cosigner-index.ts) answer exactly as SQL does:
 * the same file read by an app with the index and by one without it (`cosignerMemoryBytes: 0`).
 */

interface Cosigners {
  signed: number;
  total: number;
  items: { organization: { id: string; name: string }; shared: number; signed: number; jaccard: number }[];
}

const get = async (app: FastifyInstance, url: string) => {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Cosigners>();
};
const day = (d: number) => `2022-01-${String(d).padStart(2, '0')}`;

type Op =
  { kind: 'add' | 'withdraw' | 'retract'; list: number; org: number; day: number } | { kind: 'delete'; list: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      list: fc.nat(4),
      org: fc.nat(7),
      day: fc.integer({ min: 1, max: 9 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      list: fc.nat(4),
      org: fc.nat(7),
      day: fc.integer({ min: 1, max: 9 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retract' as const),
      list: fc.nat(4),
      org: fc.nat(7),
      day: fc.integer({ min: 1, max: 9 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), list: fc.nat(4) }) },
);

/** Eight organizations on five lists, changed by `ops`: dates out of order are corrections; refused events are skipped. */
async function world(t: TestApp, ops: Op[]) {
  const orgs: string[] = [];
  for (let i = 0; i < 8; i++) orgs.push(await org(t, `Org ${i}`));
  const lists: string[] = [];
  for (let i = 0; i < 5; i++) lists.push(await statement(t, { title: `List ${i}` }));
  for (const o of ops) {
    const list = lists[o.list] ?? '';
    if (o.kind === 'delete') await t.admin({ method: 'DELETE', url: `/v1/statements/${list}` });
    else {
      const organizationId = orgs[o.org] ?? '';
      const items = o.kind === 'add' ? [{ organizationId }] : [{ organizationId, reason: 'wrong' }];
      await append(t, list, { asOf: day(o.day), [o.kind]: items });
    }
  }
  return orgs;
}

const QUERIES = [
  '',
  '?limit=1',
  '?limit=2',
  '?minShared=2',
  `?asOf=${day(3)}`,
  `?asOf=${day(6)}&limit=3`,
  `?asOf=${day(9)}&minShared=2`,
];

describe('cosigners from memory', () => {
  it('answer as SQL does, on random lists with withdrawals, retractions, corrections and deleted statements', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40 }), async (ops) => {
        const t = await makeApp();
        const orgs = await world(t, ops);
        const bySql = await reopen(t.databasePath, { cosignerMemoryBytes: 0 });
        for (const id of orgs)
          for (const q of QUERIES) {
            const url = `/v1/organizations/${id}/cosigners${q}`;
            expect(await get(t.app, url), url).toEqual(await get(bySql, url));
          }
        const asked = orgs.length * QUERIES.length;
        expect(t.app.workers.cosigners.stats).toMatchObject({ fromMemory: asked, fromSql: 0 });
        expect(bySql.workers.cosigners.stats).toMatchObject({ builds: 0, fromMemory: 0, fromSql: asked });
        await t.app.close();
        await bySql.close();
      }),
      { numRuns: 10 },
    );
  });

  it('are read again after a write: a new signature shows in the next answer', async () => {
    const t = await makeApp();
    const [a, b, c] = [await org(t, 'Alpha'), await org(t, 'Beta'), await org(t, 'Gamma')];
    const s = await statement(t);
    await appendOk(t, s, { asOf: day(10), add: [{ organizationId: a }, { organizationId: b }] });
    const url = `/v1/organizations/${a}/cosigners`;
    expect((await get(t.app, url)).items.map((i) => i.organization.name)).toEqual(['Beta']);
    expect(t.app.workers.cosigners.stats).toMatchObject({ builds: 1, fromMemory: 1 });
    await appendOk(t, s, { asOf: day(11), add: [{ organizationId: c }] });
    const after = await get(t.app, url);
    expect(after.items.map((i) => [i.organization.name, i.shared]).sort()).toEqual([
      ['Beta', 1],
      ['Gamma', 1],
    ]);
    expect(t.app.workers.cosigners.stats).toMatchObject({ builds: 2, fromMemory: 2, fromSql: 0 });
    // As of before Gamma joined, from the same index.
    expect((await get(t.app, `${url}?asOf=${day(10)}`)).total).toBe(1);
    expect(t.app.workers.cosigners.stats).toMatchObject({ builds: 2, fromMemory: 3 });
  });

  it('are not held past the bound: SQL answers, and the lists are not read again at once', async () => {
    const t = await makeApp({ config: { cosignerMemoryBytes: 1000 } });
    const [a, b] = [await org(t, 'Alpha'), await org(t, 'Beta')];
    const s = await statement(t);
    await appendOk(t, s, { asOf: day(10), add: [{ organizationId: a }, { organizationId: b }] });
    const url = `/v1/organizations/${a}/cosigners`;
    expect((await get(t.app, url)).items.map((i) => [i.organization.name, i.shared, i.signed])).toEqual([
      ['Beta', 1, 1],
    ]);
    expect(t.app.workers.cosigners.stats).toMatchObject({ builds: 0, refusals: 1, fromSql: 1, bytes: 0 });
    await appendOk(t, s, { asOf: day(11), withdraw: [{ organizationId: b }] });
    expect((await get(t.app, url)).items).toEqual([]);
    expect(t.app.workers.cosigners.stats).toMatchObject({ builds: 0, refusals: 1, fromSql: 2 });
  });

  it('are read on a worker thread for a large database, one build at a time, and one overtaken by a write is not kept', async () => {
    const t = await makeApp();
    const orgs = [];
    for (let i = 0; i < 6; i++) orgs.push(await org(t, `Org ${i}`));
    for (let i = 0; i < 6; i++) {
      const s = await statement(t, { title: `List ${i}` });
      await appendOk(t, s, { asOf: day(10), add: orgs.slice(i % 3).map((organizationId) => ({ organizationId })) });
    }
    // As if the database were large: every build goes to the worker.
    const memory = new CosignerMemory(t.app.db, t.app.reads.version, { inlineUpTo: 0 });
    onTestFinished(() => memory.stop());
    expect([memory.current(), memory.current()]).toEqual([null, null]);
    await memory.settled();
    const index = memory.current();
    expect(memory.stats).toMatchObject({ builds: 1, fromSql: 2, fromMemory: 1 });
    expect(memory.current()).toBe(index);
    const subject = orgs[4] ?? '';
    const query = { minShared: 1, limit: 100 };
    expect(sqlCosigners(t.app.db, subject, query, index?.counts(subject, query))).toEqual(
      sqlCosigners(t.app.db, subject, query),
    );
    // A write while the next build runs: it is for a state gone, and is not kept. (A row in a
    // temporary table moves this connection's count of changes, as any write does.)
    t.app.db.$client.exec('CREATE TEMP TABLE nudge (x)');
    const nudge = () => t.app.db.$client.prepare('INSERT INTO nudge VALUES (1)').run();
    nudge();
    expect(memory.current()).toBeNull();
    nudge();
    await memory.settled();
    expect(memory.stats.builds).toBe(2);
    expect(memory.current()).toBeNull();
    await memory.settled();
    expect(memory.current()).not.toBeNull();
    expect(memory.stats.builds).toBe(3);
  });
});
