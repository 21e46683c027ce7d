// Webhooks must not become a way into the server's own network (SSRF): addresses are judged when
// a subscription is made (tests/webhooks.test.ts) and again, resolved, at every delivery, so a
// name that later resolves to a private address (DNS rebinding), or a server whose
// WEBHOOK_ALLOW_PRIVATE was turned off, sends nothing there.
import type { LookupAddress } from 'node:dns';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../src/app.js';
import { guardedLookup, refusedAddress } from '../src/lib/safe-target.js';
import { ADMIN_KEY, expectProblem, makeApp, type TestApp } from './support/app.js';
import { keepToContract } from './support/contract.js';
import { statement } from './support/timeline.js';
import { readUntil, webhookReceiver } from './support/webhook-receiver.js';

const lookupOf = (hostname: string, all: boolean) =>
  new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((resolve) =>
    guardedLookup(hostname, { all }, (error, address) => resolve({ error, address })),
  );

describe('safe webhook targets', () => {
  it('only public unicast addresses are targets', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect(refusedAddress(address), address).toBeNull();
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

  it('judges an IPv6 address that embeds an IPv4 one by the IPv4 address it reaches', () => {
    const refused: [string, string][] = [
      ['::7f00:1', 'IPv4-compatible) reaches 127.0.0.1, a loopback'],
      ['::ffff:a00:1', 'IPv4-mapped) reaches 10.0.0.1, a private'],
      ['::ffff:0:7f00:1', 'IPv4-translated) reaches 127.0.0.1'],
      ['64:ff9b::a9fe:a9fe', 'NAT64) reaches 169.254.169.254, a linkLocal'],
      ['2002:c0a8:101::1', '6to4) reaches 192.168.1.1, a private'],
      ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo) reaches 127.0.0.1'],
      ['64:ff9b:1::808:808', 'local-use'],
    ];
    for (const [address, why] of refused) expect(refusedAddress(address), address).toContain(why);
    // The same forms around a public IPv4 address reach a public host, as the IPv4 address would.
    for (const address of ['64:ff9b::808:808', '2002:808:808::1', '::ffff:808:808'])
      expect(refusedAddress(address), address).toBeNull();
  });

  it('refuses such targets when subscribing, and only allows them with WEBHOOK_ALLOW_PRIVATE', async () => {
    const t = await makeApp();
    const subscribe = (app: TestApp, url: string) =>
      app.admin({ method: 'POST', url: '/v1/webhooks', payload: { url, events: ['statement.updated'] } });
    for (const host of [
      '[::7f00:1]',
      '[::127.0.0.1]',
      '[::ffff:127.0.0.1]',
      '[64:ff9b::7f00:1]',
      '[2002:7f00:1::1]',
      '[2001:0:4136:e378:8000:63bf:80ff:fffe]',
    ]) {
      const problem = expectProblem(await subscribe(t, `http://${host}/hook`), 400);
      expect(problem.errors, host).toEqual([
        expect.objectContaining({ in: 'body', field: 'url', detail: expect.stringMatching(/loopback/) }),
      ]);
    }
    expect((await subscribe(t, 'http://[64:ff9b::808:808]/hook')).statusCode).toBe(201);
    const open = await makeApp({ config: { webhookAllowPrivate: true } });
    expect((await subscribe(open, 'http://[::7f00:1]/hook')).statusCode).toBe(201);
  });

  it('refuses a name at connection time when it resolves to a refused address', async () => {
    for (const all of [false, true]) {
      const { error } = await lookupOf('localhost', all);
      expect(error?.code).toBe('EUNSAFETARGET');
      expect(error?.message).toMatch(/refused: localhost resolves to .* loopback/);
    }
  });

  it.each([
    ['127.0.0.1', (url: string) => url, /127\.0\.0\.1 is a loopback address/],
    [
      '::7f00:1 (IPv4-compatible)',
      (url: string) => url.replace('127.0.0.1', '[::7f00:1]'),
      /::7f00:1 \(IPv4-compatible\) reaches 127\.0\.0\.1, a loopback address/,
    ],
  ])(
    'judges the target again at delivery: no request goes to %s once that is no longer allowed',
    async (_name, target, refusal) => {
      const receiver = await webhookReceiver();
      const t = await makeApp({ config: { webhookAllowPrivate: true } });
      const id = await statement(t);
      const created = await t.admin({
        method: 'POST',
        url: '/v1/webhooks',
        payload: { url: target(receiver.url), events: ['signatory-event.recorded'] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const sub = created.json<{ id: string }>().id;
      await t.app.close();

      // The same database, now without WEBHOOK_ALLOW_PRIVATE.
      const strict = await buildApp({
        databasePath: t.databasePath,
        logLevel: 'silent',
        seedSample: false,
        adminKey: ADMIN_KEY,
        webhookPollMs: 20,
      });
      keepToContract(strict);
      onTestFinished(() => strict.close());
      const admin = { authorization: `Bearer ${ADMIN_KEY}` };
      const event = await strict.inject({
        method: 'POST',
        url: `/v1/statements/${id}/events`,
        headers: admin,
        payload: { asOf: '2022-01-21', add: [{ organization: { name: 'Alpha' } }] },
      });
      expect(event.statusCode, event.body).toBe(201);
      const log = await readUntil(
        async () =>
          (await strict.inject({ method: 'GET', url: `/v1/webhooks/${sub}/deliveries`, headers: admin })).json<{
            items: { statusCode: number | null; error: string | null }[];
          }>().items,
        (items) => items.length > 0,
        'the refused attempt',
      );
      expect(log[0]).toMatchObject({ statusCode: null });
      expect(log[0]?.error).toMatch(/refused: the URL must not point into a private network: /);
      expect(log[0]?.error).toMatch(refusal);
      expect(receiver.requests).toEqual([]);
    },
  );
});
