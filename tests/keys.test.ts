import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, expectProblem, makeApp } from './support/app.js';

const org = { name: 'Rode Morgen', nameEn: 'Red Dawn', country: 'NL' };

describe('API keys and roles', () => {
  it('reads are public; writes without a key are 401 with a Bearer challenge', async () => {
    const t = await makeApp();
    expect((await t.app.inject({ method: 'GET', url: '/v1/organizations' })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: '/v1/organizations', payload: org });
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/v1/organizations',
      payload: org,
      headers: { authorization: 'Basic abc' },
    });
    expectProblem(malformed, 401);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/v1/organizations',
      payload: org,
      headers: { authorization: 'Bearer us_nope' },
    });
    expectProblem(unknown, 401);
    const list = await t.app.inject({ method: 'GET', url: '/v1/organizations' });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);
  });

  it('an editor writes data but may not manage keys (403)', async () => {
    const t = await makeApp();
    expect((await t.as('editor', { method: 'POST', url: '/v1/organizations', payload: org })).statusCode).toBe(201);
    expectProblem(await t.as('editor', { method: 'GET', url: '/v1/keys' }), 403);
    expectProblem(
      await t.as('editor', { method: 'POST', url: '/v1/keys', payload: { name: 'x', role: 'admin' } }),
      403,
    );
  });

  it('shows a secret once, stores only its hash, lists keys without secrets, and revokes', async () => {
    const t = await makeApp();
    const created = await t.admin({
      method: 'POST',
      url: '/v1/keys',
      payload: { name: 'import script', role: 'editor' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json<{ id: string; key: string; name: string; role: string; prefix: string }>();
    expect(key).toMatchObject({ name: 'import script', role: 'editor' });
    expect(key.key).toMatch(/^us_[A-Za-z0-9_-]{43}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);

    const list = await t.admin({ method: 'GET', url: '/v1/keys' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key.key);
    expect(list.body).not.toContain('keyHash');
    expect(list.json<{ items: { name: string }[] }>().items.map((k) => k.name)).toEqual([
      'admin (UNDERSIGNED_ADMIN_KEY)',
      'import script',
    ]);

    // Only a hash is in the database file.
    await t.app.close();
    const raw = new Database(t.databasePath, { readonly: true });
    const rows = raw.prepare('select * from api_keys').all();
    raw.close();
    expect(JSON.stringify(rows)).not.toContain(key.key);
    expect(JSON.stringify(rows)).not.toContain(ADMIN_KEY);
  });

  it('a revoked key is refused; names are unique', async () => {
    const t = await makeApp();
    const created = (
      await t.admin({ method: 'POST', url: '/v1/keys', payload: { name: 'temp', role: 'editor' } })
    ).json<{ id: string; key: string }>();
    const auth = { authorization: `Bearer ${created.key}` };
    expect(
      (await t.app.inject({ method: 'POST', url: '/v1/organizations', payload: org, headers: auth })).statusCode,
    ).toBe(201);
    expectProblem(await t.admin({ method: 'POST', url: '/v1/keys', payload: { name: 'temp', role: 'admin' } }), 409);
    expect((await t.admin({ method: 'DELETE', url: `/v1/keys/${created.id}` })).statusCode).toBe(204);
    expectProblem(await t.app.inject({ method: 'POST', url: '/v1/organizations', payload: org, headers: auth }), 401);
    expectProblem(await t.admin({ method: 'DELETE', url: `/v1/keys/${created.id}` }), 410);
    expectProblem(await t.admin({ method: 'DELETE', url: '/v1/keys/key_nope' }), 404);
    const keys = (await t.admin({ method: 'GET', url: '/v1/keys' })).json<{
      items: { id: string; revokedAt: string | null }[];
    }>();
    expect(keys.items.find((k) => k.id === created.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('without UNDERSIGNED_ADMIN_KEY no key works, and every revision records the key name', async () => {
    const none = await makeApp({ adminKey: null });
    expectProblem(await none.admin({ method: 'POST', url: '/v1/organizations', payload: org }), 401);

    const t = await makeApp();
    const res = await t.as('editor', { method: 'POST', url: '/v1/organizations', payload: org });
    const id = res.json<{ id: string }>().id;
    const revs = await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}/revisions` });
    expect(revs.json<{ items: { recordedBy: string }[] }>().items[0]?.recordedBy).toBe('editor-key');
  });

  it('rejects bad key input', async () => {
    const t = await makeApp();
    const problem = expectProblem(
      await t.admin({ method: 'POST', url: '/v1/keys', payload: { name: '', role: 'root' } }),
      400,
    );
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['name', 'role']);
  });
});
