import { describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../src/app.js';
import { expectProblem, makeApp } from './support/app.js';

describe('errors are RFC 9457 problem documents', () => {
  it('malformed JSON is 400', async () => {
    const t = await makeApp();
    const res = await t.admin({ method: 'POST', url: '/v1/organizations', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(expectProblem(res, 400).type).toBe('urn:undersigned:problem:malformed-json');
  });

  it('prototype-poisoning JSON is refused as 400', async () => {
    const t = await makeApp();
    const res = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"x","__proto__":{"admin":true}}',
    });
    expectProblem(res, 400);
  });

  it('an unsupported media type is 415', async () => {
    const t = await makeApp();
    const res = await t.admin({ method: 'POST', url: '/v1/organizations', headers: { 'content-type': 'application/xml' }, payload: '<name/>' });
    expect(expectProblem(res, 415).type).toBe('urn:undersigned:problem:unsupported-media-type');
  });

  it('a body over the limit is 413', async () => {
    const t = await makeApp();
    const res = await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'x'.repeat(BODY_LIMIT + 1) } });
    expectProblem(res, 413);
  });

  it('an unknown route is 404', async () => {
    const t = await makeApp();
    expect(expectProblem(await t.app.inject({ method: 'GET', url: '/v1/nothing?x=1' }), 404).detail).toContain('/v1/nothing');
  });

  it('an unexpected failure is 500 without internals, with the request id', async () => {
    const t = await makeApp({ ready: false });
    t.app.get('/boom', async () => {
      throw new Error('secret internal detail at /srv/db.ts:12:3');
    });
    await t.app.ready();
    const res = await t.app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'req-123' } });
    const problem = expectProblem(res, 500);
    expect(res.body).not.toContain('secret internal detail');
    expect(problem.detail).toContain('req-123');
    expect(res.headers['x-request-id']).toBe('req-123');
  });

  it('every response carries a request id', async () => {
    const t = await makeApp();
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors the framework meets before any route', () => {
  it('a JSON route refuses plain text with 415, not a validation error', async () => {
    const t = await makeApp();
    expect(expectProblem(await t.admin({ method: 'POST', url: '/v1/statements', headers: { 'content-type': 'text/plain' }, payload: 'title=x' }), 415).type).toBe('urn:undersigned:problem:unsupported-media-type');
  });
});
