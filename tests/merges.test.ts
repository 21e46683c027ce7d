import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, reopen } from './support/app.js';
import { integrityValid, merge, mergeOk, onList, unmerge, type MergeResult } from './support/merges.js';
import type { Org } from './support/organizations.js';
import { purgeTarget } from './support/purge-target.js';
import { appendOk, listAt, org, statement, tick } from './support/timeline.js';

describe('merging organizations', () => {
  it("moves the duplicate's signatures to the survivor as events, keeps what was known before, and answers 308 for the old id", async () => {
    const t = await makeApp();
    const survivor = await org(t, 'Marxist-Leninist Party of Germany', {
      country: 'DE',
      identifiers: [{ scheme: 'wikidata', value: 'Q42' }],
    });
    const dup = await org(t, 'Marxistisch-Leninistische Partei Deutschlands', {
      abbreviation: 'MLPD',
      country: 'DE',
      aliases: ['MLPD Germany'],
      identifiers: [{ scheme: 'email-domain', value: 'mlpd.de' }],
    });
    const other = await org(t, 'Rode Morgen', { country: 'NL' });
    const s1 = await statement(t);
    await appendOk(t, s1, {
      asOf: '2022-01-21',
      add: [
        { organizationId: other, printedNumber: 1 },
        { organizationId: dup, printedAs: '2. MLPD', printedNumber: 2 },
      ],
    });
    await appendOk(t, s1, { asOf: '2022-03-01', withdraw: [{ organizationId: dup, reason: 'left' }] });
    const before = await tick();

    const result = await mergeOk(t, dup, survivor);
    expect(result.merge).toMatchObject({
      seq: 1,
      action: 'merge',
      organizationId: dup,
      into: survivor,
      prevHash: null,
    });
    expect(result.survivor.mergedIds).toEqual([dup]);
    expect(result.survivor.aliases).toEqual(['Marxistisch-Leninistische Partei Deutschlands', 'MLPD Germany']);
    expect(result.survivor.identifiers).toEqual([
      { scheme: 'wikidata', value: 'Q42' },
      { scheme: 'email-domain', value: 'mlpd.de' },
    ]);
    expect(result.moved).toEqual([{ statementId: s1, from: expect.any(String), to: [expect.any(String)] }]);
    expect(result.clashes).toEqual([]);
    expect(result.events.map((e) => e.seq)).toEqual([3, 4, 5]);

    // Now: the survivor, at the duplicate's dates and printed entry; as known before: the duplicate.
    expect(await onList(t, s1, '?asOf=2022-02-01')).toEqual([
      [other, 1, '2022-01-21'],
      [survivor, 2, '2022-01-21'],
    ]);
    expect(await onList(t, s1, '?asOf=2022-03-02')).toEqual([[other, 1, '2022-01-21']]);
    expect(await onList(t, s1, `?asOf=2022-02-01&knownAt=${before}`)).toEqual([
      [other, 1, '2022-01-21'],
      [dup, 2, '2022-01-21'],
    ]);
    const signed = await t.app.inject({
      method: 'GET',
      url: `/v1/organizations/${dup}/signatures?asOf=2022-02-01&knownAt=${before}`,
    });
    expect(signed.json<{ items: unknown[] }>().items).toHaveLength(1);

    const old = await t.app.inject({ method: 'GET', url: `/v1/organizations/${dup}` });
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe(`/v1/organizations/${survivor}`);
    expect((await t.app.inject({ method: 'GET', url: `/v1/organizations/${dup}/revisions` })).statusCode).toBe(200);
    const list = await t.app.inject({ method: 'GET', url: '/v1/organizations?q=mlpd' });
    expect(list.json<{ items: Org[] }>().items.map((o) => o.id)).toEqual([survivor]);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/organizations?identifier=email-domain:mlpd.de' }))
        .json<{ items: Org[] }>()
        .items.map((o) => o.id),
    ).toEqual([survivor]);
    const patch = await t.admin({
      method: 'PATCH',
      url: `/v1/organizations/${dup}`,
      headers: { 'if-match': '"r2"' },
      payload: { country: 'AT' },
    });
    expect(expectProblem(patch, 409).type).toBe('urn:undersigned:problem:organization-merged');
    // An event cannot add the merged organization any more.
    const s2 = await statement(t);
    expect(
      (
        await t.admin({
          method: 'POST',
          url: `/v1/statements/${s2}/events`,
          payload: { asOf: '2022-01-21', add: [{ organizationId: dup }] },
        })
      ).statusCode,
    ).toBe(400);
    await integrityValid(t);

    // Unmerged: the duplicate is back on the list for the same stretch, as printed, and answers 200.
    const undone = await unmerge(t, dup);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(await onList(t, s1, '?asOf=2022-02-01')).toEqual([
      [other, 1, '2022-01-21'],
      [dup, 2, '2022-01-21'],
    ]);
    expect(await onList(t, s1, '?asOf=2022-03-02')).toEqual([[other, 1, '2022-01-21']]);
    const back = await t.app.inject({ method: 'GET', url: `/v1/organizations/${dup}` });
    expect(back.statusCode).toBe(200);
    expect(back.json<Org>().identifiers).toEqual([{ scheme: 'email-domain', value: 'mlpd.de' }]);
    await integrityValid(t);
  });

  it('keeps the earlier signature where both signed, and reports the other', async () => {
    const t = await makeApp();
    const [a, b] = [await org(t, 'Alpha'), await org(t, 'Beta')];
    const [s1, s2] = [await statement(t), await statement(t)];
    await appendOk(t, s1, { asOf: '2022-01-01', add: [{ organizationId: a }] });
    await appendOk(t, s1, { asOf: '2022-02-01', add: [{ organizationId: b }] });
    await appendOk(t, s2, { asOf: '2022-01-01', add: [{ organizationId: b, printedNumber: 7 }] });
    await appendOk(t, s2, { asOf: '2022-02-01', add: [{ organizationId: a }] });
    const s1Before = await listAt(t, s1);
    const s2Before = await listAt(t, s2);

    const result = await mergeOk(t, b, a);
    const sig = (list: typeof s1Before, id: string) => list.items.find((s) => s.organization.id === id)?.signatureId;
    const moved = result.moved.find((m) => m.statementId === s2);
    expect(result.clashes).toEqual(
      expect.arrayContaining([
        { statementId: s1, kept: sig(s1Before, a), dropped: sig(s1Before, b) },
        { statementId: s2, kept: moved?.to[0], dropped: sig(s2Before, a) },
      ]),
    );
    expect(await onList(t, s1)).toEqual([[a, null, '2022-01-01']]);
    expect(await onList(t, s2)).toEqual([[a, 7, '2022-01-01']]);
    await integrityValid(t);

    // Unmerged: both lists as they were (new signatures, at their dates), and Beta answers 200 again.
    const undone = await unmerge(t, b);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json<MergeResult>().merge).toMatchObject({ seq: 2, action: 'unmerge', prevHash: result.merge.hash });
    expect(undone.json<MergeResult>().survivor.mergedIds).toEqual([]);
    expect((await onList(t, s1)).sort()).toEqual(
      [
        [a, null, '2022-01-01'],
        [b, null, '2022-02-01'],
      ].sort(),
    );
    expect((await onList(t, s2)).sort()).toEqual(
      [
        [a, null, '2022-02-01'],
        [b, 7, '2022-01-01'],
      ].sort(),
    );
    expect((await t.app.inject({ method: 'GET', url: `/v1/organizations/${b}` })).statusCode).toBe(200);
    await integrityValid(t);
    // And it can be merged again.
    await mergeOk(t, b, a);
    await integrityValid(t);
  });

  it('refuses merges that cannot be, with problems naming the field', async () => {
    const t = await makeApp();
    const [a, b, c] = [await org(t, 'Alpha'), await org(t, 'Beta'), await org(t, 'Gamma')];
    const refused = async (res: Awaited<ReturnType<typeof merge>>, field: string) => {
      const problem = expectProblem(res, 409);
      expect(problem.type).toBe('urn:undersigned:problem:merge-refused');
      expect(problem.errors?.[0]?.field).toBe(field);
    };
    await refused(await merge(t, a, a), 'into');
    await refused(await merge(t, a, 'org_missing'), 'into');
    await mergeOk(t, b, a);
    await refused(await merge(t, b, c), 'id');
    await refused(await merge(t, c, b), 'into');
    await refused(await unmerge(t, c), 'id');
    expectProblem(await merge(t, 'org_missing', a), 404);
    const editor = await t.as('editor', {
      method: 'POST',
      url: `/v1/organizations/${c}/merge`,
      payload: { into: a, reason: 'x' },
    });
    expectProblem(editor, 403);
    expectProblem(await t.admin({ method: 'POST', url: `/v1/organizations/${c}/merge`, payload: { into: a } }), 400);
  });

  it('serves no stale organization or list after a merge', async () => {
    const t = await makeApp();
    const [a, b] = [await org(t, 'Alpha'), await org(t, 'Beta')];
    const list = () => t.app.inject({ method: 'GET', url: '/v1/organizations' });
    const first = await list();
    expect(first.json<{ items: Org[] }>().items).toHaveLength(2);
    const etag = String(first.headers.etag);
    const one = await t.app.inject({ method: 'GET', url: `/v1/organizations/${a}` });
    await mergeOk(t, b, a);
    const after = await t.app.inject({ method: 'GET', url: '/v1/organizations', headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json<{ items: Org[] }>().items.map((o) => o.id)).toEqual([a]);
    const again = await t.app.inject({
      method: 'GET',
      url: `/v1/organizations/${a}`,
      headers: { 'if-none-match': String(one.headers.etag) },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<Org>().mergedIds).toEqual([b]);
  });

  it('purges a shared cache of both organizations, the list and the statements whose lists changed', async () => {
    const cache = await purgeTarget();
    const t = await makeApp({ config: { cachePurgeUrls: [cache.url] } });
    const [a, b] = [await org(t, 'Alpha'), await org(t, 'Beta')];
    const id = await statement(t);
    await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: b }] });
    cache.purged.length = 0;
    await mergeOk(t, b, a);
    const keys = new Set(cache.purged.flat());
    for (const key of [
      `organization:${a}`,
      `organization:${b}`,
      `organization:${b}:pinned`,
      'organizations',
      `statement:${id}`,
      'signatures',
    ])
      expect(keys, key).toContain(key);
  });

  it('keeps the merge record append-only in the database, and verify finds an edited one', async () => {
    const t = await makeApp();
    const [a, b] = [await org(t, 'Alpha'), await org(t, 'Beta')];
    await mergeOk(t, b, a);
    await t.app.close();
    const raw = new Database(t.databasePath);
    expect(() => raw.exec(`update organization_merges set reason = 'x'`)).toThrow(/append-only/);
    expect(() => raw.exec('delete from organization_merges')).toThrow(/append-only/);
    raw.exec('drop trigger organization_merges_no_update');
    raw.exec(`update organization_merges set reason = 'edited'`);
    raw.close();
    const app = await reopen(t.databasePath);
    const report = (await app.inject({ method: 'GET', url: '/v1/integrity' })).json<{
      valid: boolean;
      missingGuards: string[];
      histories: { broken: { resource: string; id: string; detail: string }[] };
    }>();
    expect(report.valid).toBe(false);
    expect(report.missingGuards).toEqual(['organization_merges_no_update']);
    expect(report.histories.broken).toEqual([
      { resource: 'organization-merge', id: '1', revision: null, detail: expect.stringContaining('hash') },
    ]);
  });
});
