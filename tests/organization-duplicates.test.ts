// Admin safety: an organization that exists already is not created a second time, whether by
// POST /v1/organizations (409 unless allowDuplicate) or inline in a signature or an event (reused).
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import type { Org } from './support/organizations.js';

const kpoe = {
  abbreviation: 'KPÖ',
  name: 'Kommunistische Partei Österreichs',
  nameEn: 'Communist Party of Austria',
  country: 'AT',
};

async function create(t: TestApp, payload: object, query = '') {
  return t.as('editor', { method: 'POST', url: `/v1/organizations${query}`, payload });
}

async function created(t: TestApp, payload: object): Promise<Org> {
  const res = await create(t, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Org>();
}

async function statement(t: TestApp): Promise<string> {
  const res = await t.as('editor', {
    method: 'POST',
    url: '/v1/statements',
    payload: { title: 'Solidarity', issuer: 'ICOR', body: 'Text.' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const names = async (t: TestApp, query: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/v1/organizations?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Org[] }>().items.map((o) => o.name);
};

describe('duplicate organizations', () => {
  it('POST refuses the same name and country with 409 naming the existing one, folded as for matching', async () => {
    const t = await makeApp();
    const first = await created(t, kpoe);
    for (const again of [
      kpoe,
      { name: 'kommunistische  partei osterreichs', country: 'at' },
      { ...kpoe, abbreviation: null },
    ]) {
      const problem = expectProblem(await create(t, again), 409);
      expect(problem).toMatchObject({
        type: 'urn:undersigned:problem:duplicate-organization',
        existing: first.id,
        reason: 'name-and-country',
      });
      expect(problem.errors).toEqual([expect.objectContaining({ in: 'body', field: 'name' })]);
      expect(problem.detail).toContain('allowDuplicate=true');
    }
    // An alias counts as a name; the same abbreviation in the same country is the same organization.
    await created(t, { name: 'Partei der Arbeit', aliases: ['PdA Deutschlands'], country: 'DE' });
    expect(expectProblem(await create(t, { name: 'PdA Deutschlands', country: 'DE' }), 409)).toMatchObject({
      reason: 'name-and-country',
    });
    expect(
      expectProblem(await create(t, { abbreviation: 'kpö', name: 'Another spelling', country: 'AT' }), 409),
    ).toMatchObject({
      existing: first.id,
      reason: 'abbreviation-and-country',
      errors: [expect.objectContaining({ field: 'abbreviation' })],
    });
    expect(await names(t, 'q=kommunistische')).toEqual([kpoe.name]);
  });

  it('POST creates what is not a duplicate: another country, an abbreviation without a country, a deleted one', async () => {
    const t = await makeApp();
    const first = await created(t, kpoe);
    await created(t, { ...kpoe, country: 'DE' });
    await created(t, { ...kpoe, country: null });
    await created(t, { abbreviation: 'X', name: 'One', country: null });
    await created(t, { abbreviation: 'X', name: 'Two', country: null });
    expectProblem(await create(t, { ...kpoe, country: null }), 409);
    const del = await t.as('editor', { method: 'DELETE', url: `/v1/organizations/${first.id}` });
    expect(del.statusCode).toBe(204);
    await created(t, kpoe);
  });

  it('allowDuplicate=true (or 1) creates it anyway; anything but a boolean is a 400 naming the query field', async () => {
    const t = await makeApp();
    await created(t, kpoe);
    expect((await create(t, kpoe, '?allowDuplicate=true')).statusCode).toBe(201);
    expect((await create(t, kpoe, '?allowDuplicate=1')).statusCode).toBe(201);
    expectProblem(await create(t, kpoe, '?allowDuplicate=false'), 409);
    const bad = expectProblem(await create(t, kpoe, '?allowDuplicate=yes'), 400);
    expect(bad.errors).toEqual([expect.objectContaining({ in: 'query', field: 'allowDuplicate' })]);
    expect(await names(t, `name=${encodeURIComponent(kpoe.name)}`)).toHaveLength(3);
  });

  it('a late signatory given inline reuses the existing organization', async () => {
    const t = await makeApp();
    const org = await created(t, kpoe);
    const stm = await statement(t);
    const res = await t.as('editor', {
      method: 'POST',
      url: `/v1/statements/${stm}/signatures`,
      payload: { asOf: '2022-01-25', organization: { name: 'kommunistische partei österreichs', country: 'AT' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ organizationId: string }>().organizationId).toBe(org.id);
    expect(await names(t, 'country=AT')).toEqual([kpoe.name]);
    // Once on the list, the same organization inline again is the conflict it is, not a second copy.
    const again = await t.as('editor', {
      method: 'POST',
      url: `/v1/statements/${stm}/signatures`,
      payload: { asOf: '2022-01-26', organization: { abbreviation: 'KPÖ', name: 'KPÖ', country: 'AT' } },
    });
    expect(expectProblem(again, 409).type).toBe('urn:undersigned:problem:signatory-conflict');
  });

  it("an event's inline additions reuse existing organizations, and two inline copies of one are refused", async () => {
    const t = await makeApp();
    const org = await created(t, kpoe);
    const stm = await statement(t);
    const url = `/v1/statements/${stm}/events`;
    const twice = await t.as('editor', {
      method: 'POST',
      url,
      payload: {
        asOf: '2022-01-21',
        add: [
          { organization: { name: 'New One', country: 'FR' } },
          { organization: { name: 'new one', country: 'FR' } },
        ],
      },
    });
    expect(expectProblem(twice, 400).errors).toEqual([
      expect.objectContaining({ field: 'add.1.organization', detail: expect.stringContaining('add.0.organization') }),
    ]);
    const res = await t.as('editor', {
      method: 'POST',
      url,
      payload: {
        asOf: '2022-01-21',
        add: [
          { organization: { abbreviation: 'KPÖ', name: 'Communist Party of Austria', country: 'AT' } },
          { organization: { name: 'New One', country: 'FR' } },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const items = res.json<{ items: { organizationId: string }[] }>().items;
    expect(items[0]?.organizationId).toBe(org.id);
    expect(items[1]?.organizationId).not.toBe(org.id);
    expect((await names(t, 'limit=10')).sort()).toEqual([kpoe.name, 'New One']);
  });
});

describe('exact filters on GET /v1/organizations', () => {
  it('name (any name, English name or alias, folded), abbreviation and country, combinable, and with q', async () => {
    const t = await makeApp();
    await created(t, { ...kpoe, aliases: ['KPOe'] });
    await created(t, {
      abbreviation: 'KPD',
      name: 'Kommunistische Partei Deutschlands',
      nameEn: 'Communist Party of Germany',
      country: 'DE',
    });
    await created(t, { abbreviation: 'KPÖ', name: 'Kommunistische Partei Österreichs', country: 'DE' });
    expect(await names(t, 'name=kommunistische%20partei%20OSTERREICHS')).toHaveLength(2);
    expect(await names(t, 'name=Kommunistische%20Partei%20%C3%96sterreichs&country=AT')).toEqual([kpoe.name]);
    expect(await names(t, 'name=communist%20party%20of%20germany')).toEqual(['Kommunistische Partei Deutschlands']);
    expect(await names(t, 'name=kpoe')).toEqual([kpoe.name]);
    // Exact, not a prefix or a word.
    expect(await names(t, 'name=Kommunistische%20Partei')).toEqual([]);
    expect(await names(t, 'abbreviation=kpö')).toHaveLength(2);
    expect(await names(t, 'abbreviation=KP')).toEqual([]);
    expect(await names(t, 'abbreviation=KPD&country=DE')).toEqual(['Kommunistische Partei Deutschlands']);
    expect(await names(t, 'abbreviation=KPD&country=AT')).toEqual([]);
    expect(
      await names(t, 'abbreviation=KP%C3%96&name=Kommunistische%20Partei%20%C3%96sterreichs&country=DE'),
    ).toHaveLength(1);
    expect(await names(t, 'q=partei&abbreviation=kpd')).toEqual(['Kommunistische Partei Deutschlands']);
    const bad = expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations?name=' }), 400);
    expect(bad.errors).toEqual([expect.objectContaining({ in: 'query', field: 'name' })]);
  });
});
