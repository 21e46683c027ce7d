// A tail deleted consistently (the records, what they wrote, and their leaves, guards dropped
// first) passes every check of the database on its own; a head kept before exposes it: the
// monitor and `verify --head` fail, and so does a checkpoint kept before.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { renameOrganization } from './support/organizations.js';
import { registerLogFunctions } from '../src/db/client.js';
import { makeApp, type TestApp } from './support/app.js';
import { workspace } from './support/cli.js';
import { appendOk, threeEvents } from './support/timeline.js';

interface Head {
  size: number;
  signed: unknown;
}

const head = async (t: TestApp) => (await t.app.inject({ method: 'GET', url: '/v1/log/head' })).json<Head>();

/** The same database served over HTTP on a port of its own, for the monitor. */
async function listening(t: TestApp) {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/**
 * A history with a head kept (by a monitor, and as a file), then `tail` written and, behind the
 * server's back, removed with everything it wrote: its records and the leaves from `before` on.
 */
async function keptThenCut(
  tail: (t: TestApp, fixture: Awaited<ReturnType<typeof threeEvents>>) => Promise<void>,
  cut: (raw: Database.Database, fixture: Awaited<ReturnType<typeof threeEvents>>) => void,
) {
  const t = await makeApp();
  const fixture = await threeEvents(t);
  const cli = workspace();
  const url = await listening(t);
  const kid =
    (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{ keys: { kid: string }[] }>().keys[0]
      ?.kid ?? '';
  const state = join(cli.dir, 'monitor-head.json');
  const first = await cli.runAsync('monitor', url, '--key', kid, '--state', state);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/first head: \d+ records/);
  const before = await head(t);
  await tail(t, fixture);
  const grown = await cli.runAsync('monitor', url, '--key', kid, '--state', state);
  expect(grown.stdout, grown.stderr).toMatch(/ok: \d+ → \d+ records/);
  const kept = await head(t);
  expect(kept.size).toBeGreaterThan(before.size);
  const headFile = join(cli.dir, 'kept-head.json');
  writeFileSync(headFile, JSON.stringify(kept));
  const checkpoint = (await t.app.inject({ method: 'GET', url: `/v1/statements/${fixture.id}/checkpoint` })).json<{
    checkpoint: string;
  }>().checkpoint;
  writeFileSync(join(cli.dir, 'checkpoint.txt'), checkpoint);
  await t.app.close();

  const raw = new Database(t.databasePath);
  registerLogFunctions(raw);
  for (const trigger of [
    'signatory_events_no_delete',
    'signatory_event_items_no_delete',
    'signature_spans_no_delete',
    'signatures_no_delete',
    'revisions_no_delete',
    'organization_merges_no_delete',
    'log_entries_no_delete',
  ]) {
    raw.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
  }
  cut(raw, fixture);
  raw.prepare('DELETE FROM log_entries WHERE idx >= ?').run(before.size);
  raw.close();

  const again = await makeServer(t.databasePath);
  const env = { DATABASE_PATH: t.databasePath };
  return {
    verifyHead: () => cli.runEnvAsync(env, 'verify', '--head', headFile),
    verifyCheckpoint: () => cli.runEnvAsync(env, 'verify', '--checkpoint', join(cli.dir, 'checkpoint.txt')),
    monitor: () => cli.runAsync('monitor', again.url, '--key', kid, '--state', state),
    again,
    fixture,
  };
}

async function makeServer(databasePath: string) {
  const t = await makeApp({ config: { databasePath } });
  return { t, url: await listening(t) };
}

function expectCaught(result: Awaited<ReturnType<typeof keptThenCut>>) {
  return (async () => {
    // Three processes that only read: side by side.
    const [verified, checked, monitored] = await Promise.all([
      result.verifyHead(),
      result.verifyCheckpoint(),
      result.monitor(),
    ]);
    expect(verified.code, verified.stdout).toBe(1);
    expect(verified.stdout).toMatch(
      /BROKEN {2}head .*kept-head\.json: the log has \d+ records, fewer than the \d+ of the head: records were deleted/,
    );
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/BROKEN {2}checkpoint .*: (the log has \d+ entries, fewer than|the chain has)/);
    expect(monitored.code).toBe(2);
    expect(monitored.stderr).toMatch(
      /^ROLLBACK: the server's log has \d+ records, fewer than the \d+ of the head kept in /,
    );
  })();
}

describe('a tail deleted everywhere is caught by a head kept before', () => {
  it('an event and what it wrote', async () => {
    const result = await keptThenCut(
      async (t, { id }) =>
        void (await appendOk(t, id, {
          asOf: '2022-03-02',
          add: [
            {
              organizationId: (
                await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'Omega' } })
              ).json<{ id: string }>().id,
            },
          ],
        })),
      (raw, { id }) => {
        const sigs = raw
          .prepare('SELECT signature_id FROM signatory_event_items WHERE statement_id = ? AND seq = 4')
          .pluck()
          .all(id);
        raw.prepare('DELETE FROM signatory_event_items WHERE statement_id = ? AND seq = 4').run(id);
        raw.prepare('DELETE FROM signatory_events WHERE statement_id = ? AND seq = 4').run(id);
        raw.prepare('DELETE FROM signature_spans WHERE statement_id = ? AND known_from = 4').run(id);
        for (const sig of sigs) {
          raw.prepare('DELETE FROM signatures WHERE id = ?').run(sig);
          raw.prepare("DELETE FROM revisions WHERE resource = 'signature' AND resource_id = ?").run(sig);
        }
      },
    );
    await expectCaught(result);
  });

  it("an organization's last revision, its head set back", async () => {
    const result = await keptThenCut(
      async (t, { a }) => await renameOrganization(t, a, 'Alpha Renamed'),
      (raw, { a }) => {
        raw
          .prepare("DELETE FROM revisions WHERE resource = 'organization' AND resource_id = ? AND revision = 2")
          .run(a);
        raw.prepare("UPDATE organizations SET revision = 1, name = 'Alpha' WHERE id = ?").run(a);
      },
    );
    await expectCaught(result);
  });

  it('a merge record', async () => {
    const result = await keptThenCut(
      async (t, { a, c }) =>
        expect(
          (
            await t.admin({
              method: 'POST',
              url: `/v1/organizations/${c}/merge`,
              payload: { into: a, reason: 'the same party' },
            })
          ).statusCode,
        ).toBe(200),
      (raw) => void raw.prepare('DELETE FROM organization_merges WHERE seq = 1').run(),
    );
    await expectCaught(result);
  });

  it('a tail replaced by other records, past the kept size: a split the consistency proof cannot hide', async () => {
    const result = await keptThenCut(
      async (t, { a }) => await renameOrganization(t, a, 'Alpha Renamed'),
      (raw, { a }) => {
        raw
          .prepare("DELETE FROM revisions WHERE resource = 'organization' AND resource_id = ? AND revision = 2")
          .run(a);
        raw.prepare("UPDATE organizations SET revision = 1, name = 'Alpha' WHERE id = ?").run(a);
      },
    );
    // The server writes on; the log grows past the kept head's size, but not from it.
    const { t } = result.again;
    for (const name of ['Psi', 'Chi', 'Phi'])
      expect((await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name } })).statusCode).toBe(201);
    const [monitored, verified] = await Promise.all([result.monitor(), result.verifyHead()]);
    expect(monitored.code).toBe(2);
    expect(monitored.stderr).toMatch(
      /^SPLIT: the server cannot prove that its log of \d+ records extends the \d+ kept in /,
    );
    expect(verified.stdout).toMatch(/BROKEN {2}head .*: the log's first \d+ records no longer have the head's root/);
  });
});
