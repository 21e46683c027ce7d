import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { appendOk, org, statement } from './support/timeline.js';

interface Cosigners {
  signed: number;
  total: number;
  items: { organization: { id: string; name: string }; shared: number; signed: number; jaccard: number }[];
}

describe('cosigners and the limit', () => {
  it('any limit gives the first items of the full ranking, ties on statements shared broken by Jaccard, then id', async () => {
    const t = await makeApp();
    const [subject, x, y, z, w, v] = [
      await org(t, 'Subject'),
      await org(t, 'X'),
      await org(t, 'Y'),
      await org(t, 'Z'),
      await org(t, 'W'),
      await org(t, 'V'),
    ];
    const lists: string[][] = [
      [subject, x, y, z], // A
      [subject, x, w], // B
      [z, v], // C: Z is on more lists, so it ranks below Y and W among those sharing one
      [z, w, v], // D
    ];
    for (const members of lists) {
      const id = await statement(t, { title: `List ${members.length}-${members.join('')}` });
      await appendOk(t, id, { asOf: '2022-01-21', add: members.map((organizationId) => ({ organizationId })) });
    }
    const ask = async (limit: number) => {
      const res = await t.app.inject({ method: 'GET', url: `/v1/organizations/${subject}/cosigners?limit=${limit}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Cosigners>();
    };
    const full = await ask(1000);
    expect(full.signed).toBe(2);
    expect(full.total).toBe(4);
    expect(full.items.map((i) => [i.organization.name, i.shared, i.signed, i.jaccard])).toEqual([
      ['X', 2, 2, 1],
      ['Y', 1, 1, 0.5],
      ['W', 1, 2, 0.3333],
      ['Z', 1, 3, 0.25],
    ]);
    for (let limit = 1; limit <= 4; limit++) {
      const page = await ask(limit);
      expect(page.total).toBe(4);
      expect(page.items).toEqual(full.items.slice(0, limit));
    }
    const atLeastTwo = await t.app.inject({ method: 'GET', url: `/v1/organizations/${subject}/cosigners?minShared=2` });
    expect(atLeastTwo.json<Cosigners>()).toMatchObject({ total: 1, items: [{ organization: { id: x }, shared: 2 }] });
  });
});
