import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { PublicKey } from '../src/modules/signing/signing-key.js';
import { readTreeHead } from '../src/modules/log/heads.js';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { appendOk, org, statement, threeEvents } from './support/timeline.js';

/** Atom as a tree: every element a list, attributes under `@`, so the RFC's cardinalities can be counted. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  cdataPropName: '#cdata',
});
type Node = Record<string, unknown>;
const children = (node: Node, name: string): Node[] => {
  const value = node[name];
  return Array.isArray(value) ? value.filter((v): v is Node => typeof v === 'object' && v !== null) : [];
};
const text = (node: Node, name: string): string[] => {
  const value = node[name];
  return Array.isArray(value)
    ? value.map((v) => (typeof v === 'object' && v !== null ? String(Object.values(v).flat()[0] ?? '') : String(v)))
    : [];
};

function atom(body: string) {
  expect(XMLValidator.validate(body)).toBe(true);
  const [feed, ...more] = children(parser.parse(body), 'feed');
  if (!feed || more.length > 0) throw new Error('not one <feed>');
  return { feed, entries: children(feed, 'entry') };
}

/** RFC 4287 §4.1.1 and §4.1.2: what a feed and each entry must have. */
function expectValidAtom(body: string) {
  const { feed, entries } = atom(body);
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  for (const name of ['id', 'title', 'updated']) expect(text(feed, name), `feed ${name}`).toHaveLength(1);
  const feedHasAuthor = children(feed, 'author').length > 0;
  for (const entry of entries) {
    for (const name of ['id', 'title', 'updated']) expect(text(entry, name), `entry ${name}`).toHaveLength(1);
    // atom:author: on the feed, or on every entry.
    expect(feedHasAuthor || children(entry, 'author').length > 0).toBe(true);
    for (const name of text(children(entry, 'author')[0] ?? {}, 'name')) expect(name.length).toBeGreaterThan(0);
    // No content and no alternate link would need a summary; ours has both.
    expect(
      children(entry, 'content').length +
        children(entry, 'link').filter((l) => l['@rel'] === undefined || l['@rel'] === 'alternate').length,
    ).toBeGreaterThan(0);
  }
  for (const date of [...text(feed, 'updated'), ...entries.flatMap((e) => text(e, 'updated'))])
    expect(date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(new Set(entries.map((e) => text(e, 'id')[0])).size).toBe(entries.length);
  return { feed, entries };
}

const get = (t: TestApp, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('feeds', () => {
  it("an Atom feed per statement: one entry per event, with the RFC's required elements", async () => {
    const t = await makeApp();
    const { id, e1, e3 } = await threeEvents(t);
    const res = await get(t, `/v1/statements/${id}/feed.atom`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { feed, entries } = expectValidAtom(res.body);
    expect(text(feed, 'id')).toEqual([`urn:undersigned:statement:${id}`]);
    expect(text(feed, 'updated')).toEqual([e3.recordedAt]);
    expect(children(feed, 'link').map((l) => [l['@rel'], l['@href']])).toEqual([
      ['alternate', `http://localhost/statements/${id}`],
      ['self', `http://localhost/v1/statements/${id}/feed.atom`],
    ]);
    // Newest first; each entry says who, as of when, recorded when.
    expect(entries.map((e) => text(e, 'title')[0])).toEqual([
      'Beta withdrew as of 2022-03-01',
      '2 added as of 2022-02-01',
      '3 added as of 2022-01-21',
    ]);
    expect(entries.map((e) => text(e, 'id')[0])).toEqual(
      [3, 2, 1].map((seq) => `urn:undersigned:statement:${id}:event:${seq}`),
    );
    const oldest = entries[2] ?? {};
    expect(text(oldest, 'updated')).toEqual([e1.recordedAt]);
    expect(children(oldest, 'link')[0]?.['@href']).toBe(
      `http://localhost/statements/${id}?asOf=2022-01-21&knownAt=${encodeURIComponent(e1.recordedAt)}`,
    );
    expect(text(entries[0] ?? {}, 'content')[0]).toContain(
      '<h3>Withdrawn</h3><ul><li>Beta: left the coalition</li></ul>',
    );
    expect(text(entries[1] ?? {}, 'content')[0]).toContain('<li>Epsilon, France</li>');
  });

  it('entry ids and dates never change; If-None-Match gives 304 until something is recorded', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const first = await get(t, `/v1/statements/${id}/feed.atom`);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect((await get(t, `/v1/statements/${id}/feed.atom`, { 'if-none-match': etag })).statusCode).toBe(304);
    await appendOk(t, id, {
      asOf: '2022-03-05',
      add: [{ organizationId: await org(t, 'Zeta', { abbreviation: 'Z' }) }],
    });
    const second = await get(t, `/v1/statements/${id}/feed.atom`, { 'if-none-match': etag });
    expect(second.statusCode).toBe(200);
    const before = atom(first.body).entries.map((e) => [text(e, 'id')[0], text(e, 'updated')[0], text(e, 'title')[0]]);
    const after = atom(second.body).entries.map((e) => [text(e, 'id')[0], text(e, 'updated')[0], text(e, 'title')[0]]);
    expect(after.slice(1)).toEqual(before);
    expect(after[0]?.[2]).toBe('Z added as of 2022-03-05');
  });

  it('JSON Feed 1.1 per statement, and feeds of every statement', async () => {
    const t = await makeApp();
    await threeEvents(t);
    const other = await statement(t, { title: 'Another letter', issuer: 'Others', language: 'de' });
    await appendOk(t, other, { asOf: '2022-04-01', add: [{ organizationId: await org(t, 'Eta') }] });

    const json = await get(t, `/v1/statements/${other}/feed.json`);
    expect(json.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    expect(json.json()).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      language: 'de',
      authors: [{ name: 'Others' }],
      feed_url: `http://localhost/v1/statements/${other}/feed.json`,
      items: [
        {
          id: `urn:undersigned:statement:${other}:event:1`,
          title: 'Eta added as of 2022-04-01',
          authors: [{ name: 'Others' }],
        },
      ],
    });
    expect(json.json()).not.toHaveProperty('author');

    const everything = expectValidAtom((await get(t, '/v1/feed.atom')).body);
    expect(everything.entries.map((e) => text(e, 'title')[0])).toEqual([
      'Another letter: Eta added as of 2022-04-01',
      'Solidarity with the workers and popular masses in Kazakhstan!: Beta withdrew as of 2022-03-01',
      'Solidarity with the workers and popular masses in Kazakhstan!: 2 added as of 2022-02-01',
      'Solidarity with the workers and popular masses in Kazakhstan!: 3 added as of 2022-01-21',
    ]);
    expect(text(everything.feed, 'id')).toEqual(['urn:undersigned:events']);
    expect((await get(t, '/v1/feed.json')).json<{ items: unknown[] }>().items).toHaveLength(4);
    expectProblem(await get(t, '/v1/statements/stm_missing/feed.atom'), 404);
  });

  it("carry the log's signed tree head, which verifies with the server's key and moves on with the log", async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const keys = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{ keys: PublicKey[] }>()
      .keys;
    const atom = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/feed.atom` });
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(atom.body) as {
      feed: { 'log:treeHead': { '#text': string; '@_size': string; '@_xmlns:log': string } };
    };
    const fromAtom = JSON.parse(parsed.feed['log:treeHead']['#text']) as { size: number; signed: unknown };
    expect(parsed.feed['log:treeHead']['@_xmlns:log']).toBe('urn:undersigned:log');
    expect(await readTreeHead(fromAtom.signed, keys)).toMatchObject({
      valid: true,
      head: { size: Number(parsed.feed['log:treeHead']['@_size']) },
    });
    const json = (await t.app.inject({ method: 'GET', url: '/v1/feed.json' })).json<{
      _undersigned: { treeHead: { size: number; signed: unknown } };
    }>();
    expect(json._undersigned.treeHead.size).toBe(fromAtom.size);
    await appendOk(t, id, { asOf: '2022-03-02', add: [{ organizationId: await org(t, 'Omega') }] });
    const later = (await t.app.inject({ method: 'GET', url: '/v1/feed.json' })).json<{
      _undersigned: { treeHead: { size: number; signed: unknown } };
    }>();
    expect(later._undersigned.treeHead.size).toBeGreaterThan(fromAtom.size);
    expect(await readTreeHead(later._undersigned.treeHead.signed, keys)).toMatchObject({ valid: true });
  });

  it('an empty statement has a valid feed with no entries, dated by its creation', async () => {
    const t = await makeApp();
    const id = await statement(t);
    const created = (await get(t, `/v1/statements/${id}`)).json<{ createdAt: string }>().createdAt;
    const { feed, entries } = expectValidAtom((await get(t, `/v1/statements/${id}/feed.atom`)).body);
    expect(entries).toEqual([]);
    expect(text(feed, 'updated')).toEqual([created]);
  });
});
