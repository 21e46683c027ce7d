import { describe, expect, it } from 'vitest';
import { renameOrganization } from './support/organizations.js';
import { expectProblem, makeApp } from './support/app.js';
import { appendOk, listAt, names, org, statement, threeEvents, tick, type Signatory } from './support/timeline.js';

describe('reading the timeline', () => {
  it('answers who had signed as of any date', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const at = (q: string) => listAt(t, id, q);

    const before = await at('?asOf=2022-01-20');
    expect(before).toMatchObject({ knownSeq: 3, eventAsOf: null, total: 0, items: [], asOf: '2022-01-20' });
    expect(names(await at('?asOf=2022-01-21'))).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(names(await at('?asOf=2022-01-31'))).toEqual(['Alpha', 'Beta', 'Gamma']);
    const feb = await at('?asOf=2022-02-01');
    expect(feb).toMatchObject({ knownSeq: 3, eventAsOf: '2022-02-01', total: 5 });
    expect(feb.items.map((s) => [s.position, s.organization.name, s.addedAsOf])).toEqual([
      [1, 'Alpha', '2022-01-21'],
      [2, 'Beta', '2022-01-21'],
      [3, 'Gamma', '2022-01-21'],
      [4, 'Delta', '2022-02-01'],
      [5, 'Epsilon', '2022-02-01'],
    ]);
    expect([feb.items[3]?.printedAs, feb.items[3]?.printedNumber]).toEqual(['4. D Delta', 4]);
    const latest = await at('');
    expect(latest).toMatchObject({ asOf: null, knownSeq: 3, eventAsOf: '2022-03-01', total: 4 });
    // Withdrawn signatories keep their positions; the others do not move up.
    expect(latest.items.map((s) => [s.position, s.organization.name])).toEqual([
      [1, 'Alpha'],
      [3, 'Gamma'],
      [4, 'Delta'],
      [5, 'Epsilon'],
    ]);
  });

  it('answers what the database knew at a moment (knownAt)', async () => {
    const t = await makeApp();
    const { id, e1, e2 } = await threeEvents(t);
    const at = (q: string) => listAt(t, id, q);

    const beforeAnything = await at(
      `?knownAt=${encodeURIComponent(new Date(Date.parse(e1.recordedAt) - 1).toISOString())}`,
    );
    expect(beforeAnything).toMatchObject({ knownSeq: null, eventAsOf: null, total: 0 });
    const afterFirst = await at(`?knownAt=${encodeURIComponent(e1.recordedAt)}&asOf=2022-12-31`);
    expect(afterFirst.knownSeq).toBe(e2.recordedAt === e1.recordedAt ? 2 : 1);
    // Offsets are accepted and normalised to UTC.
    const offset = await at(`?knownAt=${encodeURIComponent('2100-01-01T01:00:00+01:00')}`);
    expect(offset.knownAt).toBe('2100-01-01T00:00:00.000Z');
    expect(offset.knownSeq).toBe(3);
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories?knownAt=yesterday` }),
      400,
    );
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories?asOf=21.01.2022` }), 400);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/statements/stm_missing/signatories' }), 404);
  });

  it('knownAt separates a late-recorded list from what was known before it', async () => {
    const t = await makeApp();
    const a = await org(t, 'Alpha');
    const b = await org(t, 'Beta');
    const id = await statement(t);
    const e1 = await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: a }] });
    const between = await tick();
    await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: b }] });
    const known = async (k: string) => names(await listAt(t, id, `?asOf=2022-01-21&knownAt=${encodeURIComponent(k)}`));
    expect(await known(e1.recordedAt)).toEqual(['Alpha']);
    expect(await known(between)).toEqual(['Alpha']);
    expect(await known(new Date().toISOString())).toEqual(['Alpha', 'Beta']);
  });

  it('diffs two dates', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const diff = async (q: string) =>
      t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories/diff?${q}` });
    const jan_mar = (await diff('from=2022-01-21&to=2022-03-01')).json<{
      added: Signatory[];
      withdrawn: Signatory[];
      knownSeq: number;
    }>();
    expect(names(jan_mar.added)).toEqual(['Delta', 'Epsilon']);
    expect(names(jan_mar.withdrawn)).toEqual(['Beta']);
    expect(jan_mar.knownSeq).toBe(3);
    const none = (await diff('from=2022-02-01&to=2022-02-20')).json<{ added: Signatory[]; withdrawn: Signatory[] }>();
    expect([none.added, none.withdrawn]).toEqual([[], []]);
    const fromNothing = (await diff('from=2021-01-01&to=2022-01-21')).json<{ added: Signatory[] }>();
    expect(fromNothing.added.map((s) => s.organization.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expectProblem(await diff('from=2022-03-01&to=2022-01-01'), 400);
    expectProblem(await diff('from=2022-03-01'), 400);
  });

  it('lists what an organization had signed on a date', async () => {
    const t = await makeApp();
    const { id, b, d } = await threeEvents(t);
    const second = await statement(t, { title: 'Second statement', publishedOn: '2022-02-10' });
    await appendOk(t, second, { asOf: '2022-02-10', add: [{ organizationId: b }] });
    const signed = async (orgId: string, q: string) =>
      (await t.app.inject({ method: 'GET', url: `/v1/organizations/${orgId}/signatures${q}` })).json<{
        items: { statement: { id: string }; position: number; addedAsOf: string }[];
      }>();

    expect((await signed(b, '?asOf=2022-01-25')).items.map((i) => i.statement.id)).toEqual([id]);
    expect((await signed(b, '?asOf=2022-02-15')).items.map((i) => [i.statement.id, i.position])).toEqual([
      [id, 2],
      [second, 1],
    ]);
    expect((await signed(b, '')).items.map((i) => i.statement.id)).toEqual([second]); // withdrew from the first in March
    expect((await signed(d, '?asOf=2022-01-25')).items).toEqual([]);
    expect((await signed(d, '?asOf=2022-02-01')).items).toEqual([
      expect.objectContaining({ addedAsOf: '2022-02-01', position: 4 }),
    ]);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/organizations/org_missing/signatures' }), 404);
  });

  it('with knownAt, shows organizations as the database knew them then, so the answer never changes', async () => {
    const t = await makeApp();
    const { id, a } = await threeEvents(t);
    const before = await tick();
    await renameOrganization(t, a, 'Alpha Renamed');
    expect(names(await listAt(t, id, `?knownAt=${encodeURIComponent(before)}`))[0]).toBe('Alpha');
    expect(names(await listAt(t, id, ''))[0]).toBe('Alpha Renamed');
    const event = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events/1` })).json<{
      signatories: { organization: { name: string } }[];
    }>();
    expect(event.signatories[0]?.organization.name).toBe('Alpha');
  });
});
