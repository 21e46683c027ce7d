import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IMPORT_BODY_LIMIT } from '../src/modules/imports/documents.js';
import { ADMIN_KEY, expectProblem, makeApp } from './support/app.js';

const org = { name: 'Rode Morgen', nameEn: 'Red Dawn', country: 'NL' };
const count = (path: string, sql: string) => {
  const raw = new Database(path, { readonly: true });
  const n = raw.prepare(sql).pluck().get();
  raw.close();
  return n;
};

describe('Idempotency-Key', () => {
  it('a retried POST with the same key and body replays the first response and writes once', async () => {
    const t = await makeApp();
    const send = () =>
      t.admin({
        method: 'POST',
        url: '/v1/organizations',
        headers: { 'idempotency-key': 'create-rode-morgen-1' },
        payload: org,
      });
    const first = await send();
    expect(first.statusCode).toBe(201);
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe('"r1"');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(count(t.databasePath, 'select count(*) from organizations')).toBe(1);
    expect(count(t.databasePath, 'select count(*) from revisions')).toBe(1);
  });

  it('the same key with another body is 422 and writes nothing', async () => {
    const t = await makeApp();
    await t.admin({ method: 'POST', url: '/v1/organizations', headers: { 'idempotency-key': 'k1' }, payload: org });
    const other = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      headers: { 'idempotency-key': 'k1' },
      payload: { ...org, name: 'Other' },
    });
    expect(expectProblem(other, 422).type).toBe('urn:undersigned:problem:idempotency-key-reused');
    const elsewhere = await t.admin({
      method: 'POST',
      url: '/v1/statements',
      headers: { 'idempotency-key': 'k1' },
      payload: { title: 'T', issuer: 'I' },
    });
    expectProblem(elsewhere, 422);
    expect(count(t.databasePath, 'select count(*) from organizations')).toBe(1);
    expect(count(t.databasePath, 'select count(*) from statements')).toBe(0);
  });

  it('keys belong to one API key; a refused request records nothing, so its corrected retry runs', async () => {
    const t = await makeApp();
    // The same request twice, under two API keys: allowDuplicate, or the second would be a 409 duplicate.
    const url = '/v1/organizations?allowDuplicate=true';
    const mine = await t.admin({ method: 'POST', url, headers: { 'idempotency-key': 'shared' }, payload: org });
    const theirs = await t.as('editor', {
      method: 'POST',
      url,
      headers: { 'idempotency-key': 'shared' },
      payload: org,
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<{ id: string }>().id).not.toBe(mine.json<{ id: string }>().id);

    const bad = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      headers: { 'idempotency-key': 'fix-me' },
      payload: { name: '' },
    });
    expectProblem(bad, 400);
    const fixed = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      headers: { 'idempotency-key': 'fix-me' },
      payload: { name: 'Fixed' },
    });
    expect(fixed.statusCode).toBe(201);
    expectProblem(
      await t.admin({
        method: 'POST',
        url: '/v1/organizations',
        headers: { 'idempotency-key': 'has space' },
        payload: org,
      }),
      400,
    );
  });

  it('concurrent repeats of one keyed append make one event', async () => {
    const t = await makeApp();
    const stm = (await t.admin({ method: 'POST', url: '/v1/statements', payload: { title: 'T', issuer: 'I' } })).json<{
      id: string;
    }>().id;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.admin({
          method: 'POST',
          url: `/v1/statements/${stm}/events`,
          headers: { 'idempotency-key': '"append-1"' },
          payload: { asOf: '2022-01-21', add: [{ organization: { name: 'Once' } }] },
        }),
      ),
    );
    expect(new Set(results.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    expect(count(t.databasePath, 'select count(*) from signatory_events')).toBe(1);
    expect(count(t.databasePath, 'select count(*) from organizations')).toBe(1);
  });

  it('covers late signatures and imports too', async () => {
    const t = await makeApp();
    const stm = (await t.admin({ method: 'POST', url: '/v1/statements', payload: { title: 'T', issuer: 'I' } })).json<{
      id: string;
    }>().id;
    const late = () =>
      t.admin({
        method: 'POST',
        url: `/v1/statements/${stm}/signatures`,
        headers: { 'idempotency-key': 'late-1' },
        payload: { asOf: '2022-01-21', organization: org },
      });
    expect((await late()).body).toBe((await late()).body);
    const text =
      'ICOR resolution:\n\nAnother title\n\nSignatories (as of 2022-01-21):\n\n1. RM Rode Morgen (Red Dawn)\n';
    const imp = () =>
      t.admin({
        method: 'POST',
        url: '/v1/imports',
        headers: { 'idempotency-key': 'import-1', 'content-type': 'text/plain' },
        payload: text,
      });
    const [a, b] = [await imp(), await imp()];
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.body).toBe(a.body);
    expect(count(t.databasePath, 'select count(*) from signatory_events')).toBe(2);
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json with Retry-After past RATE_LIMIT_MAX per minute, per client', async () => {
    const t = await makeApp({ config: { rateLimitMax: 3 } });
    for (let i = 0; i < 3; i++)
      expect((await t.app.inject({ method: 'GET', url: '/v1/organizations' })).statusCode).toBe(200);
    const limited = await t.app.inject({ method: 'GET', url: '/v1/organizations' });
    const problem = expectProblem(limited, 429);
    expect(problem.type).toBe('urn:undersigned:problem:rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client (an API key) has its own budget; health checks are never limited.
    expect((await t.admin({ method: 'GET', url: '/v1/organizations' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('CORS, headers, limits and logs', () => {
  it('CORS answers only the configured origins', async () => {
    const t = await makeApp({ config: { corsOrigins: ['https://dashboard.example'] } });
    const ok = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/organizations',
      headers: { origin: 'https://dashboard.example', 'access-control-request-method': 'POST' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('https://dashboard.example');
    const other = await t.app.inject({
      method: 'GET',
      url: '/v1/organizations',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const none = await makeApp();
    const plain = await none.app.inject({
      method: 'GET',
      url: '/v1/organizations',
      headers: { origin: 'https://dashboard.example' },
    });
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers with a CSP that lets /docs run', async () => {
    const t = await makeApp();
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('imports may be larger than other bodies', async () => {
    const t = await makeApp();
    const big = 'x'.repeat(2 * 1024 * 1024);
    expectProblem(await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: big } }), 413);
    const imp = await t.admin({
      method: 'POST',
      url: '/v1/imports',
      headers: { 'content-type': 'text/plain' },
      payload: big,
    });
    expect(imp.statusCode).toBe(400); // read, then refused as unparseable: not 413
    expectProblem(
      await t.admin({
        method: 'POST',
        url: '/v1/imports',
        headers: { 'content-type': 'text/plain' },
        payload: 'x'.repeat(IMPORT_BODY_LIMIT + 1),
      }),
      413,
    );
  });

  it('logs every request with its id and never the Authorization header', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const t = await makeApp({ config: { logLevel: 'trace', logStream } });
    const res = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      headers: { 'x-request-id': 'trace-me-42' },
      payload: { name: '' },
    });
    expect(res.statusCode).toBe(400);
    const log = lines.join('');
    expect(log).toContain('trace-me-42');
    expect(log).not.toContain(ADMIN_KEY);
    expect(log.toLowerCase()).not.toContain('bearer');
  });
});
