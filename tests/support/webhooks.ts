// The webhook tests' shared pieces: a subscription made through the API, its delivery log, and an
// app whose webhook worker polls fast and may deliver to the loopback receiver.
import { expect } from 'vitest';
import type { AppConfig } from '../../src/config.js';
import { makeApp, type TestApp } from './app.js';
import type { Receiver } from './webhook-receiver.js';

export interface Subscription {
  id: string;
  url: string;
  events: string[];
  statementId: string | null;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  failingSince: string | null;
  secret?: string;
}
interface DeliveryLog {
  items: {
    messageId: string;
    eventType: string;
    attempt: number;
    attemptedAt: string;
    durationMs: number;
    statusCode: number | null;
    error: string | null;
  }[];
  nextCursor: string | null;
}

/** The webhook worker's clock: real time, moved forward by the test (messages are stamped in real time). */
export function testClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

export const webhookApp = (config: Partial<AppConfig> = {}) =>
  makeApp({ config: { webhookAllowPrivate: true, webhookPollMs: 20, ...config } });

export async function subscribe(t: TestApp, receiver: Receiver, payload: object = {}): Promise<Subscription> {
  const res = await t.admin({
    method: 'POST',
    url: '/v1/webhooks',
    payload: { url: receiver.url, events: ['signatory-event.recorded'], ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  const created = res.json<Subscription>();
  receiver.secret = created.secret ?? null;
  return created;
}

export const deliveries = async (t: TestApp, id: string) => {
  const res = await t.admin({ method: 'GET', url: `/v1/webhooks/${id}/deliveries` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<DeliveryLog>().items;
};

export const kazakhstan = {
  asOf: '2022-01-21',
  add: [{ organization: { name: 'Alpha', country: 'DE' } }, { organization: { name: 'Beta' } }],
};
