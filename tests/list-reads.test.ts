// Reading lists at the speed of a static file: strong ETags and 304s, caching that never serves
// a list from before a write, pages, and long exports streamed whole.
import { describe, expect, it } from 'vitest';
import { renameOrganization } from './support/organizations.js';
import { OTHERS_CHECKED_EVERY_MS } from '../src/http/response-cache.js';
import { ADMIN_KEY, makeApp, reopen, type TestApp } from './support/app.js';
import {
  appendOk,
  listAt,
  names,
  statement,
  threeEvents,
  type Signatory,
  type SignatoryList,
} from './support/timeline.js';

const get = (t: Pick<TestApp, 'app'>, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

async function longList(t: TestApp, n: number) {
  const id = await statement(t);
  await appendOk(t, id, {
    asOf: '2022-01-21',
    add: Array.from({ length: n }, (_, i) => ({ organization: { name: `Organization ${i + 1}` } })),
  });
  return id;
}

describe('conditional and cached list reads', () => {
  it('send a strong ETag, 304 for If-None-Match, brief caching for the latest list and forever for a pinned one', async () => {
    const t = await makeApp();
    const { id, e3 } = await threeEvents(t);
    const first = await get(t, `/v1/statements/${id}/signatories`);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=5, must-revalidate');
    expect(first.json()).toMatchObject({ knownAt: null, knownSeq: 3, total: 4, nextCursor: null });
    const again = await get(t, `/v1/statements/${id}/signatories`, { 'if-none-match': String(first.headers.etag) });
    expect([again.statusCode, again.body, again.headers.etag]).toEqual([304, '', first.headers.etag]);
    expect(
      (
        await get(t, `/v1/statements/${id}/signatories`, {
          'if-none-match': '"other", W/' + String(first.headers.etag),
        })
      ).statusCode,
    ).toBe(304);
    expect((await get(t, `/v1/statements/${id}/signatories`, { 'if-none-match': '"other"' })).statusCode).toBe(200);

    const csv = await get(t, `/v1/statements/${id}/signatories.csv`);
    expect(csv.headers.etag).not.toBe(first.headers.etag);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');

    const pinnedAt = new Date(Date.parse(e3.recordedAt) + 1).toISOString();
    // Not a minute old yet: the answer could still change.
    expect((await get(t, `/v1/statements/${id}/signatories?knownAt=${pinnedAt}`)).headers['cache-control']).toBe(
      'public, max-age=5, must-revalidate',
    );
    const old = await get(t, `/v1/statements/${id}/signatories?knownAt=2022-06-01T00:00:00Z`);
    expect(old.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(old.json()).toMatchObject({ knownAt: '2022-06-01T00:00:00.000Z', knownSeq: null, total: 0 });
  });

  it('never serves a list from before a write, whoever made it', async () => {
    const t = await makeApp();
    const { id, a } = await threeEvents(t);
    const url = `/v1/statements/${id}/signatories?asOf=2022-12-31`;
    const before = await get(t, url);
    expect(before.json<SignatoryList>().total).toBe(4);
    expect((await get(t, url, { 'if-none-match': String(before.headers.etag) })).statusCode).toBe(304);
    await appendOk(t, id, { asOf: '2022-06-01', add: [{ organization: { name: 'Omega' } }] });
    const after = await get(t, url, { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(names(after.json<SignatoryList>())).toContain('Omega');
    // A rename changes the latest list's bytes too.
    await renameOrganization(t, a, 'Alpha Renamed');
    expect(names(await listAt(t, id, ''))[0]).toBe('Alpha Renamed');

    // A write by another connection to the same file (the CLI, another process) shows within a tenth of a second.
    const other = await reopen(t.databasePath);
    const res = await other.inject({
      method: 'POST',
      url: `/v1/statements/${id}/events`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: { asOf: '2022-06-02', add: [{ organization: { name: 'Psi' } }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    await new Promise((r) => setTimeout(r, OTHERS_CHECKED_EVERY_MS));
    expect(names(await listAt(t, id, ''))).toContain('Psi');
  });

  it("diffs, an organization's signatures and organization search are conditional too, and never stale", async () => {
    const t = await makeApp();
    const { id, d } = await threeEvents(t);
    for (const url of [
      `/v1/statements/${id}/signatories/diff?from=2022-01-21&to=2022-12-31`,
      `/v1/organizations/${d}/signatures`,
      '/v1/organizations?q=delta',
    ]) {
      const first = await get(t, url);
      expect(first.statusCode, url).toBe(200);
      expect((await get(t, url, { 'if-none-match': String(first.headers.etag) })).statusCode, url).toBe(304);
    }
    await appendOk(t, id, { asOf: '2022-06-01', add: [{ organization: { name: 'Delta Two' } }] });
    expect(
      names(
        (await get(t, `/v1/statements/${id}/signatories/diff?from=2022-01-21&to=2022-12-31`)).json<{
          added: Signatory[];
        }>().added,
      ),
    ).toContain('Delta Two');
    expect((await get(t, '/v1/organizations?q=delta')).json<{ items: unknown[] }>().items).toHaveLength(2);
  });

  it('an event honours If-None-Match with its hash', async () => {
    const t = await makeApp();
    const { id, e2 } = await threeEvents(t);
    const res = await get(t, `/v1/statements/${id}/events/2`, { 'if-none-match': `"${e2.hash}"` });
    expect([res.statusCode, res.headers.etag, res.headers['cache-control']]).toEqual([
      304,
      `"${e2.hash}"`,
      'public, max-age=31536000, immutable',
    ]);
  });
});

describe('long lists', () => {
  it("are paged by cursor, each signatory exactly once, with the whole list's total", async () => {
    const t = await makeApp();
    const id = await longList(t, 2500);
    const seen: number[] = [];
    let url: string | null = `/v1/statements/${id}/signatories?limit=1000`;
    let pages = 0;
    while (url) {
      const res = await get(t, url);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<SignatoryList & { nextCursor: string | null }>();
      expect(page.total).toBe(2500);
      seen.push(...page.items.map((s) => s.position));
      const link = res.headers.link ? /<([^>]+)>; rel="next"/.exec(String(res.headers.link))?.[1] : undefined;
      expect(link === undefined).toBe(page.nextCursor === null);
      url = link ?? null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect((await get(t, `/v1/statements/${id}/signatories`)).json<SignatoryList>().items).toHaveLength(1000);
    expect(
      (await get(t, `/v1/statements/${id}/signatories?cursor=${encodeURIComponent('eyJrIjoxLCJ0Ijoic2VxIn0')}`))
        .statusCode,
    ).toBe(400);
    expect((await get(t, `/v1/statements/${id}/signatories?limit=10001`)).statusCode).toBe(400);
  });

  it('are exported whole as CSV and text, streamed', async () => {
    const t = await makeApp();
    const id = await longList(t, 2500);
    const csv = await get(t, `/v1/statements/${id}/signatories.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trimEnd().split('\n');
    expect(lines).toHaveLength(2501);
    expect(lines[2500]).toMatch(/^2500,sig_[^,]+,org_[^,]+,,Organization 2500,,,2022-01-21,$/);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = await get(t, `/v1/statements/${id}/signatories.txt`);
    expect(text.body).toContain('\n2500. Organization 2500\n');
    expect(text.body.match(/^\d+\. Organization/gm)).toHaveLength(2500);
  });
});
