// The cache tier: deploy/varnish/default.vcl run by a real varnishd in front of a real server
// process started with CACHE_PURGE_URLS naming it. Skipped, saying so, where varnishd is missing.
import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../src/database.js';
import { listOutbox } from '../src/db/outbox.js';
import { auth, freePort, workspace } from './support/server-process.js';
import { startVarnish, varnishdPath } from './support/varnish.js';

interface Got {
  status: number;
  cache: string | null;
  etag: string | null;
  text: string;
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Got> {
  const res = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  return {
    status: res.status,
    cache: res.headers.get('x-cache'),
    etag: res.headers.get('etag'),
    text: await res.text(),
  };
}

async function post(base: string, path: string, body: unknown): Promise<{ status: number; json: { id: string } }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, json: JSON.parse(await res.text()) as { id: string } };
}

const adding = (name: string) => ({ asOf: '2022-01-21', add: [{ organization: { name } }] });

const title = varnishdPath
  ? 'the Varnish tier (deploy/varnish/default.vcl) in front of a real server'
  : 'the Varnish tier: SKIPPED, varnishd is not installed (apt-get install varnish varnish-modules; .ci/run does)';

describe.skipIf(!varnishdPath)(title, () => {
  it('caches pinned reads for good, purges latest reads on every change, and serves pinned reads while the app is down', async () => {
    const ws = workspace();
    const varnishPort = await freePort();
    const server = await ws.start({ logLevel: 'warn', env: { CACHE_PURGE_URLS: `http://127.0.0.1:${varnishPort}/` } });
    const varnish = await startVarnish(varnishPort, Number(new URL(server.base).port));
    const via = varnish.base;

    const statement = await post(server.base, '/v1/statements', { title: 'T', issuer: 'I' });
    expect(statement.status).toBe(201);
    const id = statement.json.id;
    expect((await post(server.base, `/v1/statements/${id}/events`, adding('Alpha'))).status).toBe(201);

    // A pinned read (an event and the list right after it) is cached: a HIT the second time.
    const event = `/v1/statements/${id}/events/1`;
    const first = await get(via, event);
    expect([first.status, first.cache]).toEqual([200, 'MISS']);
    const second = await get(via, event);
    expect([second.status, second.cache, second.text]).toEqual([200, 'HIT', first.text]);
    // Varnish answers If-None-Match from its copy.
    expect((await get(via, event, { 'if-none-match': first.etag ?? '' })).status).toBe(304);

    // Latest reads are cached too, briefly: the list, the CSV, the diff, the organizations.
    const latest = [
      `/v1/statements/${id}/signatories`,
      `/v1/statements/${id}/signatories.csv`,
      `/v1/statements/${id}/signatories/diff?from=2022-01-01&to=2022-12-31`,
      '/v1/organizations',
    ];
    for (const path of latest) {
      const miss = await get(via, path);
      expect([path, miss.status, miss.text]).toEqual([path, 200, expect.stringContaining('Alpha')]);
      expect([path, (await get(via, path)).cache]).toEqual([path, 'HIT']);
    }

    // An append straight to the app: its purge reached Varnish before the 201, so the very next
    // read through Varnish has the new signatory, in every representation.
    expect((await post(server.base, `/v1/statements/${id}/events`, adding('Beta'))).status).toBe(201);
    for (const path of latest)
      expect([path, (await get(via, path)).text]).toEqual([path, expect.stringContaining('Beta')]);
    // And one through Varnish (a write: passed to the app).
    expect((await post(via, `/v1/statements/${id}/events`, adding('Gamma'))).status).toBe(201);
    for (const path of latest)
      expect([path, (await get(via, path)).text]).toEqual([path, expect.stringContaining('Gamma')]);
    // The pinned read was not purged by the appends.
    expect((await get(via, event)).cache).toBe('HIT');

    // Anything with Authorization is passed, never cached nor served from the cache.
    expect((await get(via, latest[0] ?? '', auth)).cache).toBe('MISS');
    expect((await get(via, latest[0] ?? '', auth)).cache).toBe('MISS');
    // Purging wants keys; the app's purges were all delivered.
    expect((await fetch(`${via}/`, { method: 'PURGE' })).status).toBe(400);
    const db = openMigratedDatabase(ws.databasePath);
    const outbox = listOutbox(db);
    db.$client.close();
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.filter((row) => row.deliveredAt === null)).toEqual([]);

    // The app stops: pinned reads are still served, from the cache.
    server.child.kill('SIGTERM');
    await server.exited;
    const whileDown = await get(via, event);
    expect([whileDown.status, whileDown.cache, whileDown.text]).toEqual([200, 'HIT', first.text]);
  }, 60_000);
});
