// Every index costs each write to its table: each one is named in docs/design.md with the query
// it serves, and the API's own queries use every index the table marks "read".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './support/app.js';
import { indexesUsed, preparedDuring } from './support/query-plans.js';

/** The design doc's index table: name → kind (read, write, background, trigger). */
function documentedIndexes(): Map<string, string> {
  const doc = readFileSync(new URL('../docs/design.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Indexes'), doc.indexOf('## Dependencies and why'));
  return new Map([...section.matchAll(/^\| `(\w+)` \| (\w+) \|/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

/** The indexes the migrations made, but those SQLite makes for a primary key or UNIQUE column list. */
function migratedIndexes(t: TestApp): string[] {
  return t.app.db.$client
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name NOT LIKE '%_fts%' ORDER BY name",
    )
    .pluck()
    .all();
}

describe('indexes', () => {
  it('the design doc names exactly the indexes the migrations make', async () => {
    const t = await makeApp();
    expect([...documentedIndexes().keys()].sort()).toEqual(migratedIndexes(t));
  });

  it('the API uses every index the design doc marks "read"', { timeout: 30_000 }, async () => {
    // From the app's start: a connection prepares its hot statements once, some while seeding.
    let t: TestApp | undefined;
    const statements = await preparedDuring(async () => {
      t = await makeApp({ config: { seedSample: true } });
      await walk(t);
    });
    if (!t) throw new Error('the app did not start');
    const used = indexesUsed(t.app.db.$client, statements);
    const read = [...documentedIndexes()].filter(([, kind]) => kind === 'read').map(([name]) => name);
    expect(read.filter((name) => !used.has(name))).toEqual([]);
  });

  it('finds statements by issuer case-blind, through the issuer index', async () => {
    const t = await makeApp({ config: { seedSample: true } });
    let found: { items: { issuer: string }[] } = { items: [] };
    const statements = await preparedDuring(async () => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/statements?issuer=icor' });
      expect(res.statusCode, res.body).toBe(200);
      found = res.json();
    });
    expect(found.items.map((s) => s.issuer)).toEqual(['ICOR']);
    expect(indexesUsed(t.app.db.$client, statements)).toContain('statements_issuer_idx');
  });
});

/** Requests that, between them, make every query the read indexes serve. */
async function walk(t: TestApp) {
  const get = async (url: string, status = 200) => {
    const res = await t.admin({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res;
  };
  const send = async (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload: object, status: number) => {
    const res = await t.admin({ method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res;
  };
  const [sample] = (await get('/v1/statements')).json<{ items: { id: string }[] }>().items;
  if (!sample) throw new Error('the sample is not seeded');
  const statement = `/v1/statements/${sample.id}`;
  const [first] = (await get(`${statement}/signatories`)).json<{
    items: { organization: { id: string }; signatureId: string }[];
  }>().items;
  if (!first) throw new Error('the sample has no signatories');
  const org = first.organization.id;

  await get(`/v1/statements?issuer=ICOR`);
  await get(`/v1/organizations?country=NL`);
  await get(`/v1/organizations/${org}`);
  await get(`${statement}/signatories?asOf=2022-01-21`);
  await get(`${statement}/signatories?knownAt=2030-01-01T00:00:00Z`);
  await get(`/v1/organizations/${org}/signatures`);
  await get(`/v1/organizations/${org}/signatures?knownAt=2030-01-01T00:00:00Z`);
  await get(`/v1/organizations/${org}/cosigners?knownAt=2030-01-01T00:00:00Z`);
  await get(`/v1/network?asOf=2022-01-21`);
  await get(`/v1/signatures/${first.signatureId}`);
  await get(`/v1/log/entries?kind=event&subject=${sample.id}&number=1`);
  await get(`/v1/log/head?witnessed=true`, 404); // none cosigned yet: the query still runs
  const events = (await get(`${statement}/events`)).json<{ items: { document: string | null }[] }>().items;
  const document = events.find((e) => e.document)?.document;
  if (!document) throw new Error("the sample's event names no document");
  await get(`/v1/documents/${document}/meta`);
  // A withdrawal and a new signatory: the append reads the named organizations' items.
  await send(
    'POST',
    `${statement}/events`,
    {
      asOf: '2022-02-01',
      withdraw: [{ signatureId: first.signatureId }],
      add: [{ organization: { name: 'Walk Organisation', country: 'NL' } }],
    },
    201,
  );
  await send('POST', '/v1/keys', { name: 'walk-key', role: 'editor' }, 201);
  await get(`${statement}/sources`);
  await get(`/v1/sources/src_0000000000000000`, 404);
  await get(`${statement}/proposals`);
  await get(`/v1/proposals/prp_0000000000000000`, 404);
  const hook = await send(
    'POST',
    '/v1/webhooks',
    { url: 'https://example.org/hook', events: ['signatory-event.recorded'] },
    201,
  );
  await get(`/v1/webhooks/${hook.json<{ id: string }>().id}/deliveries`);
}
