import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { importText, sample } from './support/imports.js';

/**
 * A full disk, for real: SQLite's page limit on the server's own connection makes every write that
 * needs a new page fail with SQLITE_FULL, as a full filesystem does (SQLite reads ENOSPC from
 * write() as SQLITE_FULL). Writes answer 503 with Retry-After and change nothing; /health says
 * degraded until a write succeeds again.
 */
function fillDisk(t: TestApp) {
  const sqlite = t.app.db.$client;
  sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
  return () => sqlite.pragma('max_page_count = 1073741823');
}

/** Rows of every table: nothing of a refused write may stay behind. */
const counts = (t: TestApp) =>
  Object.fromEntries(
    t.app.db.$client
      .prepare<[], { name: string }>(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%fts%'",
      )
      .all()
      .map(({ name }) => [name, t.app.db.$client.prepare<[], number>(`select count(*) from "${name}"`).pluck().get()]),
  );

const aliases = (n: number) => Array.from({ length: 40 }, (_, i) => `Alias ${n}.${i} ${'x'.repeat(300)}`);
const health = async (t: TestApp) =>
  (await t.app.inject({ method: 'GET', url: '/health' })).json<{ status: string; reason?: string }>();

describe('a full disk', () => {
  it('answers writes 503 with Retry-After and writes nothing; /health is degraded until a write succeeds', async () => {
    const t = await makeApp();
    expect((await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'Before' } })).statusCode).toBe(
      201,
    );
    await t.as('editor', { method: 'GET', url: '/v1/organizations' }); // the importer's key, made now
    const before = counts(t);
    const free = fillDisk(t);

    const org = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      payload: { name: 'Big', aliases: aliases(1) },
    });
    const problem = expectProblem(org, 503);
    expect(problem.type).toBe('urn:undersigned:problem:storage-full');
    expect(problem.detail).toMatch(/disk is full/);
    expect(org.headers['retry-after']).toBe('60');
    expectProblem(await importText(t, sample), 503);
    expect(counts(t)).toEqual(before);
    expect(await health(t)).toEqual({
      status: 'degraded',
      reason: expect.stringMatching(/disk is full: writes fail with SQLITE_FULL/),
    });
    // Reads still answer.
    expect((await t.app.inject({ method: 'GET', url: '/v1/organizations' })).statusCode).toBe(200);

    free();
    expect(
      (await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'After', aliases: aliases(2) } }))
        .statusCode,
    ).toBe(201);
    expect(await health(t)).toEqual({ status: 'ok' });
    expect(t.app.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a write that shares its commit with a failing one is either acknowledged and kept, or refused and gone', async () => {
    const t = await makeApp();
    await t.as('editor', { method: 'GET', url: '/v1/organizations' });
    fillDisk(t);
    const names = ['Small 1', 'Big', 'Small 2', 'Big 2', 'Small 3'];
    // Sent together, so the write lane runs them in one transaction, each in its own savepoint.
    const answers = await Promise.all(
      names.map((name) =>
        t.as('editor', {
          method: 'POST',
          url: '/v1/organizations',
          payload: { name, ...(name.startsWith('Big') ? { aliases: aliases(3) } : {}) },
        }),
      ),
    );
    for (const [i, res] of answers.entries()) {
      expect([201, 503], res.body).toContain(res.statusCode);
      const stored = (
        await t.app.inject({ method: 'GET', url: `/v1/organizations?name=${encodeURIComponent(names[i] ?? '')}` })
      ).json<{ items: unknown[] }>().items;
      expect(stored.length, `${names[i]} answered ${res.statusCode}`).toBe(res.statusCode === 201 ? 1 : 0);
    }
    expect(answers.filter((res) => res.statusCode === 503).length).toBeGreaterThan(0);
    expect(t.app.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
