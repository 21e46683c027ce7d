import { describe, expect, it, vi } from 'vitest';
import { makeApp } from './support/app.js';
import { appendOk, org, statement } from './support/timeline.js';

/**
 * When the cosigner index (src/modules/network/cosigner-memory.ts) is read: at the server's start.
 */

const url = (id: string) => `/v1/organizations/${id}/cosigners`;

describe('the cosigner index', () => {
  it('is read once the server listens, before any cosigner read', async () => {
    const t = await makeApp();
    const [a, b] = [await org(t, 'Alpha'), await org(t, 'Beta')];
    await appendOk(t, await statement(t), { asOf: '2022-01-10', add: [{ organizationId: a }, { organizationId: b }] });
    expect(t.app.cosigners.stats.builds).toBe(0);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await vi.waitFor(() => expect(t.app.cosigners.stats.builds).toBe(1), { timeout: 5000, interval: 10 });
    expect(t.app.cosigners.stats).toMatchObject({ fromMemory: 0, fromSql: 0 });
    const res = await t.app.inject({ method: 'GET', url: url(a) });
    expect(res.json<{ total: number }>().total).toBe(1);
    expect(t.app.cosigners.stats).toMatchObject({ builds: 1, fromMemory: 1, fromSql: 0 });
  });
});
