// Webhook subscriptions: made, read, changed and removed by admins (deliveries: webhooks.test.ts).
import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { webhookReceiver } from './support/webhook-receiver.js';
import { subscribe, webhookApp as app, type Subscription } from './support/webhooks.js';

describe('webhook subscriptions', () => {
  it('shows the secret once; reads never do; only admins manage them', async () => {
    const t = await app();
    const receiver = await webhookReceiver();
    const created = await subscribe(t, receiver);
    expect(created).toMatchObject({
      url: receiver.url,
      events: ['signatory-event.recorded'],
      statementId: null,
      status: 'active',
      disabledReason: null,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const one = await t.admin({ method: 'GET', url: `/v1/webhooks/${created.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).not.toHaveProperty('secret');
    const list = await t.admin({ method: 'GET', url: '/v1/webhooks' });
    expect(list.json<{ items: Subscription[] }>().items.map((s) => s.id)).toEqual([created.id]);
    expect(list.body).not.toContain(created.secret);

    expect((await t.app.inject({ method: 'GET', url: '/v1/webhooks' })).statusCode).toBe(401);
    expect(
      (
        await t.as('editor', {
          method: 'POST',
          url: '/v1/webhooks',
          payload: { url: receiver.url, events: ['statement.updated'] },
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.as('editor', { method: 'GET', url: `/v1/webhooks/${created.id}` })).statusCode).toBe(403);

    const paused = await t.admin({
      method: 'PUT',
      url: `/v1/webhooks/${created.id}/status`,
      payload: { status: 'disabled' },
    });
    expect(paused.json()).toMatchObject({
      status: 'disabled',
      disabledReason: 'disabled by admin (UNDERSIGNED_ADMIN_KEY)',
    });
    const resumed = await t.admin({
      method: 'PUT',
      url: `/v1/webhooks/${created.id}/status`,
      payload: { status: 'active' },
    });
    expect(resumed.json()).toMatchObject({ status: 'active', disabledReason: null, disabledAt: null });

    expect((await t.admin({ method: 'DELETE', url: `/v1/webhooks/${created.id}` })).statusCode).toBe(204);
    expect((await t.admin({ method: 'GET', url: `/v1/webhooks/${created.id}` })).statusCode).toBe(410);
    expect((await t.admin({ method: 'DELETE', url: `/v1/webhooks/${created.id}` })).statusCode).toBe(410);
    expect((await t.admin({ method: 'GET', url: '/v1/webhooks/whk_nope' })).statusCode).toBe(404);
    expect((await t.admin({ method: 'GET', url: '/v1/webhooks' })).json<{ items: unknown[] }>().items).toEqual([]);
    // The log outlives the subscription.
    expect((await t.admin({ method: 'GET', url: `/v1/webhooks/${created.id}/deliveries` })).statusCode).toBe(200);
  });

  it('refuses what it cannot deliver, naming the field', async () => {
    const t = await makeApp();
    const refused = async (payload: object, field: string) => {
      const res = await t.admin({
        method: 'POST',
        url: '/v1/webhooks',
        payload: { events: ['signatory-event.recorded'], ...payload },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
      return res.json<{ detail: string }>().detail;
    };
    await refused({ url: 'ftp://files.example.org/hook' }, 'url');
    await refused({ url: 'file:///etc/passwd' }, 'url');
    await refused({ url: 'not a url' }, 'url');
    // Without WEBHOOK_ALLOW_PRIVATE: loopback, private, link-local, unique-local, and this machine by name.
    expect(await refused({ url: 'http://127.0.0.1:8080/hook' }, 'url')).toMatch(/loopback/);
    expect(await refused({ url: 'http://127.1/hook' }, 'url')).toMatch(/loopback/);
    expect(await refused({ url: 'http://10.1.2.3/hook' }, 'url')).toMatch(/private/);
    expect(await refused({ url: 'http://192.168.0.10/hook' }, 'url')).toMatch(/private/);
    expect(await refused({ url: 'http://169.254.169.254/latest/meta-data' }, 'url')).toMatch(/linkLocal/);
    expect(await refused({ url: 'http://[::1]/hook' }, 'url')).toMatch(/loopback/);
    expect(await refused({ url: 'http://[fd12:3456::1]/hook' }, 'url')).toMatch(/uniqueLocal/);
    expect(await refused({ url: 'http://[fe80::1]/hook' }, 'url')).toMatch(/linkLocal/);
    expect(await refused({ url: 'http://[::ffff:10.0.0.1]/hook' }, 'url')).toMatch(/private/);
    expect(await refused({ url: 'http://localhost:3000/hook' }, 'url')).toMatch(/this machine/);
    expect(await refused({ url: 'http://api.localhost./hook' }, 'url')).toMatch(/this machine/);
    await refused({ url: 'https://user:pw@receiver.example.org/hook' }, 'url');
    await refused({ url: 'https://receiver.example.org/hook', events: ['everything'] }, 'events.0');
    await refused({ url: 'https://receiver.example.org/hook', events: [] }, 'events');
    await refused({ url: 'https://receiver.example.org/hook', statementId: 'stm_nope' }, 'statementId');
    // A public address is fine (it is not contacted until an event happens).
    const ok = await t.admin({
      method: 'POST',
      url: '/v1/webhooks',
      payload: { url: 'https://receiver.example.org/hook', events: ['statement.updated'] },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
