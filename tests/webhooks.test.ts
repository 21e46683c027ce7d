// Webhooks: admins subscribe a URL, each matching event is POSTed to it signed per Standard
// Webhooks (the receiver checks each signature with the standardwebhooks verifier), failures are
// retried with backoff and logged, and a subscription failing for 3 days is disabled. The clock
// is injected: no test waits for a retry in real time. Subscriptions themselves:
// webhook-subscriptions.test.ts.
import { describe, expect, it } from 'vitest';
import { appendOk, statement } from './support/timeline.js';
import { readUntil, waitFor, webhookReceiver } from './support/webhook-receiver.js';
import {
  deliveries,
  kazakhstan,
  subscribe,
  testClock,
  webhookApp as app,
  type Subscription,
} from './support/webhooks.js';

describe('webhook deliveries', () => {
  it('signs each delivery; the receiver verifies it; the body is the event', async () => {
    const t = await app();
    const receiver = await webhookReceiver();
    const id = await statement(t);
    const sub = await subscribe(t, receiver, {
      events: ['signatory-event.recorded', 'statement.updated'],
      statementId: id,
    });
    const other = await statement(t);
    const event = await appendOk(t, id, kazakhstan);
    await appendOk(t, other, kazakhstan); // another statement: not for this subscription
    const patched = await t.admin({
      method: 'PATCH',
      url: `/v1/statements/${id}`,
      headers: { 'if-match': '"r1"' },
      payload: { title: 'Renamed' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await waitFor(() => receiver.accepted().length === 2, 'two deliveries');

    expect(receiver.requests.map((r) => r.refusal)).toEqual([null, null]);
    const [recorded, updated] = receiver.requests.map((r) => r.verified);
    const { redundantLater: _, ...recordedEvent } = event;
    expect(recorded).toEqual({ type: 'signatory-event.recorded', timestamp: event.recordedAt, data: recordedEvent });
    expect(updated).toMatchObject({
      type: 'statement.updated',
      data: { statementId: id, revision: 2, action: 'update', state: { title: 'Renamed' } },
    });
    expect(new Set(receiver.requests.map((r) => r.id)).size).toBe(2);
    expect(Math.abs(Number(receiver.requests[0]?.timestamp) - Date.now() / 1000)).toBeLessThan(60);

    // A forged or altered delivery does not verify.
    const first = receiver.requests[0];
    if (!first) throw new Error('no delivery');
    const forged = await fetch(receiver.url, {
      method: 'POST',
      body: first.body.replace('"total":2', '"total":3'),
      headers: { 'webhook-id': first.id, 'webhook-timestamp': first.timestamp, 'webhook-signature': first.signature },
    });
    expect(forged.status).toBe(204);
    expect(receiver.requests.at(-1)?.refusal).toMatch(/signature/i);

    const log = await readUntil(
      () => deliveries(t, sub.id),
      (items) => items.length === 2,
      'two logged attempts',
    );
    expect(log.map((d) => [d.eventType, d.attempt, d.statusCode, d.error])).toEqual([
      ['statement.updated', 1, 204, null],
      ['signatory-event.recorded', 1, 204, null],
    ]);
  });

  it('retries after a 500 with the same webhook-id, and logs each status', async () => {
    const clock = testClock();
    const t = await app({ clock: clock.now });
    const receiver = await webhookReceiver();
    receiver.mode = 500;
    const sub = await subscribe(t, receiver);
    await appendOk(t, await statement(t), kazakhstan);
    await waitFor(() => receiver.requests.length === 1, 'the first attempt');
    receiver.mode = 200;
    clock.advance(4_000); // the first retry is due after 5 s: not yet
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.requests).toHaveLength(1);
    clock.advance(1_500);
    await waitFor(() => receiver.accepted().length === 1, 'the retry');
    expect(receiver.requests.map((r) => r.id)).toEqual([receiver.requests[0]?.id, receiver.requests[0]?.id]);
    expect(receiver.requests[1]?.body).toBe(receiver.requests[0]?.body);
    expect(receiver.requests.map((r) => r.refusal)).toEqual([null, null]);
    const log = await readUntil(
      () => deliveries(t, sub.id),
      (items) => items.length === 2,
      'two logged attempts',
    );
    expect(log.map((d) => [d.attempt, d.statusCode])).toEqual([
      [2, 200],
      [1, 500],
    ]);
    expect(log[1]?.error).toMatch(/answered 500/);
    expect((await t.admin({ method: 'GET', url: `/v1/webhooks/${sub.id}` })).json()).toMatchObject({
      status: 'active',
      failingSince: null,
    });
  });

  it('resuming a paused subscription sends what waited at once', async () => {
    const clock = testClock();
    const t = await app({ clock: clock.now });
    const receiver = await webhookReceiver();
    receiver.mode = 500;
    const sub = await subscribe(t, receiver);
    await appendOk(t, await statement(t), kazakhstan);
    await waitFor(() => receiver.requests.length === 1, 'the first attempt');
    clock.advance(-3600_000); // its retry on schedule is now an hour away
    const status = (value: string) =>
      t.admin({ method: 'PUT', url: `/v1/webhooks/${sub.id}/status`, payload: { status: value } });
    expect((await status('disabled')).statusCode).toBe(200);
    receiver.mode = 200;
    expect((await status('active')).statusCode).toBe(200);
    await waitFor(() => receiver.accepted().length === 1, 'the resumed delivery');
    expect(new Set(receiver.requests.map((r) => r.id)).size).toBe(1);
  });

  it('a receiver that fails for 3 days disables the subscription, which says so', async () => {
    const clock = testClock();
    const t = await app({ clock: clock.now });
    const receiver = await webhookReceiver();
    receiver.mode = 503;
    const sub = await subscribe(t, receiver);
    const id = await statement(t);
    await appendOk(t, id, kazakhstan);
    await waitFor(() => receiver.requests.length === 1, 'the first attempt');
    const started = clock.now().getTime();
    // Each step moves past the longest wait (10 h): one more attempt, until 3 days have passed.
    for (let step = 1; clock.now().getTime() - started < 3 * 24 * 3600_000; step++) {
      clock.advance(11 * 3600_000);
      await waitFor(() => receiver.requests.length === step + 1, `attempt ${step + 1}`);
    }
    const read = async () => (await t.admin({ method: 'GET', url: `/v1/webhooks/${sub.id}` })).json<Subscription>();
    const disabled = await readUntil(read, (s) => s.status === 'disabled', 'the subscription disabled');
    expect(disabled.disabledReason).toMatch(/failed for 3 days .*answered 503/);

    // Disabled: nothing more is tried, and new events queue nothing for it.
    const attempts = receiver.requests.length;
    clock.advance(11 * 3600_000);
    await appendOk(t, id, { asOf: '2022-01-22', add: [{ organization: { name: 'Gamma' } }] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toHaveLength(attempts);
    const log = await deliveries(t, sub.id);
    expect(log).toHaveLength(attempts);
    expect(new Set(log.map((d) => d.statusCode))).toEqual(new Set([503]));
    expect(log.map((d) => d.attempt)).toEqual(Array.from({ length: attempts }, (_, i) => attempts - i));

    // Resumed once the receiver works: new events go out again (the message given up on stays so).
    receiver.mode = 204;
    const resumed = await t.admin({
      method: 'PUT',
      url: `/v1/webhooks/${sub.id}/status`,
      payload: { status: 'active' },
    });
    expect(resumed.json()).toMatchObject({ status: 'active', disabledReason: null, failingSince: null });
    await appendOk(t, id, { asOf: '2022-01-23', add: [{ organization: { name: 'Delta' } }] });
    await waitFor(() => receiver.accepted().length === 1, 'the next event delivered');
    expect(receiver.requests.slice(attempts).map((r) => JSON.parse(r.body).data.seq)).toEqual([3]);
  });

  it('a slow receiver times out, counted as a failure', async () => {
    const t = await app({ webhookTimeoutMs: 200 });
    const receiver = await webhookReceiver();
    receiver.mode = 'hold';
    const sub = await subscribe(t, receiver);
    await appendOk(t, await statement(t), kazakhstan);
    await waitFor(() => receiver.requests.length === 1, 'the attempt');
    const log = await readUntil(
      () => deliveries(t, sub.id),
      (items) => items.length === 1,
      'the logged attempt',
    );
    expect(log[0]).toMatchObject({ statusCode: null, error: 'timed out after 200 ms' });
    expect(log[0]?.durationMs).toBeGreaterThanOrEqual(150);
    expect(log[0]?.durationMs).toBeLessThan(2000);
  });
});
