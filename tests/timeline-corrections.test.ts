// The bitemporal timeline: lists found late, corrections for past dates (retractions: timeline-retractions.test.ts). Every
// answer is read twice where it matters: as known before the correction, and after.
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { edition, importText, sampleEntries, type ImportResult } from './support/imports.js';
import {
  added,
  append,
  appendOk,
  known,
  listAt,
  names,
  statement,
  threeEvents,
  tick,
  type Event,
} from './support/timeline.js';

describe('corrections: events for earlier dates, recorded now', () => {
  it('a backdated late signatory changes answers only from the moment it was recorded', async () => {
    const t = await makeApp();
    const { id, e3 } = await threeEvents(t);
    const before = await tick();
    const late = await appendOk(t, id, {
      asOf: '2022-01-25',
      add: [{ organization: { name: 'Zeta Kollektiv', country: 'AT' } }],
      source: 'letter of March 2022',
    });
    expect(late).toMatchObject({ seq: 4, asOf: '2022-01-25', total: 4, redundantLater: [] });
    // The next free position; nobody else moves.
    expect(added(late)[0]?.position).toBe(6);

    expect(names(await listAt(t, id, '?asOf=2022-01-25'))).toEqual(['Alpha', 'Beta', 'Gamma', 'Zeta Kollektiv']);
    expect(names(await listAt(t, id, `?asOf=2022-01-25&${known(before)}`))).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(names(await listAt(t, id, '?asOf=2022-01-24'))).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect((await listAt(t, id, '')).items.map((s) => [s.position, s.organization.name])).toEqual([
      [1, 'Alpha'],
      [3, 'Gamma'],
      [4, 'Delta'],
      [5, 'Epsilon'],
      [6, 'Zeta Kollektiv'],
    ]);
    expect((await listAt(t, id, `?${known(e3.recordedAt)}`)).total).toBe(4);

    const diff = (
      await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories/diff?from=2022-01-21&to=2022-01-31` })
    ).json<{ added: { organization: { name: string } }[] }>();
    expect(diff.added.map((s) => s.organization.name)).toEqual(['Zeta Kollektiv']);
    const oldDiff = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/statements/${id}/signatories/diff?from=2022-01-21&to=2022-01-31&${known(before)}`,
      })
    ).json<{ added: unknown[] }>();
    expect(oldDiff.added).toEqual([]);
    const zeta = added(late)[0]?.organizationId ?? '';
    const signed = async (q: string) =>
      (await t.app.inject({ method: 'GET', url: `/v1/organizations/${zeta}/signatures?${q}` })).json<{
        items: { addedAsOf: string }[];
      }>().items;
    expect(await signed('asOf=2022-01-26')).toEqual([expect.objectContaining({ addedAsOf: '2022-01-25' })]);
    expect(await signed(`asOf=2022-01-26&${known(before)}`)).toEqual([]);
  });

  it('an earlier addition of a later signatory keeps its signature and position, and names the now-redundant entry', async () => {
    const t = await makeApp();
    const { id, d, e2 } = await threeEvents(t);
    const corrected = await appendOk(t, id, {
      asOf: '2022-01-25',
      add: [{ organizationId: d, printedAs: 'D Delta (by letter)' }],
    });
    const delta = added(e2)[0];
    expect(added(corrected)).toEqual([expect.objectContaining({ signatureId: delta?.signatureId, position: 4 })]);
    expect(corrected.redundantLater).toEqual([
      { seq: 2, kind: 'add', organizationId: d, signatureId: delta?.signatureId },
    ]);
    expect(
      (await listAt(t, id, '?asOf=2022-01-26')).items.map((s) => [s.position, s.organization.name, s.addedAsOf]),
    ).toEqual([
      [1, 'Alpha', '2022-01-21'],
      [2, 'Beta', '2022-01-21'],
      [3, 'Gamma', '2022-01-21'],
      [4, 'Delta', '2022-01-25'],
    ]);
    const signature = (await t.app.inject({ method: 'GET', url: `/v1/signatures/${delta?.signatureId}` })).json();
    expect(signature).toMatchObject({ addedAsOf: '2022-01-25', status: 'active', revision: 2 });
    expect((await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` })).json()).toMatchObject({
      valid: true,
      length: 4,
    });
  });

  it('a backdated event is refused only when it contradicts the list at its own date, as known now', async () => {
    const t = await makeApp();
    const { id, a, b, c } = await threeEvents(t);
    // Beta is on the list on 15 February (it withdrew on 1 March): a second addition contradicts it.
    const twice = expectProblem(await append(t, id, { asOf: '2022-02-15', add: [{ organizationId: b }] }), 409);
    expect(twice.errors).toEqual([
      {
        in: 'body',
        field: 'add.0.organizationId',
        detail: expect.stringContaining('already on the list as of 2022-02-15'),
      },
    ]);
    expect(twice).toMatchObject({ asOf: '2022-02-15' });
    // Alpha was not on the list on 1 January: withdrawing it then contradicts it.
    expectProblem(await append(t, id, { asOf: '2022-01-01', withdraw: [{ organizationId: a }] }), 409);
    // Withdrawing Gamma as of 10 February is fine, although later events exist.
    const out = await appendOk(t, id, {
      asOf: '2022-02-10',
      withdraw: [{ organizationId: c, reason: 'asked to be removed' }],
    });
    expect(out.total).toBe(4);
    expect(names(await listAt(t, id, '?asOf=2022-02-09'))).toContain('Gamma');
    expect(names(await listAt(t, id, '?asOf=2022-02-10'))).not.toContain('Gamma');
  });

  it('withdraws by signatureId or by printed position, and withdraws a deleted organization still on a list', async () => {
    const t = await makeApp();
    const { id, a, c, e1 } = await threeEvents(t);
    const gamma = e1.items.find((i) => i.organizationId === c);
    const bySignature = await appendOk(t, id, {
      asOf: '2022-03-05',
      withdraw: [{ signatureId: gamma?.signatureId, reason: 'dissolved' }],
    });
    expect(bySignature.items).toEqual([
      expect.objectContaining({ kind: 'withdraw', organizationId: c, position: 3, reason: 'dissolved' }),
    ]);
    expect((await t.admin({ method: 'DELETE', url: `/v1/organizations/${a}` })).statusCode).toBe(204);
    const byPosition = await appendOk(t, id, {
      asOf: '2022-03-06',
      withdraw: [{ position: 1, reason: 'the organization dissolved' }],
    });
    expect(byPosition.items).toEqual([expect.objectContaining({ kind: 'withdraw', organizationId: a, position: 1 })]);
    expect(names(await listAt(t, id, ''))).toEqual(['Delta', 'Epsilon']);
    const sig = (await t.app.inject({ method: 'GET', url: `/v1/signatures/${gamma?.signatureId}` })).json();
    expect(sig).toMatchObject({
      status: 'withdrawn',
      withdrawnAsOf: '2022-03-05',
      withdrawal: { seq: 4, asOf: '2022-03-05', reason: 'dissolved', recordedBy: 'admin (UNDERSIGNED_ADMIN_KEY)' },
    });
    const unknown = expectProblem(
      await append(t, id, { asOf: '2022-03-07', withdraw: [{ position: 99 }, { signatureId: 'sig_nope' }] }),
      400,
    );
    expect(unknown.errors?.map((e) => e.field)).toEqual(['withdraw.0.position', 'withdraw.1.signatureId']);
    expectProblem(await append(t, id, { asOf: '2022-03-07', withdraw: [{ position: 1, organizationId: a }] }), 400);
  });
});

describe('backfilling archives through imports', () => {
  const jan = edition('21 January 2022', sampleEntries.slice(0, 25));
  const feb = edition('15 February 2022', sampleEntries);

  async function lists(t: Awaited<ReturnType<typeof makeApp>>, id: string) {
    const out: Record<string, string[]> = {};
    for (const d of ['2022-01-20', '2022-01-21', '2022-02-01', '2022-02-15', '2022-12-31']) {
      out[d] = (await listAt(t, id, `?asOf=${d}`)).items.map((s) => `${s.position} ${s.organization.name}`);
    }
    return out;
  }

  it('the February list, then the January list, answers as importing them in order does', async () => {
    const inOrder = await makeApp();
    const first = (await importText(inOrder, jan)).json<ImportResult>();
    expect((await importText(inOrder, feb)).statusCode).toBe(201);

    const reverse = await makeApp();
    const later = (await importText(reverse, feb)).json<ImportResult>();
    const dry = await importText(reverse, jan, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    const real = await importText(reverse, jan);
    expect(real.statusCode, real.body).toBe(201);
    const planned = dry.json<ImportResult>();
    const done = real.json<ImportResult>();
    // The dry run says exactly what the real run did.
    const comparable = (r: ImportResult) => ({
      ...r,
      dryRun: null,
      event: null,
      entries: r.entries.map((e) => [e.number, e.action, e.match.reason]),
    });
    expect(comparable(planned)).toEqual(comparable(done));
    expect(done).toMatchObject({ outcome: 'appended', backfill: true, total: 25 });
    expect(done.redundantLater).toHaveLength(25);
    expect(done.event?.items.filter((i) => i.kind === 'add')).toHaveLength(25);

    expect(await lists(reverse, later.statement.id ?? '')).toEqual(await lists(inOrder, first.statement.id ?? ''));
    expect((await listAt(reverse, later.statement.id ?? '', '?asOf=2022-01-21')).total).toBe(25);
    // What the database said before the backfill stays answerable.
    const beforeBackfill = later.event
      ? (
          await reverse.app.inject({ method: 'GET', url: `/v1/statements/${later.statement.id}/events/1` })
        ).json<Event>().recordedAt
      : '';
    expect((await listAt(reverse, later.statement.id ?? '', `?asOf=2022-01-21&${known(beforeBackfill)}`)).total).toBe(
      0,
    );
  });

  it('shows each stretch on the list as the list that began it printed it', async () => {
    const t = await makeApp();
    const later = (await importText(t, feb)).json<ImportResult>();
    const renumbered = sampleEntries.slice(1, 3).map((line, i) => line.replace(/^\d+\./, `${i + 1}.`));
    expect((await importText(t, edition('21 January 2022', renumbered))).statusCode).toBe(201);
    const january = await listAt(t, later.statement.id ?? '', '?asOf=2022-01-21');
    expect(january.items.map((s) => [s.position, s.printedNumber, s.printedAs?.slice(0, 16)])).toEqual([
      [2, 1, '1. UPC-Manidem U'],
      [3, 2, '2. MMLPL Morocca'],
    ]);
    const text = await t.app.inject({
      method: 'GET',
      url: `/v1/statements/${later.statement.id}/signatories.txt?asOf=2022-01-21`,
    });
    expect(text.body).toContain('\n1. UPC-Manidem');
    expect(text.body).toContain('\n2. MMLPL');
  });

  it('warns when a backfilled entry is missing from the list recorded first, or was retracted', async () => {
    const t = await makeApp();
    await importText(t, edition('15 February 2022', sampleEntries.slice(1)));
    const res = (
      await importText(t, edition('21 January 2022', sampleEntries.slice(0, 3)), '?dryRun=true')
    ).json<ImportResult>();
    expect(res.warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('is not on the list as of 2022-02-15') }),
    ]);
    const id = res.statement.id ?? '';
    expect(
      (await append(t, id, { asOf: '2022-02-15', retract: [{ position: 2, reason: 'never signed' }] })).statusCode,
    ).toBe(201);
    const again = (
      await importText(t, edition('15 February 2022', sampleEntries), '?dryRun=true')
    ).json<ImportResult>();
    expect(again.warnings).toEqual([
      expect.objectContaining({
        line: expect.any(Number),
        message: 'entry 3 was retracted from this statement ("never signed"); it is added again as a new signature',
      }),
    ]);
  });
});

describe('dates and order', () => {
  it('concurrent appends with backdated dates stay serialized: seqs 1..50 and a valid chain', async () => {
    const t = await makeApp();
    const id = await statement(t);
    const dates = Array.from(
      { length: 50 },
      (_, i) => `2022-0${1 + (i % 9)}-${String(10 + ((i * 7) % 19)).padStart(2, '0')}`,
    );
    const results = await Promise.all(
      dates.map((asOf, i) => append(t, id, { asOf, add: [{ organization: { name: `Org ${i}` } }] })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(results.map((r) => r.json<Event>().seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect((await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` })).json()).toMatchObject({
      valid: true,
      length: 50,
    });
    expect((await listAt(t, id, '')).total).toBe(50);
    expect((await listAt(t, id, '?asOf=2022-01-31')).total).toBe(dates.filter((d) => d <= '2022-01-31').length);
  });
});
