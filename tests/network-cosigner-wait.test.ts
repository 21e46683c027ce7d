import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { LISTS_SQL, readLists, type ListRow } from '../src/modules/network/cosigner-index.js';
import {
  CosignerMemory,
  WAIT_FOR_BUILD_OVER_SPANS,
  type CosignerBuild,
} from '../src/modules/network/cosigner-memory.js';
import { cosignersOf } from '../src/modules/network/repository.js';
import { makeApp, type TestApp } from './support/app.js';
import { appendOk, org, statement } from './support/timeline.js';

/**
 * When the cosigner index (src/modules/network/cosigner-memory.ts) is read: at the server's start,
 * and while it is read, which reads wait for it (subjects on many lists) and for how long.
 */

const url = (id: string) => `/v1/organizations/${id}/cosigners`;

/** A build on this thread that ends only when released: a late worker. */
function heldBuild(t: TestApp): { build: CosignerBuild; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const build: CosignerBuild = async ({ maxBytes }) => {
    await gate;
    const rows = t.app.db.$client.prepare<[], ListRow>(LISTS_SQL).raw().iterate();
    return { id: 0, ok: true, lists: readLists(rows, maxBytes) };
  };
  onTestFinished(release);
  return { build, release };
}

describe('the cosigner index', () => {
  it('is read once the server listens, before any cosigner read', async () => {
    const t = await makeApp();
    const [a, b] = [await org(t, 'Alpha'), await org(t, 'Beta')];
    await appendOk(t, await statement(t), { asOf: '2022-01-10', add: [{ organizationId: a }, { organizationId: b }] });
    expect(t.app.workers.cosigners.stats.builds).toBe(0);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await vi.waitFor(() => expect(t.app.workers.cosigners.stats.builds).toBe(1), { timeout: 5000, interval: 10 });
    expect(t.app.workers.cosigners.stats).toMatchObject({ fromMemory: 0, fromSql: 0 });
    const res = await t.app.inject({ method: 'GET', url: url(a) });
    expect(res.json<{ total: number }>().total).toBe(1);
    expect(t.app.workers.cosigners.stats).toMatchObject({ builds: 1, fromMemory: 1, fromSql: 0 });
  });

  it('is waited for while read by a subject on many lists, not by others, and not past the bound', async () => {
    const t = await makeApp();
    const [hub, edge, other] = [await org(t, 'Hub'), await org(t, 'Edge'), await org(t, 'Other')];
    // The hub on one list more than the threshold, the edge on exactly as many.
    for (let i = 0; i <= WAIT_FOR_BUILD_OVER_SPANS; i++) {
      const members = i < WAIT_FOR_BUILD_OVER_SPANS ? [hub, edge, other] : [hub, other];
      await appendOk(t, await statement(t, { title: `List ${i}` }), {
        asOf: '2022-01-10',
        add: members.map((organizationId) => ({ organizationId })),
      });
    }
    const query = { minShared: 1, limit: 100 };
    const { build, release } = heldBuild(t);
    const memory = new CosignerMemory(t.app.db, t.app.reads.version, { inlineUpTo: 0, build });
    onTestFinished(() => memory.stop());
    expect(memory.current()).toBeNull(); // starts the build, which is held
    // Under the threshold: no wait, SQL answers.
    await memory.awaitFor(edge);
    expect(memory.current()).toBeNull();
    expect(memory.stats).toMatchObject({ waits: 0, fromSql: 2 });
    // Over it: the read waits for the build, and answers from memory.
    const waiting = memory.awaitFor(hub);
    release();
    await waiting;
    const index = memory.current();
    expect(index).not.toBeNull();
    expect(memory.stats).toMatchObject({ waits: 1, waitsTimedOut: 0, builds: 1, fromMemory: 1, fromSql: 2 });
    expect(cosignersOf(t.app.db, hub, query, index?.counts(hub, query))).toEqual(cosignersOf(t.app.db, hub, query));
  });

  it('leaves a hub to SQL once the wait passes its bound, or when the build under way is for a state gone', async () => {
    const t = await makeApp();
    const hub = await org(t, 'Hub');
    const others = [await org(t, 'Other 1'), await org(t, 'Other 2')];
    for (let i = 0; i <= WAIT_FOR_BUILD_OVER_SPANS; i++)
      await appendOk(t, await statement(t, { title: `List ${i}` }), {
        asOf: '2022-01-10',
        add: [hub, ...others].map((organizationId) => ({ organizationId })),
      });
    const { build, release } = heldBuild(t);
    const memory = new CosignerMemory(t.app.db, t.app.reads.version, { inlineUpTo: 0, waitMs: 20, build });
    onTestFinished(() => memory.stop());
    expect(memory.current()).toBeNull();
    const started = performance.now();
    await memory.awaitFor(hub);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(memory.current()).toBeNull();
    expect(memory.stats).toMatchObject({ waits: 1, waitsTimedOut: 1, builds: 0, fromSql: 2 });
    // A write: the build still held is for the state before it, and no read waits for it.
    await org(t, 'Newcomer');
    await memory.awaitFor(hub);
    expect(memory.stats).toMatchObject({ waits: 1, waitsTimedOut: 1 });
    release();
    await memory.settled();
    expect(memory.stats.builds).toBe(1);
    expect(memory.current()).toBeNull(); // read for a state gone: not kept, and the next build starts
  });
});
