// examples/add-late-signatory.ts, the admin's main job, run as a user runs it (a tsx process) on
// a fresh seeded server: twice, then its hey-api variant, and only the first run changes anything.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPages, createUndersignedClient, unwrap } from '../clients/typescript/src/index.js';
import { root } from './support/cli.js';
import { ADMIN_KEY, startLiveServer, type LiveServer } from './support/live-server.js';

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
}, 60_000);
afterAll(async () => server.stop());

function runExample(file: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file],
      {
        cwd: root,
        env: { ...process.env, UNDERSIGNED_URL: server.base, UNDERSIGNED_KEY: ADMIN_KEY },
        encoding: 'utf8',
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** What the run left behind: the events recorded and the organizations named like the KPÖ. */
async function record() {
  const client = createUndersignedClient({ baseUrl: server.base });
  const statement = unwrap(await client.GET('/v1/statements', { params: { query: { issuer: 'ICOR' } } })).items[0];
  if (!statement) throw new Error('no sample statement');
  const events = await collectPages((cursor) =>
    client.GET('/v1/statements/{id}/events', { params: { path: { id: statement.id }, query: { cursor } } }),
  );
  const kpoe = await collectPages((cursor) =>
    client.GET('/v1/organizations', { params: { query: { q: 'Kommunistische Partei Österreichs', cursor } } }),
  );
  return {
    events: events.map((event) => [event.seq, event.asOf, event.addedCount, event.withdrawnCount]),
    kpoe: kpoe.map((org) => org.id),
  };
}

describe('examples/add-late-signatory.ts', () => {
  it(
    'does the job once, and a second run (or the hey-api variant) changes nothing and says so',
    { timeout: 120_000 },
    async () => {
      const first = await runExample('examples/add-late-signatory.ts');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('31 signatories as of 2022-01-21');
      expect(first.stdout).toMatch(/organization org_[\w-]+ \(KPÖ Kommunistische Partei Österreichs\): created/);
      expect(first.stdout).toMatch(/late signatory as of 2022-01-25: recorded \(sig_[\w-]+, position 32\)/);
      expect(first.stdout).toContain('withdrawal of no. 20 as of 2022-03-01: recorded (event 3)');
      expect(first.stdout).toContain('  + 32. KPÖ Kommunistische Partei Österreichs (as of 2022-01-25)');
      expect(first.stdout).toContain('  - 20. RM Rode Morgen');
      expect(first.stdout).toContain(
        'changed: organization created, website set, signatory added, signatory withdrawn',
      );
      const after = await record();
      expect(after.events).toEqual([
        [1, '2022-01-21', 31, 0],
        [2, '2022-01-25', 1, 0],
        [3, '2022-03-01', 0, 1],
      ]);
      expect(after.kpoe).toHaveLength(1);

      for (const file of ['examples/add-late-signatory.ts', 'examples/hey-api/add-late-signatory.ts']) {
        const again = await runExample(file);
        expect(again.stderr, file).toBe('');
        expect(again.code, file).toBe(0);
        expect(again.stdout, file).toContain(
          `organization ${after.kpoe[0]} (KPÖ Kommunistische Partei Österreichs): found, not created again`,
        );
        expect(again.stdout, file).toContain('website https://www.kpoe.at: already set');
        expect(again.stdout, file).toMatch(
          /signatory as of 2022-01-25: already recorded by an earlier run \(sig_[\w-]+, position 32\)/,
        );
        expect(again.stdout, file).toContain(
          'withdrawal of no. 20 as of 2022-03-01: already recorded by an earlier run (event 3)',
        );
        expect(again.stdout, file).toContain('  - 20. RM Rode Morgen');
        expect(again.stdout, file).toContain('nothing changed: every step had been done before');
        expect(await record(), file).toEqual(after);
      }
    },
  );
});
