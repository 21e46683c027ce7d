import { createServer } from 'node:http';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePath, workspace } from './support/cli.js';

/** Serves one JSON document on 127.0.0.1, as a server's /.well-known/jwks.json would be. */
async function serve(body: string): Promise<string> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => void server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
}

describe('proof on the command line', () => {
  it('a bundle verifies offline after the database is tampered with, and the database fails against its checkpoint', async () => {
    const { dir, databasePath, run, runAsync } = workspace();
    const id = /created (stm_\S+)/.exec(run('import', samplePath).stdout)?.[1] ?? '';
    const exported = run('export', id, '--bundle');
    expect(exported.code, exported.stderr).toBe(0);
    const bundleFile = join(dir, 'bundle.json');
    writeFileSync(bundleFile, exported.stdout);
    const bundle = JSON.parse(exported.stdout) as { keys: { kid: string }[] };
    const jwks = JSON.stringify({ keys: bundle.keys });
    writeFileSync(join(dir, 'jwks.json'), jwks);
    const kid = bundle.keys[0]?.kid ?? '';
    const raw = new Database(databasePath);

    // Someone with the file rewrites the first event (dropping its guard first).
    raw.exec('DROP TRIGGER signatory_events_no_update');
    raw.prepare("UPDATE signatory_events SET as_of = '2022-01-01' WHERE statement_id = ? AND seq = 1").run(id);
    raw.close();

    // A bundle edited by hand fails on its own.
    const edited = readFileSync(bundleFile, 'utf8').replace('"position": 13', '"position": 99');
    writeFileSync(join(dir, 'edited.json'), edited);

    // Each check is its own process and reads only: they run side by side.
    const [offline, pinned, viaUrl, unpinned, missing, against, bad] = await Promise.all([
      runAsync('verify-bundle', bundleFile, '--jwks', join(dir, 'jwks.json')),
      runAsync('verify-bundle', bundleFile, '--key', kid),
      serve(jwks).then((url) => runAsync('verify-bundle', bundleFile, '--jwks', url)),
      runAsync('verify-bundle', bundleFile),
      runAsync('verify-bundle', join(dir, 'nowhere.json'), '--key', kid),
      runAsync('verify', '--checkpoint', bundleFile),
      runAsync('verify-bundle', join(dir, 'edited.json'), '--jwks', join(dir, 'jwks.json')),
    ]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(
      new RegExp(
        `^ok .*bundle\\.json: ${id}: 1 events, head [0-9a-f]{64}, in a log of \\d+ records with root [0-9a-f]{64}, signed by key ${kid}; the latest list has 31 signatories \\(not proven: organizations\\)`,
      ),
    );
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stderr).toBe('');
    expect(viaUrl.code, viaUrl.stderr).toBe(0);
    expect(viaUrl.stderr).toMatch(
      /^warning: trusting the keys http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json serves now/,
    );
    expect(unpinned.stderr).toContain('say which keys you trust');
    expect(missing.stderr).toBe(`undersigned: ${join(dir, 'nowhere.json')}: no such file, or it cannot be read\n`);

    expect(against.code).toBe(1);
    expect(against.stdout).toContain(`BROKEN  ${id}: events at seq 1`);
    expect(against.stdout).toMatch(
      /BROKEN {2}checkpoint .*bundle\.json: stm_\S+: the chain extends the checkpoint but is not intact/,
    );
    expect(against.stdout).toContain('BROKEN  guards: missing triggers signatory_events_no_update');
    expect(against.stderr.trim()).toBe('undersigned: 3 problem(s) found');

    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^undersigned: .*edited\.json: event 1: its hash does not match its content\n$/);
  });

  it('a bundle proves its statement and claims: an edit of either fails; the organizations are marked informational', async () => {
    const { dir, run, runAsync } = workspace();
    const id = /created (stm_\S+)/.exec(run('import', samplePath).stdout)?.[1] ?? '';
    const bundle = JSON.parse(run('export', id, '--bundle').stdout) as {
      statement: Record<string, unknown>;
      claims: Record<string, unknown>;
      log: { events: { path: string[] }[] };
      informational: string[];
      keys: { kid: string }[];
      organizations: { name: string }[];
    };
    const kid = bundle.keys[0]?.kid ?? '';
    expect(bundle.informational).toEqual(['organizations']);
    const check = (edit: (b: typeof bundle) => void) => {
      const copy = structuredClone(bundle);
      edit(copy);
      const file = join(dir, `edited-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify(copy));
      return runAsync('verify-bundle', file, '--key', kid);
    };
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
    // Each check is its own process on its own file: they run side by side.
    const [title, declaredCount, issuer, claims, path, renamed, wrongPin] = await Promise.all([
      check((b) => void (b.statement.title = 'Another title')),
      check((b) => void (b.statement.declaredCount = 99)),
      check((b) => void (b.statement.issuer = 'Someone else')),
      check((b) => void (b.claims.recordedAt = '2020-01-01T00:00:00.000Z')),
      check((b) => void b.log.events[0]?.path.reverse()),
      check((b) => void ((b.organizations[0] ?? { name: '' }).name = 'Renamed')),
      // Pinned to another key, the untouched bundle does not verify.
      runAsync('verify-bundle', join(dir, 'bundle.json'), '--key', 'bZ1x0pG8f0cH4kTqzWmQx1lB8iN2yV5sA3eR7uD9oPk'),
    ]);
    expect(title.stderr).toContain('the statement differs from its revision: it was edited');
    expect(declaredCount.stderr).toContain('the statement differs from its revision');
    expect(issuer.stderr).toContain('the statement differs from its revision');
    expect(claims.stderr).toContain("the bundle's claims differ from the signed checkpoint's");
    expect(path.stderr).toContain('event 1: its inclusion proof does not verify');
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stdout).toContain('(not proven: organizations)');
    expect(wrongPin.code).toBe(1);
    expect(wrongPin.stderr).toContain("no key in the JWKS matches the checkpoint's signer");
  });

  it('rotates the checkpoint key, keeping the old public key in the JWKS', async () => {
    const { databasePath, dir, run } = workspace();
    const id = /created (stm_\S+)/.exec(run('import', samplePath).stdout)?.[1] ?? '';
    writeFileSync(join(dir, 'before.json'), run('export', id, '--bundle').stdout);
    const rotated = run('rotate-checkpoint-key');
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(
      /^new checkpoint key \S+ in .*checkpoint-key\.jwk; 2 keys in the JWKS; handover recorded in .*checkpoint-keys\.json\n$/,
    );
    const ok = run('verify', '--checkpoint', join(dir, 'before.json'));
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('the chain is exactly the checkpointed one');
    expect(databasePath).toContain(dir);
  });
});
