import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { importText, sample, sampleEntries, type ImportResult } from './support/imports.js';
import { exampleBatches, expectSpec, postQueries, results } from './support/reconciliation.js';
import { org } from './support/timeline.js';

/** The sample imported, then dry-run again: each entry with the organization the importer matches it to. */
async function imported(t: TestApp) {
  expect((await importText(t, sample)).statusCode).toBe(201);
  const dry = (await importText(t, sample, '?dryRun=true')).json<ImportResult>();
  return sampleEntries.map((line, i) => ({
    text: line.replace(/^\d+\.\s*/, ''),
    organizationId: dry.entries[i]?.match.organizationId,
  }));
}

const matches = (candidates: { id: string; match: boolean }[]) => candidates.filter((c) => c.match).map((c) => c.id);

describe('reconciliation service (W3C Reconciliation API 0.2, as OpenRefine 3.x speaks it)', () => {
  it('serves a manifest that keeps the spec schema, also as JSONP, open to any origin', async () => {
    // Its URLs come from PUBLIC_URL, whatever Host the request names.
    const t = await makeApp({ config: { publicUrl: 'http://undersigned.example:3000' } });
    const res = await t.app.inject({ method: 'GET', url: '/reconcile', headers: { host: 'undersigned.example:3000' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const manifest = res.json<{
      versions: string[];
      identifierSpace: string;
      preview: { url: string };
      defaultTypes: { id: string }[];
    }>();
    expectSpec('manifest', manifest);
    expect(manifest.versions).toContain('0.2');
    expect(manifest.identifierSpace).toBe('http://undersigned.example:3000/v1/organizations/');
    expect(manifest.defaultTypes.map((d) => d.id)).toEqual(['organization']);

    const jsonp = await t.app.inject({
      method: 'GET',
      url: '/reconcile?callback=jQuery123_456',
      headers: { host: 'undersigned.example:3000' },
    });
    expect(jsonp.headers['content-type']).toBe('application/javascript; charset=utf-8');
    const wrapped = /^\/\*\*\/jQuery123_456\((.*)\);$/s.exec(jsonp.body);
    expect(JSON.parse(wrapped?.[1] ?? 'null')).toEqual(manifest);
    expectProblem(await t.app.inject({ method: 'GET', url: '/reconcile?callback=alert(1)' }), 400);
  });

  it('answers every example batch of the spec, by form POST and by GET, within the result schema', async () => {
    const t = await makeApp();
    await imported(t);
    const valid = exampleBatches(true);
    expect(valid.length).toBeGreaterThanOrEqual(4);
    for (const { name, text } of valid) {
      expectSpec('reconciliation-query-batch', JSON.parse(text));
      const posted = results(await postQueries(t, text));
      expect(Object.keys(posted), name).toEqual(Object.keys(JSON.parse(text)));
      const got = results(await t.app.inject({ method: 'GET', url: `/reconcile?queries=${encodeURIComponent(text)}` }));
      expect(got, name).toEqual(posted);
    }
    for (const { name, text } of exampleBatches(false)) {
      const res = await postQueries(t, text);
      expectProblem(res, 400);
      expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field, name).toMatch(/^queries/);
    }
    expectProblem(await postQueries(t, 'not json'), 400);
    expectProblem(
      await postQueries(t, Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`q${i}`, { query: 'x' }]))),
      400,
    );
    // Not a form: refused as such, JSON or otherwise.
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/reconcile',
        headers: { 'content-type': 'text/plain' },
        payload: 'queries={}',
      }),
      415,
    );
  });

  it('matches exactly where the importer matches: every sample entry, as printed, reconciles to its organization', async () => {
    const t = await makeApp();
    const entries = await imported(t);
    const batch = Object.fromEntries(
      entries.map((e, i) => [`q${i}`, { query: e.text, type: 'organization', type_strict: 'should' }]),
    );
    const answer = results(await postQueries(t, batch));
    entries.forEach((e, i) => {
      const result = answer[`q${i}`]?.result ?? [];
      expect(e.organizationId, e.text).toBeTruthy();
      expect(matches(result), e.text).toEqual([e.organizationId]);
      expect(result[0]?.id, e.text).toBe(e.organizationId);
      expect(result[0]?.score).toBeGreaterThanOrEqual(90);
    });
  });

  it('scores near misses below a match, uses the properties, and keeps to the type', async () => {
    const t = await makeApp();
    await imported(t);
    const kpo = await org(t, 'Kommunistische Partei Österreichs', {
      abbreviation: 'KPÖ',
      nameEn: 'Communist Party of Austria',
      country: 'AT',
    });
    const answer = results(
      await postQueries(t, {
        folded: { query: 'kommunistische partei osterreichs' }, // case and diacritics fold: the importer's name match
        english: { query: 'Communist Party of Austria' }, // the English name
        withAbbr: {
          query: 'Kommunistische Partei Österreichs',
          properties: [
            { pid: 'abbreviation', v: 'KPÖ' },
            { pid: 'country', v: 'at' },
          ],
        },
        wrongCountry: { query: 'Kommunistische Partei Österreichs', properties: [{ pid: 'country', v: 'DE' }] },
        partial: { query: 'Kommunistische Partei' }, // similar, but the importer would make a new organization
        byId: { query: kpo },
        otherType: { query: 'Kommunistische Partei Österreichs', type: 'person' },
        limited: { query: 'party', limit: 2 },
      }),
    );
    const of = (key: string) => answer[key]?.result ?? [];
    expect(matches(of('folded'))).toEqual([kpo]);
    expect(matches(of('english'))).toEqual([kpo]);
    expect(of('english')[0]?.score).toBe(90);
    expect([matches(of('withAbbr')), of('withAbbr')[0]?.score]).toEqual([[kpo], 100]);
    expect(of('withAbbr')[0]?.features).toContainEqual({ id: 'country_match', value: true });
    expect(matches(of('wrongCountry'))).toEqual([]);
    expect(of('wrongCountry')[0]).toMatchObject({
      id: kpo,
      features: expect.arrayContaining([{ id: 'country_match', value: false }]),
    });
    expect(of('partial')[0]?.id).toBe(kpo);
    expect(matches(of('partial'))).toEqual([]);
    expect(of('partial')[0]?.score).toBeLessThan(90);
    expect([of('byId')[0]?.id, of('byId')[0]?.score]).toEqual([kpo, 100]);
    expect(of('otherType')).toEqual([]);
    expect(of('limited').length).toBeLessThanOrEqual(2);
  });

  it('suggests organizations, the type and the properties; previews an organization in an iframe', async () => {
    const t = await makeApp();
    await imported(t);
    const suggest = async (kind: string, q: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/reconcile/suggest/${kind}?${q}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      return res.json<{ result: { id: string; name: string }[] }>();
    };
    const bkp = await suggest('entity', 'prefix=bulgarska');
    expectSpec('suggest-entities-response', bkp);
    expect(bkp.result[0]?.name).toBe('БКП Българска Комунистическа Партия');
    const id = bkp.result[0]?.id ?? '';
    expect((await suggest('entity', `prefix=${id}`)).result[0]?.id).toBe(id);
    expect((await suggest('entity', 'prefix=bulgarska&cursor=1')).result.map((r) => r.id)).not.toContain(id);
    const types = await suggest('type', 'prefix=org');
    expectSpec('suggest-types-response', types);
    expect(types.result).toEqual([{ id: 'organization', name: 'Organization' }]);
    const properties = await suggest('property', 'prefix=');
    expectSpec('suggest-properties-response', properties);
    expect(properties.result.map((p) => p.id)).toEqual(['country', 'abbreviation']);

    const preview = await t.app.inject({ method: 'GET', url: `/reconcile/preview?id=${id}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(preview.body).toContain('Българска Комунистическа Партия');
    expect(preview.headers['x-frame-options']).toBeUndefined();
    expect(preview.headers['content-security-policy']).toContain('frame-ancestors *');
    const evil = await org(t, '<script>alert(1)</script> & Co');
    const escaped = await t.app.inject({ method: 'GET', url: `/reconcile/preview?id=${evil}` });
    expect(escaped.body).not.toContain('<script>');
    expect(escaped.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expectProblem(await t.app.inject({ method: 'GET', url: '/reconcile/preview?id=org_nope' }), 404);
  });
});
