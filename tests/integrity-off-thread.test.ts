// Checking the whole database is a long read (27 s at 100,000 organizations), and so are a long
// statement's bundle and checkpoint check: they run on a worker thread, so the server keeps
// answering meanwhile, and requests that arrive during a check share it.
import type { JSONWebKeySet } from 'jose';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkBundle } from '../src/modules/integrity/bundle-check.js';
import { IntegrityWorker } from '../src/modules/integrity/off-thread.js';
import { makeApp } from './support/app.js';
import { edition, importText } from './support/imports.js';

const entries = Array.from({ length: 3_000 }, (_, i) => `${i + 1}. ORG${i + 1} Organisation Nummer ${i + 1}, Germany`);

// Importing 3,000 entries and checking them on a worker started through tsx takes 5-10 s alone,
// and twice that with another test file beside it on two busy cores.
const HEAVY = { timeout: 60_000 };

describe('integrity checks off the event loop', () => {
  it(
    'answer other requests while the whole database is checked, and share one check between requests',
    HEAVY,
    async () => {
      const t = await makeApp();
      const imported = await importText(t, edition('1 March 2022', entries));
      expect(imported.statusCode, imported.body).toBe(201);

      let settled = false;
      const whole = t.app.inject({ method: 'GET', url: '/v1/integrity' }).finally(() => (settled = true));
      const again = t.app.inject({ method: 'GET', url: '/v1/integrity' });
      // Long enough for the first check to have begun: inline, it would hold the thread until done.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const health = await t.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(settled, 'the check had finished before /health could answer').toBe(false);

      const [first, second] = await Promise.all([whole, again]);
      expect(first.statusCode, first.body).toBe(200);
      const report = first.json<{
        valid: boolean;
        checkedAt: string;
        statements: { checked: number };
        histories: { checked: number };
      }>();
      expect(report).toMatchObject({ valid: true, statements: { checked: 1 } });
      expect(report.histories.checked).toBe(3_001); // the statement and its 3,000 organizations
      expect(second.json<{ checkedAt: string }>().checkedAt).toBe(report.checkedAt);
    },
  );

  it('a check after others have written sees the search index as it is now, not as it was at the last check', async () => {
    const t = await makeApp();
    // Past the inline limit (200 records), so both checks run on the worker and its connection.
    const imported = await importText(t, edition('1 March 2022', entries.slice(0, 250)));
    expect(imported.statusCode, imported.body).toBe(201);
    const check = async () =>
      (await t.app.inject({ method: 'GET', url: '/v1/integrity' })).json<{
        valid: boolean;
        integrityCheck: string[];
      }>();
    expect(await check()).toMatchObject({ valid: true, integrityCheck: ['ok'] });
    // Each write adds a segment to the search index; FTS5 merges them, so the index read at the first check no longer exists.
    for (let i = 0; i < 25; i++)
      expect(
        (await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: `Neue Organisation ${i}` } }))
          .statusCode,
      ).toBe(201);
    expect(await check()).toMatchObject({ valid: true, integrityCheck: ['ok'] });
  });
});

describe('bundles, checkpoint checks and pages off the event loop', () => {
  it('answer other requests meanwhile; the bundle, signed on the server thread, checks out', HEAVY, async () => {
    const t = await makeApp();
    const imported = await importText(t, edition('1 March 2022', entries));
    expect(imported.statusCode, imported.body).toBe(201);
    const id = imported.json<{ statement: { id: string } }>().statement.id;
    const { checkpoint } = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/checkpoint` })).json<{
      checkpoint: string;
    }>();

    for (const url of [
      `/v1/statements/${id}/bundle`,
      `/v1/checkpoints/verify?checkpoint=${checkpoint}`,
      `/statements/${id}`,
    ]) {
      let settled = false;
      const slow = t.app
        .inject({ method: 'GET', url, headers: { accept: 'text/html' } })
        .finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect(settled, `${url} had finished before /health could answer`).toBe(false);
      const res = await slow;
      expect(res.statusCode, res.body).toBe(200);
      if (url.includes('/bundle')) {
        const keys = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<JSONWebKeySet>();
        expect(await checkBundle(res.json(), { keys: keys.keys })).toMatchObject({ valid: true, length: 1 });
      } else if (url.includes('/checkpoints/')) expect(res.json()).toMatchObject({ valid: true, currentLength: 1 });
      else expect(res.body).toContain('Verified: every event');
    }
  });
});

describe('the integrity worker gives its memory back', () => {
  it(
    'stops at once after a job that left its heap over the limit, and after a while without a job; the next check starts it again',
    HEAVY,
    async () => {
      const t = await makeApp();
      const imported = await importText(t, edition('1 March 2022', entries.slice(0, 250)));
      expect(imported.statusCode, imported.body).toBe(201);
      const statementId = imported.json<{ statement: { id: string } }>().statement.id;

      // Any heap is over one byte; the idle time alone would keep the thread for a minute.
      const big = new IntegrityWorker(t.app.db, t.databasePath, { idleMs: 60_000, heapLimit: 1 });
      onTestFinished(() => big.stop());
      expect(await big.statement(statementId)).toMatchObject({ valid: true, length: 1 });
      expect(big.running).toBe(false);
      expect(await big.statement(statementId)).toMatchObject({ valid: true, length: 1 });

      const idle = new IntegrityWorker(t.app.db, t.databasePath, { idleMs: 100, heapLimit: 4 * 1024 ** 3 });
      onTestFinished(() => idle.stop());
      expect(await idle.statement(statementId)).toMatchObject({ valid: true });
      expect(idle.running).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(idle.running).toBe(false);
    },
  );
});
