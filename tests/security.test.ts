// Findings from trying the API as an attacker would, each with the test that failed before its fix.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, expectProblem, makeApp } from './support/app.js';
import { importText } from './support/imports.js';
import { appendOk, statement } from './support/timeline.js';

describe('rate limits', () => {
  it("give a budget per verified key only: made-up tokens share their IP's", async () => {
    const t = await makeApp({ config: { rateLimitMax: 5 } });
    const codes: number[] = [];
    for (let i = 0; i < 8; i++)
      codes.push(
        (await t.app.inject({ method: 'GET', url: '/v1/statements', headers: { authorization: `Bearer junk${i}` } }))
          .statusCode,
      );
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes.slice(5)).toEqual([429, 429, 429]);
    // A real key has its own budget.
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/statements', headers: { authorization: `Bearer ${ADMIN_KEY}` } }))
        .statusCode,
    ).toBe(200);
  });

  it('apply to paths no route answers too: once the budget is spent, 404s and 405s are 429', async () => {
    const t = await makeApp({ config: { rateLimitMax: 3 } });
    const get = (url: string, method: 'GET' | 'PUT' = 'GET') => t.app.inject({ method, url });
    expect((await get('/v1/statements')).statusCode).toBe(200);
    expectProblem(await get('/no/such/path'), 404);
    expectProblem(await get('/v1/statements', 'PUT'), 405);
    for (const [url, method] of [
      ['/no/such/path', 'GET'],
      ['/v1/statements', 'PUT'],
      ['/v1/statements', 'GET'],
    ] as const) {
      const limited = await get(url, method);
      expect(expectProblem(limited, 429).type, url).toBe('urn:undersigned:problem:rate-limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('never limit /health, with or without a query string', async () => {
    const t = await makeApp({ config: { rateLimitMax: 2 } });
    for (let i = 0; i < 5; i++)
      expect((await t.app.inject({ method: 'GET', url: `/health?x=${i}` })).statusCode).toBe(200);
  });
});

describe('exports that cannot be turned against their readers', () => {
  it('CSV neutralises cells that a spreadsheet would run as a formula (OWASP)', async () => {
    const t = await makeApp();
    const id = await statement(t);
    const names = ['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', 'Plain'];
    await appendOk(t, id, { asOf: '2022-01-21', add: names.map((name) => ({ organization: { name } })) });
    const csv = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories.csv` })).body;
    for (const name of names.slice(0, 5))
      expect(csv).not.toMatch(new RegExp(`,"?${name.replace(/[()+\\t]/g, '.').slice(0, 4)}`));
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(csv).toContain(",'+1+1,");
    expect(csv).toContain(',Plain,');
  });

  it('names, abbreviations and titles refuse control characters, so an export cannot grow extra entries', async () => {
    const t = await makeApp();
    const bad = expectProblem(
      await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'Real\n3. EVIL Injected' } }),
      400,
    );
    expect(bad.errors).toEqual([expect.objectContaining({ in: 'body', field: 'name' })]);
    expectProblem(
      await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'x', abbreviation: 'A\u0000B' } }),
      400,
    );
    expectProblem(
      await t.admin({ method: 'POST', url: '/v1/statements', payload: { title: 'T\r\n1. X', issuer: 'I' } }),
      400,
    );
    const id = await statement(t);
    expectProblem(
      await t.admin({
        method: 'POST',
        url: `/v1/statements/${id}/events`,
        payload: { asOf: '2022-01-21', add: [{ organization: { name: 'A\u2028B' } }] },
      }),
      400,
    );
  });

  it('the text export re-imports to exactly its own entries', async () => {
    const t = await makeApp();
    const id = await statement(t);
    await appendOk(t, id, {
      asOf: '2022-01-21',
      add: [
        { organization: { name: 'Ordinary Party', country: 'DE' } },
        { organization: { name: '2. Looks Like An Entry' } },
      ],
    });
    const text = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories.txt` })).body;
    const back = (await importText(t, text, '?dryRun=true')).json<{
      outcome: string;
      entries: unknown[];
      withdrawn: unknown[];
    }>();
    expect(back).toMatchObject({ outcome: 'unchanged', withdrawn: [] });
    expect(back.entries).toHaveLength(2);
  });
});

describe('request ids', () => {
  it('echo only a short, safe token; anything else gets a fresh id', async () => {
    const t = await makeApp();
    const ok = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-42.a:b_c' } });
    expect(ok.headers['x-request-id']).toBe('trace-42.a:b_c');
    for (const hostile of ['x'.repeat(8192), 'a b', '<script>', 'id\u00e9']) {
      const res = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': hostile } });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('the content security policy', () => {
  it("allows inline scripts on /docs only; a page's one inline stylesheet is allowed by its hash", async () => {
    const t = await makeApp();
    const id = await statement(t);
    const csp = (url: string) =>
      t.app.inject({ method: 'GET', url }).then((res) => String(res.headers['content-security-policy']));
    for (const url of [`/statements/${id}`, '/statements', '/v1/statements', '/no/such/path']) {
      const policy = await csp(url);
      expect(policy, url).not.toContain("'unsafe-inline'");
      expect(policy, url).toContain("script-src 'self';");
    }
    const page = await t.app.inject({ method: 'GET', url: `/statements/${id}` });
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.body)?.[1] ?? '';
    expect(String(page.headers['content-security-policy'])).toContain(
      `style-src 'self' 'sha256-${createHash('sha256').update(style).digest('base64')}'`,
    );
    expect(await csp('/docs/')).toContain("script-src 'self' 'unsafe-inline'");
    expect(await csp('/docsx')).not.toContain("'unsafe-inline'");
  });
});
