// Unmerging: a merge undone as further events and revisions (merging itself: merges.test.ts).
import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { integrityValid, mergeOk, onList, unmerge, type MergeResult } from './support/merges.js';
import type { Org } from './support/organizations.js';
import { appendOk, org, statement } from './support/timeline.js';

describe('unmerging organizations', () => {
  it("unmerges signatures as they stand now, leaving the survivor's later ones alone", async () => {
    const t = await makeApp();
    const [a, b] = [await org(t, 'Alpha'), await org(t, 'Beta')];
    const s1 = await statement(t);
    await appendOk(t, s1, { asOf: '2022-01-01', add: [{ organizationId: b }] });
    const moved = (await mergeOk(t, b, a)).moved[0]?.to[0];
    await appendOk(t, s1, { asOf: '2022-01-01', retract: [{ signatureId: moved, reason: 'printed by mistake' }] });
    await appendOk(t, s1, { asOf: '2022-05-01', add: [{ organizationId: a }] });
    const res = await unmerge(t, b);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<MergeResult>().events).toEqual([]);
    expect(await onList(t, s1)).toEqual([[a, null, '2022-05-01']]);
    await integrityValid(t);
  });

  it('gives back names and identifiers on unmerge', async () => {
    const t = await makeApp();
    const a = await org(t, 'Alpha', { identifiers: [{ scheme: 'wikidata', value: 'Q1' }] });
    const b = await org(t, 'Beta', { identifiers: [{ scheme: 'wikidata', value: 'Q2' }] });
    await mergeOk(t, b, a);
    const res = await unmerge(t, b);
    expect(res.json<MergeResult>().survivor).toMatchObject({
      aliases: [],
      identifiers: [{ scheme: 'wikidata', value: 'Q1' }],
      mergedIds: [],
    });
    const back = (await t.app.inject({ method: 'GET', url: `/v1/organizations/${b}` })).json<Org>();
    expect(back).toMatchObject({ identifiers: [{ scheme: 'wikidata', value: 'Q2' }], mergedIds: [] });
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/organizations?name=beta' }))
        .json<{ items: Org[] }>()
        .items.map((o) => o.id),
    ).toEqual([b]);
  });
});
