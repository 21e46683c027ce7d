// What a newcomer meets first: a server that can write at once (an admin key made and written
// beside a fresh database), absolute URLs from PUBLIC_URL whatever the Host, and refusals that
// say what to do.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { expectProblem, makeApp } from './support/app.js';

describe('the first minute', () => {
  it('a fresh database with no admin key configured gets one, written to a 0600 file; a restart makes none', async () => {
    const t = await makeApp({ adminKey: null, ready: false });
    await t.app.close();
    const keyFile = join(t.dir, 'admin-key');
    const start = () =>
      buildApp({ databasePath: t.databasePath, logLevel: 'silent', seedSample: false, adminKeyFile: keyFile });
    const app = await start();
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organizations',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'Unité Communiste', country: 'FR' },
    });
    expect(res.statusCode, res.body).toBe(201);
    await app.close();
    writeFileSync(keyFile, "someone else's\n");
    const again = await start();
    expect(readFileSync(keyFile, 'utf8')).toBe("someone else's\n");
    const keys = (
      await again.inject({ method: 'GET', url: '/v1/keys', headers: { authorization: `Bearer ${key}` } })
    ).json<{ items: { name: string }[] }>();
    expect(keys.items.map((k) => k.name)).toEqual(['admin (first start)']);
    await again.close();
    // Configured for production, none is made.
    expect(loadConfig({ UNDERSIGNED_ADMIN_KEY: 'k'.repeat(32) }).adminKeyFile).toBeUndefined();
    expect(loadConfig({ AUTO_ADMIN_KEY: 'false' }).adminKeyFile).toBeUndefined();
    expect(loadConfig({ DATABASE_PATH: '/srv/u/u.db' }).adminKeyFile).toBe('/srv/u/admin-key');
  });

  it("writes absolute URLs from PUBLIC_URL, never from the request's Host", async () => {
    const t = await makeApp({ config: { publicUrl: 'https://undersigned.example' } });
    for (const host of ['evil.example', 'localhost:3000']) {
      const feed = (await t.app.inject({ method: 'GET', url: '/v1/feed.json', headers: { host } })).json<{
        feed_url: string;
      }>();
      expect(feed.feed_url).toBe('https://undersigned.example/v1/feed.json');
      const manifest = (await t.app.inject({ method: 'GET', url: '/reconcile', headers: { host } })).json<{
        identifierSpace: string;
      }>();
      expect(manifest.identifierSpace).toBe('https://undersigned.example/v1/organizations/');
    }
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://u.example/' }).publicUrl).toBe('https://u.example');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://u.example' })).toThrow(/PUBLIC_URL/);
  });
});

describe('refusals that say what to do', () => {
  it('an unquoted If-Match is told to quote the ETag', async () => {
    const t = await makeApp();
    const id = (
      await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'Unité Communiste', country: 'FR' } })
    ).json<{ id: string }>().id;
    const res = await t.admin({
      method: 'PATCH',
      url: `/v1/organizations/${id}`,
      headers: { 'if-match': 'r1' },
      payload: { nameEn: 'Communist Unity' },
    });
    expectProblem(res, 400);
    expect(res.json()).toMatchObject({
      detail: expect.stringContaining('If-Match: "r1"'),
      errors: [{ in: 'header', field: 'if-match' }],
    });
  });

  it('a body over the limit is told the limit in bytes; malformed JSON where it broke; a bad query encoding is 400 bad-url', async () => {
    const t = await makeApp();
    const big = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      payload: { name: 'x'.repeat(1024 * 1024 + 10) },
    });
    expectProblem(big, 413);
    expect(big.json<{ detail: string }>().detail).toContain('1048576 bytes');
    const broken = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "A",\n "country": ,}',
    });
    expectProblem(broken, 400);
    expect(broken.json()).toMatchObject({
      type: 'urn:undersigned:problem:malformed-json',
      detail: "The body is not valid JSON: Unexpected token ',' at position 26 (line 2, column 13).",
    });
    for (const url of ['/v1/organizations?q=%ZZ', '/v1/statements?cursor=%FF', '/health?x=%E0%A4%A']) {
      const res = await t.app.inject({ method: 'GET', url });
      expectProblem(res, 400);
      expect(res.json(), url).toMatchObject({
        type: 'urn:undersigned:problem:bad-url',
        detail: expect.stringContaining('not validly percent-encoded'),
      });
    }
  });
});
