// Listing organizations: pages, filters and full-text search (one organization: organizations.test.ts).
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { createOrganization as create, mlpd, type Org } from './support/organizations.js';

describe('listing and searching organizations', () => {
  it('paginates the list so that every organization is visited exactly once', async () => {
    const t = await makeApp();
    const created: string[] = [];
    for (let i = 0; i < 23; i++) created.push((await create(t, { name: `Organization ${i}` })).org.id);
    // A deletion mid-walk must not make the walk skip or repeat anything else.
    const seen: string[] = [];
    let url: string | null = '/v1/organizations?limit=5';
    let pages = 0;
    while (url) {
      const res: LightMyRequestResponse = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const body: { items: Org[]; nextCursor: string | null } = res.json();
      seen.push(...body.items.map((o) => o.id));
      const link: string | undefined = res.headers.link?.toString();
      if (body.nextCursor) {
        expect(link).toBe(`</v1/organizations?limit=5&cursor=${body.nextCursor}>; rel="next"`);
        url = /^<([^>]+)>/.exec(String(link))?.[1] ?? null;
      } else {
        expect(link).toBeUndefined();
        url = null;
      }
      if (++pages === 2) await t.admin({ method: 'DELETE', url: `/v1/organizations/${created[0]}` });
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(created);
    expect(new Set(seen).size).toBe(23);
  });

  it('limits the page size to 1..200 and rejects foreign cursors', async () => {
    const t = await makeApp();
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations?limit=201' }), 400);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations?limit=0' }), 400);
    const bad = expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations?cursor=bm9wZQ' }), 400);
    expect(bad.errors).toEqual([{ in: 'query', field: 'cursor', detail: 'is not a cursor this API issued' }]);
  });

  it('filters by country and searches names, aliases and abbreviations ignoring case and diacritics', async () => {
    const t = await makeApp();
    const { org: de } = await create(t, mlpd);
    const { org: ci } = await create(t, {
      abbreviation: 'PCPCI',
      name: "Parti Communiste Proletarien de Côte d'Ivoire",
      nameEn: 'Proletarian Communist Party of Ivory Coast',
      country: 'CI',
    });
    const { org: tr } = await create(t, {
      abbreviation: 'BP (NK-T)',
      name: 'Bolşevik Parti (Kuzey Kürdistan-Türkiye)',
      aliases: ['Bolshevik Party'],
    });
    const ids = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `/v1/organizations?${query}` }))
        .json<{ items: Org[] }>()
        .items.map((o) => o.id);

    expect(await ids('q=marxistisch')).toEqual([de.id]);
    expect(await ids('q=MARXIST-LENINIST')).toEqual([de.id]);
    expect(await ids(`q=${encodeURIComponent('côte')}`)).toEqual([ci.id]);
    expect(await ids('q=cote%20d')).toEqual([ci.id]);
    expect(await ids('q=bolsevik')).toEqual([tr.id]);
    expect(await ids('q=bolshevik')).toEqual([tr.id]);
    expect(await ids('q=kurdistan')).toEqual([tr.id]);
    expect(await ids('q=pcpci')).toEqual([ci.id]);
    expect(await ids('q=100%25')).toEqual([]);
    expect(await ids('country=ci')).toEqual([ci.id]);
    expect(await ids('country=DE&q=party')).toEqual([de.id]);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations?country=ZZ' }), 400);
  });

  it('ranks q results and pages through them with rank cursors', async () => {
    const t = await makeApp();
    for (let i = 0; i < 7; i++) await create(t, { name: `Communist Party number ${i}` });
    const best = (
      await create(t, { abbreviation: 'CP', name: 'Communist Party', aliases: ['Communist Party of Communists'] })
    ).org;
    const first = await t.app.inject({ method: 'GET', url: '/v1/organizations?q=communist&limit=3' });
    const page1 = first.json<{ items: Org[]; nextCursor: string }>();
    // bm25 favours the organization whose text is most about the words asked for.
    expect(page1.items[0]?.id).toBe(best.id);
    const seen = page1.items.map((o) => o.id);
    let cursor: string | null = page1.nextCursor;
    while (cursor) {
      const res: LightMyRequestResponse = await t.app.inject({
        method: 'GET',
        url: `/v1/organizations?q=communist&limit=3&cursor=${cursor}`,
      });
      const body: { items: Org[]; nextCursor: string | null } = res.json();
      seen.push(...body.items.map((o) => o.id));
      cursor = body.nextCursor;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    // A ranked cursor means nothing to the unranked listing, and says so.
    const mixed = expectProblem(
      await t.app.inject({ method: 'GET', url: `/v1/organizations?cursor=${page1.nextCursor}` }),
      400,
    );
    expect(mixed.errors?.[0]?.detail).toContain('different listing');
    // FTS5 syntax in q is just text.
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/organizations?q=%22communist%22%20OR%20NEAR(x)' })).statusCode,
    ).toBe(200);
  });
});
