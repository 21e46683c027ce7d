// The typed client (clients/typescript) against a live server process: paging, idempotent
// writes retried after a lost answer, read-modify-write on 412, and problems typed by `type`.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPages,
  collectPages,
  createUndersignedClient,
  idempotencyKey,
  idempotent,
  isProblemError,
  ProblemError,
  readModifyWrite,
  unwrap,
  type UndersignedClient,
} from '../clients/typescript/src/index.js';
import { ADMIN_KEY, startLiveServer, type LiveServer } from './support/live-server.js';

let server: LiveServer;
let client: UndersignedClient;

beforeAll(async () => {
  server = await startLiveServer();
  client = createUndersignedClient({ baseUrl: server.base, apiKey: ADMIN_KEY });
}, 60_000);
afterAll(async () => server.stop());

/** A new organization with a name no other test uses. */
const newOrganization = (label: string) => ({ name: `Typed client ${label} ${randomUUID()}`, country: 'AT' });

/** Every organization whose name is exactly `name`, by a search walked to its end. */
async function named(name: string) {
  const found = await collectPages((cursor) =>
    client.GET('/v1/organizations', { params: { query: { q: name, cursor } } }),
  );
  return found.filter((org) => org.name === name);
}

describe('allPages', () => {
  it('walks every page once, following nextCursor until it is null', async () => {
    const whole = unwrap(await client.GET('/v1/organizations', { params: { query: { limit: 200 } } }));
    expect(whole.nextCursor).toBeNull();
    let pages = 0;
    const ids: string[] = [];
    for await (const org of allPages((cursor) => {
      pages++;
      return client.GET('/v1/organizations', { params: { query: { limit: 7, cursor } } });
    })) {
      ids.push(org.id);
    }
    expect(whole.items.length).toBeGreaterThanOrEqual(31);
    expect(ids).toEqual(whole.items.map((org) => org.id));
    expect(pages).toBe(Math.ceil(whole.items.length / 7));
  });

  it('throws a typed problem when a page fails', async () => {
    const walk = collectPages((cursor) =>
      client.GET('/v1/organizations', { params: { query: { cursor: cursor ?? 'not-a-cursor' } } }),
    );
    await expect(walk).rejects.toSatisfy((error) => isProblemError(error, 'validation-error'));
  });
});

describe('problems', () => {
  it('are typed by the contract’s enum, and checked against it', async () => {
    const error: unknown = await client
      .GET('/v1/organizations/{id}', { params: { path: { id: 'org_doesnotexist' } } })
      .then(unwrap)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProblemError);
    if (!(error instanceof ProblemError)) return;
    expect(error.status).toBe(404);
    expect(error.type).toBe('urn:undersigned:problem:not-found');
    expect(error.is('not-found')).toBe(true);
    expect(error.is('gone')).toBe(false);
    expect(error.problem?.instance).toBe('/v1/organizations/org_doesnotexist');
  });

  it('say who is refused: a write without a key is unauthenticated', async () => {
    const anonymous = createUndersignedClient({ baseUrl: server.base });
    const result = await anonymous.POST('/v1/organizations', { body: newOrganization('anonymous') });
    expect(() => unwrap(result)).toThrow(ProblemError);
    expect(isProblemError(new ProblemError(result.response, result.error), 'unauthenticated')).toBe(true);
  });
});

describe('idempotent writes', () => {
  it('derive one key per logical operation, valid as a header', () => {
    const key = idempotencyKey('add-late-signatory', 'stm_1', 'org_1', '2022-01-25');
    expect(idempotencyKey('add-late-signatory', 'stm_1', 'org_1', '2022-01-25')).toBe(key);
    expect(idempotencyKey('add-late-signatory', 'stm_1', 'org_1', '2022-01-26')).not.toBe(key);
    expect(idempotencyKey('add-late-signatory', 'stm_1', 'org_12', '')).not.toBe(
      idempotencyKey('add-late-signatory', 'stm_1', 'org_1', '2'),
    );
    expect(key).toMatch(/^[\x21\x23-\x7e]{1,255}$/);
  });

  it('retry a lost answer with the same key, and the server writes once', async () => {
    let sent = 0;
    const keys: (string | null)[] = [];
    // The first answer is lost after the server has written: the retry must not write again.
    const flaky = createUndersignedClient({
      baseUrl: server.base,
      apiKey: ADMIN_KEY,
      fetch: async (request) => {
        keys.push(request.headers.get('idempotency-key'));
        const response = await fetch(request);
        if (++sent === 1) {
          await response.arrayBuffer();
          throw new TypeError('fetch failed (the test dropped the answer)');
        }
        return response;
      },
    });
    const body = newOrganization('retried');
    const key = idempotencyKey('create-organization', body.name);
    const retries: string[] = [];
    const written = await idempotent(
      key,
      (k) => flaky.POST('/v1/organizations', { params: { header: { 'idempotency-key': k } }, body }),
      {
        delayMs: 1,
        onRetry: (_attempt, reason) => retries.push(reason),
      },
    );
    expect(retries).toEqual(['fetch failed (the test dropped the answer)']);
    expect(keys).toEqual([key, key]);
    expect(written.replayed).toBe(true);
    expect(written.response.status).toBe(201);
    expect(written.data.name).toBe(body.name);
    expect(await named(body.name)).toHaveLength(1);

    // The same operation again (a second run of a script): replayed, still one.
    const again = await idempotent(key, (k) =>
      client.POST('/v1/organizations', { params: { header: { 'idempotency-key': k } }, body }),
    );
    expect(again.replayed).toBe(true);
    expect(again.data.id).toBe(written.data.id);
    expect(await named(body.name)).toHaveLength(1);
  });

  it('refuse at once, without retrying, when the key was used for another request', async () => {
    const key = idempotencyKey('create-organization', randomUUID());
    await idempotent(key, (k) =>
      client.POST('/v1/organizations', {
        params: { header: { 'idempotency-key': k } },
        body: newOrganization('first'),
      }),
    );
    let attempts = 0;
    const reused = idempotent(key, (k) => {
      attempts++;
      return client.POST('/v1/organizations', {
        params: { header: { 'idempotency-key': k } },
        body: newOrganization('second'),
      });
    });
    await expect(reused).rejects.toSatisfy((error) => isProblemError(error, 'idempotency-key-reused'));
    expect(attempts).toBe(1);
  });
});

describe('readModifyWrite', () => {
  async function created(label: string) {
    return unwrap(await client.POST('/v1/organizations', { body: newOrganization(label) }));
  }
  const read = (id: string) => () => client.GET('/v1/organizations/{id}', { params: { path: { id } } });
  const write = (id: string) => (patch: { website?: string; nameEn?: string }, etag: string) =>
    client.PATCH('/v1/organizations/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body: patch });

  it('reads again and retries once when someone wrote in between (412)', async () => {
    const org = await created('raced');
    let decisions = 0;
    const result = await readModifyWrite({
      read: read(org.id),
      change: (current) => {
        decisions++;
        return current.website === 'https://example.org/ours' ? undefined : { website: 'https://example.org/ours' };
      },
      write: async (patch, etag) => {
        // Another writer gets in first, once.
        if (decisions === 1)
          unwrap(
            await client.PATCH('/v1/organizations/{id}', {
              params: { path: { id: org.id }, header: { 'if-match': etag } },
              body: { nameEn: 'Theirs' },
            }),
          );
        return write(org.id)(patch, etag);
      },
    });
    expect(result.changed).toBe(true);
    expect(result.attempts).toBe(2);
    const now = unwrap(await read(org.id)());
    expect(now).toMatchObject({ revision: 3, nameEn: 'Theirs', website: 'https://example.org/ours' });
  });

  it('gives up after the second 412, and writes nothing when there is nothing to change', async () => {
    const org = await created('busy');
    const busy = readModifyWrite({
      read: read(org.id),
      change: () => ({ website: 'https://example.org/never' }),
      write: async (patch, etag) => {
        unwrap(
          await client.PATCH('/v1/organizations/{id}', {
            params: { path: { id: org.id }, header: { 'if-match': etag } },
            body: { nameEn: randomUUID() },
          }),
        );
        return write(org.id)(patch, etag);
      },
    });
    await expect(busy).rejects.toSatisfy((error) => isProblemError(error, 'precondition-failed'));

    const before = unwrap(await read(org.id)());
    const unchanged = await readModifyWrite({ read: read(org.id), change: () => undefined, write: write(org.id) });
    expect(unchanged).toMatchObject({ changed: false, attempts: 1, value: { revision: before.revision } });
    expect(unwrap(await read(org.id)()).revision).toBe(before.revision);
  });
});
