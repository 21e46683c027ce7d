// The fuzzer's own footing: the OpenAPI document it reads lists the operations, and the
// database fingerprint that tells a refused request from a write sees every kind of write.
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './support/app.js';
import { harness } from './support/fuzz-harness.js';
import type { FuzzRequest } from './support/fuzz-request.js';
import { operations } from './support/fuzz-spec.js';

describe('fuzzing: hostile requests never get a 5xx, errors are problem documents, refusals write nothing', () => {
  it('the OpenAPI document lists the operations to fuzz', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const { method, path } of operations) expect(`${method} ${path}`).toMatch(/^[A-Z]+ \/\S*$/);
  });

  it('the database fingerprint sees every kind of write', async () => {
    const h = await harness();
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const admin = { ...auth, 'content-type': 'application/json' };
    const [o1, o2] = h.fx.organizations;
    const [s1, s2] = h.fx.statements;
    const writes: FuzzRequest[] = [
      { method: 'POST', url: '/v1/organizations', headers: admin, payload: '{"name":"New"}' },
      {
        method: 'PATCH',
        url: `/v1/organizations/${o2}`,
        headers: { ...admin, 'if-match': '*' },
        payload: '{"nameEn":"Changed"}',
      },
      {
        method: 'POST',
        url: `/v1/statements/${s2}/events`,
        headers: admin,
        payload: JSON.stringify({ asOf: '2022-05-01', add: [{ organizationId: o1 }] }),
      },
      {
        method: 'PATCH',
        url: `/v1/signatures/${h.fx.signatures[0]}`,
        headers: { ...admin, 'if-match': '*' },
        payload: '{"note":"n"}',
      },
      {
        method: 'PATCH',
        url: `/v1/statements/${s1}`,
        headers: { ...admin, 'if-match': '*' },
        payload: '{"body":"changed"}',
      },
      {
        method: 'POST',
        url: '/v1/organizations',
        headers: { ...admin, 'idempotency-key': 'fingerprint' },
        payload: '{"name":"Keyed"}',
      },
      { method: 'DELETE', url: `/v1/keys/${h.fx.spareKeyId}`, headers: auth },
      { method: 'DELETE', url: `/v1/statements/${s2}`, headers: auth },
    ];
    for (const req of writes) {
      const before = h.fingerprint();
      const res = await h.t.app.inject(req);
      expect(res.statusCode, `${req.method} ${req.url}: ${res.body}`).toBeLessThan(300);
      expect(h.fingerprint(), `${req.method} ${req.url}`).not.toBe(before);
    }
  });
});
