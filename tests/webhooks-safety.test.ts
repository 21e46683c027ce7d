// Webhooks must not become a way into the server's own network (SSRF): addresses are judged when
// a subscription is made (tests/webhooks.test.ts) and again, resolved, at every delivery, so a
// name that later resolves to a private address (DNS rebinding), or a server whose
// WEBHOOK_ALLOW_PRIVATE was turned off, sends nothing there.
import type { LookupAddress } from 'node:dns';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../src/app.js';
import { guardedLookup, refusedAddress } from '../src/modules/webhooks/safe-target.js';
import { ADMIN_KEY, makeApp } from './support/app.js';
import { keepToContract } from './support/contract.js';
import { statement } from './support/timeline.js';
import { readUntil, webhookReceiver } from './support/webhook-receiver.js';

const lookupOf = (hostname: string, all: boolean) =>
  new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((resolve) =>
    guardedLookup(hostname, { all }, (error, address) => resolve({ error, address })),
  );

describe('safe webhook targets', () => {
  it('only public unicast addresses are targets', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(refusedAddress(address), address).toBeNull();
    const refused: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.5.4', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['fe80::1', 'linkLocal'],
      ['fd00::1', 'uniqueLocal'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['::ffff:127.0.0.1', 'loopback'],
    ];
    for (const [address, range] of refused) expect(refusedAddress(address), address).toMatch(range);
  });

  it('refuses a name at connection time when it resolves to a refused address', async () => {
    for (const all of [false, true]) {
      const { error } = await lookupOf('localhost', all);
      expect(error?.code).toBe('EUNSAFETARGET');
      expect(error?.message).toMatch(/refused: localhost resolves to .* loopback/);
    }
  });

  it('judges the target again at delivery: no request reaches a private address once that is no longer allowed', async () => {
    const receiver = await webhookReceiver();
    const t = await makeApp({ config: { webhookAllowPrivate: true } });
    const id = await statement(t);
    const created = await t.admin({ method: 'POST', url: '/v1/webhooks', payload: { url: receiver.url, events: ['signatory-event.recorded'] } });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json<{ id: string }>().id;
    await t.app.close();

    // The same database, now without WEBHOOK_ALLOW_PRIVATE.
    const strict = await buildApp({ databasePath: t.databasePath, logLevel: 'silent', seedSample: false, adminKey: ADMIN_KEY, webhookPollMs: 20 });
    keepToContract(strict);
    onTestFinished(() => strict.close());
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    const event = await strict.inject({ method: 'POST', url: `/v1/statements/${id}/snapshots`, headers: admin, payload: { asOf: '2022-01-21', add: [{ organization: { name: 'Alpha' } }] } });
    expect(event.statusCode, event.body).toBe(201);
    const log = await readUntil(
      async () => (await strict.inject({ method: 'GET', url: `/v1/webhooks/${sub}/deliveries`, headers: admin })).json<{ items: { statusCode: number | null; error: string | null }[] }>().items,
      (items) => items.length > 0,
      'the refused attempt',
    );
    expect(log[0]).toMatchObject({ statusCode: null });
    expect(log[0]?.error).toMatch(/refused: the URL must not point into a private network: 127\.0\.0\.1 is a loopback address/);
    expect(receiver.requests).toEqual([]);
  });
});
