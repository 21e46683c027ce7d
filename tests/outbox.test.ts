// The outbox: every committed change queues the cache purges it needs in its own transaction, a
// worker delivers them (before the write is acknowledged, when the cache answers), retries with
// backoff, and a restart delivers what a stopped server left.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../src/app.js';
import { openMigratedDatabase } from '../src/database.js';
import { listOutbox } from '../src/db/outbox.js';
import { makeApp } from './support/app.js';
import { freePort } from './support/server-process.js';
import { purgeTarget } from './support/purge-target.js';
import { appendOk, org, statement } from './support/timeline.js';

const outboxOf = (databasePath: string) => {
  const db = openMigratedDatabase(databasePath);
  try {
    return listOutbox(db);
  } finally {
    db.$client.close();
  }
};

describe('cache purges through the outbox', () => {
  it('writes nothing while CACHE_PURGE_URLS is unset', async () => {
    const t = await makeApp();
    const id = await statement(t);
    await appendOk(t, id, { asOf: '2022-01-21', add: [{ organization: { name: 'Alpha' } }] });
    expect(outboxOf(t.databasePath)).toEqual([]);
  });

  it('purges the keys a change makes stale before the write is acknowledged', async () => {
    const cache = await purgeTarget();
    const t = await makeApp({ config: { cachePurgeUrls: [cache.url] } });
    const a = await org(t, 'Alpha');
    expect(cache.purged.at(-1)).toEqual(['organizations']);
    const id = await statement(t);
    expect(cache.purged.at(-1)).toEqual(['statements']);
    await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: a }] });
    expect(cache.purged.at(-1)).toEqual([`statement:${id}`, 'statements', 'signatures']);

    const patched = await t.admin({
      method: 'PATCH',
      url: `/v1/organizations/${a}`,
      headers: { 'if-match': '"r1"' },
      payload: { name: 'Alpha Renamed' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    // The organization's own reads, the collection, and the lists it is on.
    expect(cache.purged.at(-1)).toEqual([
      `organization:${a}`,
      `organization:${a}:pinned`,
      'organizations',
      `statement:${id}`,
    ]);

    const rows = outboxOf(t.databasePath);
    expect(rows.map((row) => row.payload)).toEqual(cache.purged);
    expect(rows.every((row) => row.deliveredAt !== null && row.attempts === 1 && row.target === cache.url)).toBe(true);
  });

  it('a refused write queues nothing', async () => {
    const cache = await purgeTarget();
    const t = await makeApp({ config: { cachePurgeUrls: [cache.url] } });
    const before = outboxOf(t.databasePath).length;
    const res = await t.admin({
      method: 'POST',
      url: '/v1/statements/nope/events',
      payload: { asOf: '2022-01-21', add: [{ organization: { name: 'A' } }] },
    });
    expect(res.statusCode).toBe(404);
    expect(outboxOf(t.databasePath)).toHaveLength(before);
  });

  it('retries a cache that fails, with backoff, until it takes the purge', async () => {
    const cache = await purgeTarget();
    cache.answer(503);
    const t = await makeApp({ config: { cachePurgeUrls: [cache.url] } });
    const id = await statement(t);
    const [failed] = outboxOf(t.databasePath);
    expect(failed).toMatchObject({
      payload: ['statements'],
      attempts: 1,
      deliveredAt: null,
      lastError: expect.stringContaining('503'),
    });
    // The next attempt is a second later, not at once.
    expect(Date.parse(failed?.nextAttemptAt ?? '') - Date.parse(failed?.createdAt ?? '')).toBeGreaterThanOrEqual(900);
    cache.answer(200);
    const deadline = Date.now() + 5000;
    while (outboxOf(t.databasePath)[0]?.deliveredAt === null && Date.now() < deadline) await sleep(50);
    expect(cache.purged).toEqual([['statements']]);
    expect(outboxOf(t.databasePath)[0]).toMatchObject({ attempts: 2, deliveredAt: expect.any(String) });
    expect(id).toBeTruthy();
  });

  it('delivers at the next start what a server could not (the cache was down)', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const t = await makeApp({ config: { cachePurgeUrls: [url] } });
    const id = await statement(t);
    await appendOk(t, id, { asOf: '2022-01-21', add: [{ organization: { name: 'Alpha' } }] });
    // The statement, the new organization, the event: each tried once, refused, due again later.
    expect(outboxOf(t.databasePath).filter((row) => row.deliveredAt === null && row.attempts === 1)).toHaveLength(3);
    await t.app.close();

    const cache = await purgeTarget(port);
    const again = await buildApp({
      databasePath: t.databasePath,
      logLevel: 'silent',
      seedSample: false,
      cachePurgeUrls: [url],
    });
    onTestFinished(() => again.close());
    await again.ready();
    const deadline = Date.now() + 5000;
    while (outboxOf(t.databasePath).some((row) => row.deliveredAt === null) && Date.now() < deadline) await sleep(50);
    expect(cache.purged).toEqual([['statements'], ['organizations'], [`statement:${id}`, 'statements', 'signatures']]);
    expect(outboxOf(t.databasePath).every((row) => row.attempts === 2)).toBe(true);
  });

  it('keeps its messages: never deleted, never rewritten', async () => {
    const cache = await purgeTarget();
    const t = await makeApp({ config: { cachePurgeUrls: [cache.url] } });
    await statement(t);
    const db = openMigratedDatabase(t.databasePath);
    onTestFinished(() => {
      db.$client.close();
    });
    expect(() => db.$client.exec('delete from outbox')).toThrow(/append-only/);
    expect(() => db.$client.exec(`update outbox set payload = '["x"]'`)).toThrow(/cannot change/);
    expect(() => db.$client.exec(`update outbox set last_error = 'x'`)).toThrow(/final/);
  });
});
