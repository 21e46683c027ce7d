// Retractions: an organization that never signed, taken off every list known after it is found out.
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { append, appendOk, known, listAt, names, org, threeEvents, tick } from './support/timeline.js';

describe('retractions: it never signed', () => {
  it('removes a signature from every list known after it, for every date; earlier knowledge still shows it', async () => {
    const t = await makeApp();
    const { id, b, d, e1 } = await threeEvents(t);
    const before = await tick();
    const retraction = await appendOk(t, id, {
      asOf: '2022-03-10',
      retract: [{ organizationId: d, reason: 'the list printed Delta by mistake' }],
    });
    expect(retraction.items).toEqual([
      expect.objectContaining({
        kind: 'retract',
        organizationId: d,
        position: 4,
        reason: 'the list printed Delta by mistake',
      }),
    ]);
    // Its own entries are struck, not made redundant.
    expect(retraction.redundantLater).toEqual([]);
    for (const asOf of ['2022-02-01', '2022-02-15', '2022-03-10'])
      expect(names(await listAt(t, id, `?asOf=${asOf}`))).not.toContain('Delta');
    expect(names(await listAt(t, id, `?asOf=2022-02-15&${known(before)}`))).toContain('Delta');
    expect(retraction.total).toBe(3);

    const delta = (
      await t.app.inject({ method: 'GET', url: `/v1/signatures?statementId=${id}&status=retracted` })
    ).json<{ items: { organizationId: string; retraction: { reason: string; seq: number } }[] }>().items;
    expect(delta).toEqual([
      expect.objectContaining({
        organizationId: d,
        retraction: expect.objectContaining({ seq: 4, reason: 'the list printed Delta by mistake' }),
      }),
    ]);

    // A withdrawn signature can be retracted too: then it never was on any list.
    const beta = e1.items.find((i) => i.organizationId === b)?.signatureId;
    await appendOk(t, id, { asOf: '2022-03-10', retract: [{ signatureId: beta, reason: 'never signed' }] });
    expect(names(await listAt(t, id, '?asOf=2022-02-01'))).toEqual(['Alpha', 'Gamma', 'Epsilon']);

    const again = expectProblem(
      await append(t, id, { asOf: '2022-03-11', retract: [{ organizationId: d, reason: 'twice' }] }),
      409,
    );
    expect(again.errors?.[0]?.field).toBe('retract.0');
    const stranger = await org(t, 'Never on it');
    expectProblem(
      await append(t, id, { asOf: '2022-03-11', retract: [{ organizationId: stranger, reason: 'x' }] }),
      409,
    );
    expectProblem(await append(t, id, { asOf: '2022-03-11', retract: [{ organizationId: d }] }), 400); // a reason is required
    expect((await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` })).json()).toMatchObject({
      valid: true,
      length: 5,
    });
  });
});
