// Events of more than OFF_THREAD_ITEMS items are written on the import worker, so that an event of
// thousands of new organizations does not hold the event loop for seconds. To a client nothing
// differs: the same 201 and body (checked against the contract), the same refusals naming the
// field, the same Idempotency-Key replay, and the list and chain as an inline event leaves them.
import { describe, expect, it } from 'vitest';
import { OFF_THREAD_ITEMS } from '../src/modules/timeline/append-job.js';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { append, listAt, statement, type Event } from './support/timeline.js';

const organizations = (n: number, tag: string) =>
  Array.from({ length: n }, (_, k) => ({
    organization: { name: `${tag} League number ${k}`, abbreviation: `${tag}${k}`, country: 'DE' },
  }));

const longEvent = (tag: string) => ({ asOf: '2022-01-21', add: organizations(OFF_THREAD_ITEMS + 20, tag) });

async function integrity(t: TestApp, id: string) {
  const res = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ valid: boolean; length: number }>();
}

describe('a long event', () => {
  it('is recorded as an inline one is: 201, its items, the list and a valid chain', async () => {
    const t = await makeApp();
    const id = await statement(t);
    const res = await append(t, id, longEvent('LE'));
    expect(res.statusCode, res.body).toBe(201);
    const event = res.json<Event>();
    expect(res.headers.location).toBe(`/v1/statements/${id}/events/${event.seq}`);
    expect(event.items).toHaveLength(OFF_THREAD_ITEMS + 20);
    // It was written on the import worker, which is still running (an inline write starts none).
    expect(t.app.workers.imports?.running).toBe(true);
    expect((await listAt(t, id)).total).toBe(OFF_THREAD_ITEMS + 20);
    // A short event after it, inline, continues the same chain.
    const short = await append(t, id, { asOf: '2022-01-22', add: organizations(1, 'SE') });
    expect(short.statusCode, short.body).toBe(201);
    expect(short.json<Event>().seq).toBe(event.seq + 1);
    expect(await integrity(t, id)).toMatchObject({ valid: true, length: 2 });
  });

  it('is refused as an inline one is, naming the field, with nothing written', async () => {
    const t = await makeApp();
    const id = await statement(t);
    // The same organization twice in one event: the first of the list again at its end.
    const res = await append(t, id, { asOf: '2022-01-21', add: [...longEvent('RF').add, ...organizations(1, 'RF')] });
    const problem = expectProblem(res, 400);
    expect(problem.errors).toContainEqual(
      expect.objectContaining({ field: `add.${OFF_THREAD_ITEMS + 20}.organization` }),
    );
    expect((await listAt(t, id)).total).toBe(0);
    const missing = await append(t, 'stm_doesnotexist00000', longEvent('NF'));
    expectProblem(missing, 404);
  });

  it('replays its first response under the same Idempotency-Key, and refuses the key for another body', async () => {
    const t = await makeApp();
    const id = await statement(t);
    const send = (payload: object) =>
      t.admin({
        method: 'POST',
        url: `/v1/statements/${id}/events`,
        headers: { 'idempotency-key': 'long-event-1' },
        payload,
      });
    const first = await send(longEvent('ID'));
    expect(first.statusCode, first.body).toBe(201);
    const again = await send(longEvent('ID'));
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expectProblem(await send(longEvent('OT')), 422);
    expect(await integrity(t, id)).toMatchObject({ valid: true, length: 1 });
  });
});
