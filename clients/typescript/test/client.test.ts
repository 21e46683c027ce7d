// The package on its own, against a fake fetch: what it sends, and how it reads what comes back.
// tests/typed-client.test.ts runs the same helpers against a real server.
import { describe, expect, it } from 'vitest';
import {
  collectPages,
  createUndersignedClient,
  idempotent,
  isProblemError,
  ProblemError,
  unwrap,
} from '../src/index.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json', ...headers },
  });

/** A client whose fetch records each request and answers from `answers`, in order. */
function fake(answers: Response[], apiKey?: string) {
  const sent: Request[] = [];
  const client = createUndersignedClient({
    baseUrl: 'http://api.test',
    ...(apiKey === undefined ? {} : { apiKey }),
    fetch: async (request) => {
      sent.push(request);
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected ${request.method} ${request.url}`);
      return answer;
    },
  });
  return { client, sent };
}

const page = (ids: string[], nextCursor: string | null) => ({ items: ids.map((id) => ({ id })), nextCursor });
const stale = {
  type: 'urn:undersigned:problem:precondition-failed',
  title: 'Precondition Failed',
  status: 412,
  detail: 'The organization changed since r1.',
};

describe('createUndersignedClient', () => {
  it('sends the API key as a bearer token on every request, and none without one', async () => {
    const keyed = fake([json(200, page([], null)), json(200, page([], null))], 'us_secret');
    await keyed.client.GET('/v1/organizations', { params: { query: { q: 'KPÖ' } } });
    await keyed.client.GET('/v1/statements');
    expect(keyed.sent.map((r) => [r.url, r.headers.get('authorization')])).toEqual([
      ['http://api.test/v1/organizations?q=KP%C3%96', 'Bearer us_secret'],
      ['http://api.test/v1/statements', 'Bearer us_secret'],
    ]);
    const anonymous = fake([json(200, page([], null))]);
    await anonymous.client.GET('/v1/statements');
    expect(anonymous.sent[0]?.headers.get('authorization')).toBeNull();
  });
});

describe('problems', () => {
  it("unwrap turns a problem into a ProblemError typed by the contract's slugs", async () => {
    const { client } = fake([json(412, stale)]);
    const result = await client.PATCH('/v1/organizations/{id}', {
      params: { path: { id: 'org_1' }, header: { 'if-match': '"r1"' } },
      body: { website: 'https://kpoe.at' },
    });
    expect(result.error?.type).toBe('urn:undersigned:problem:precondition-failed');
    const error: unknown = (() => {
      try {
        return unwrap(result);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProblemError);
    expect(isProblemError(error, 'precondition-failed')).toBe(true);
    expect(error).toMatchObject({
      status: 412,
      message: '412 Precondition Failed: The organization changed since r1.',
      problem: stale,
    });
  });

  it('a failure whose body is no problem of the contract is still a ProblemError, without a problem', () => {
    const error = new ProblemError(
      new Response('bad gateway', { status: 502, statusText: 'Bad Gateway' }),
      'bad gateway',
    );
    expect([error.status, error.problem, error.type, error.message]).toEqual([
      502,
      undefined,
      undefined,
      '502 Bad Gateway',
    ]);
  });
});

describe('helpers', () => {
  it('collectPages follows nextCursor to the last page', async () => {
    const { client, sent } = fake([json(200, page(['org_1', 'org_2'], 'c2')), json(200, page(['org_3'], null))]);
    const all = await collectPages((cursor) =>
      client.GET('/v1/organizations', { params: { query: { limit: 2, cursor } } }),
    );
    expect(all.map((org) => org.id)).toEqual(['org_1', 'org_2', 'org_3']);
    expect(sent.map((r) => new URL(r.url).search)).toEqual(['?limit=2', '?limit=2&cursor=c2']);
  });

  it('idempotent sends again with the same key after a 503, and refuses at once on a 4xx', async () => {
    const body = { name: 'Kommunistische Partei Österreichs', country: 'AT' };
    const { client, sent } = fake([
      json(503, { ...stale, type: 'urn:undersigned:problem:storage-full', status: 503 }),
      json(201, { id: 'org_1', ...body }, { 'idempotent-replayed': 'true' }),
    ]);
    const written = await idempotent(
      'create-kpo',
      (key) => client.POST('/v1/organizations', { params: { header: { 'idempotency-key': key } }, body }),
      { delayMs: 1 },
    );
    expect(sent.map((r) => r.headers.get('idempotency-key'))).toEqual(['create-kpo', 'create-kpo']);
    expect([written.data.id, written.replayed]).toEqual(['org_1', true]);

    const refused = fake([json(412, stale)]);
    await expect(
      idempotent('k', (key) =>
        refused.client.POST('/v1/organizations', { params: { header: { 'idempotency-key': key } }, body }),
      ),
    ).rejects.toSatisfy((error) => isProblemError(error, 'precondition-failed'));
    expect(refused.sent).toHaveLength(1);
  });
});
