import { describe, expect, it } from 'vitest';
import { organizations } from '../src/db/schema.js';
import { WriteLane } from '../src/db/write-lane.js';
import { createOrganization } from '../src/modules/organizations/repository.js';
import { makeApp } from './support/app.js';

describe('the write lane', () => {
  it('commits writes that arrive together in one transaction, each refused one alone', async () => {
    const t = await makeApp();
    const lane = new WriteLane(t.app.db);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        lane.write(() => {
          if (i % 5 === 4) throw new Error(`refused ${i}`);
          return createOrganization(t.app.db, { name: `Org ${i}` }, 'test').name;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toHaveLength(16);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([
      'Error: refused 4',
      'Error: refused 9',
      'Error: refused 14',
      'Error: refused 19',
    ]);
    // One COMMIT for all twenty: the disk waits once, not twenty times.
    expect(lane.commits).toBe(1);
    expect(
      t.app.db
        .select()
        .from(organizations)
        .all()
        .map((o) => o.name),
    ).toEqual(
      Array.from({ length: 20 }, (_, i) => i)
        .filter((i) => i % 5 !== 4)
        .map((i) => `Org ${i}`),
    );
  });

  it('starts no write while an exclusive job runs, and keeps the order', async () => {
    const t = await makeApp();
    const lane = new WriteLane(t.app.db);
    const order: string[] = [];
    let release = () => {};
    const exclusive = lane.exclusive(
      () => new Promise<void>((resolve) => (release = () => (order.push('exclusive done'), resolve()))),
    );
    const after = lane.write(() => order.push('write after'));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([exclusive, after]);
    expect(order).toEqual(['exclusive done', 'write after']);
  });

  it("fails the whole batch when a write's error rolls back the transaction, so nothing commits outside it", async () => {
    const t = await makeApp();
    const sqlite = t.app.db.$client;
    // A table without triggers: SQLITE_FULL in its one-row INSERT rolls back the whole transaction.
    sqlite.exec('create table scratch (v text)');
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
    const lane = new WriteLane(t.app.db);
    const insert = (v: string) => () => sqlite.prepare('insert into scratch (v) values (?)').run(v);
    const results = await Promise.allSettled([
      lane.write(insert('small 1')),
      lane.write(insert('x'.repeat(50_000))),
      lane.write(insert('small 2')),
    ]);
    expect(
      results.map((r) =>
        r.status === 'rejected' && r.reason instanceof Error && 'code' in r.reason ? r.reason.code : r.status,
      ),
    ).toEqual(['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL']);
    expect(sqlite.prepare('select count(*) from scratch').pluck().get()).toBe(0);
    expect(lane.storage.degraded).toMatch(/disk is full/);
  });
});
