import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../src/app.js';
import { expectProblem, makeApp } from './support/app.js';

describe('errors are RFC 9457 problem documents', () => {
  it('malformed JSON is 400', async () => {
    const t = await makeApp();
    const res = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
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
    const res = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      headers: { 'content-type': 'application/xml' },
      payload: '<name/>',
    });
    expect(expectProblem(res, 415).type).toBe('urn:undersigned:problem:unsupported-media-type');
  });

  it('a body over the limit is 413', async () => {
    const t = await makeApp();
    const res = await t.admin({
      method: 'POST',
      url: '/v1/organizations',
      payload: { name: 'x'.repeat(BODY_LIMIT + 1) },
    });
    expectProblem(res, 413);
  });

  it('an unknown route is 404', async () => {
    const t = await makeApp();
    expect(expectProblem(await t.app.inject({ method: 'GET', url: '/v1/nothing?x=1' }), 404).detail).toContain(
      '/v1/nothing',
    );
  });

  it('an unexpected failure is 500 without internals, with the request id', async () => {
    const t = await makeApp({ ready: false, contract: false });
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
    expect(
      expectProblem(
        await t.admin({
          method: 'POST',
          url: '/v1/statements',
          headers: { 'content-type': 'text/plain' },
          payload: 'title=x',
        }),
        415,
      ).type,
    ).toBe('urn:undersigned:problem:unsupported-media-type');
  });
});

describe('errors the framework meets before any route, continued', () => {
  it('a malformed request line or Content-Length gets a problem document too', async () => {
    const t = await makeApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    for (const raw of [
      'GARBAGE\r\n\r\n',
      'POST /v1/organizations HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    ]) {
      const response = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(raw));
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(response).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))).toMatchObject({
        type: 'urn:undersigned:problem:malformed-request',
        status: 400,
      });
    }
  });

  it('a method a path does not take is 405 with Allow; OPTIONS is never answered in plain text', async () => {
    const t = await makeApp();
    const put = await t.app.inject({ method: 'PUT', url: '/v1/organizations' });
    expect(expectProblem(put, 405).type).toBe('urn:undersigned:problem:method-not-allowed');
    expect(put.headers.allow).toBe('GET, HEAD, POST');
    expect(expectProblem(await t.app.inject({ method: 'OPTIONS', url: '/v1/organizations' }), 405).detail).toContain(
      'GET, HEAD, POST',
    );
    expect((await t.app.inject({ method: 'PUT', url: '/v1/integrity' })).headers.allow).toBe('GET');
    // With CORS on, any OPTIONS is answered as a preflight would be: 204, empty, never text.
    const cors = await makeApp({ config: { corsOrigins: ['https://example.org'] } });
    for (const headers of [{}, { origin: 'https://example.org', 'access-control-request-method': 'POST' }]) {
      const res = await cors.app.inject({ method: 'OPTIONS', url: '/v1/organizations', headers });
      expect([res.statusCode, res.body]).toEqual([204, '']);
    }
  });

  it('authentication comes before the body: without a key, a bad body is 401, not a list of its faults', async () => {
    const t = await makeApp();
    const res = await t.app.inject({ method: 'POST', url: '/v1/organizations', payload: { nope: 1 } });
    expect(expectProblem(res, 401).errors).toBeUndefined();
  });

  it('If-Match with only weak ETags is 412 saying why, not that the resource changed', async () => {
    const t = await makeApp();
    const id = (await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'Weak' } })).json<{
      id: string;
    }>().id;
    const res = await t.admin({
      method: 'PATCH',
      url: `/v1/organizations/${id}`,
      headers: { 'if-match': 'W/"r1"' },
      payload: { name: 'Weaker' },
    });
    const problem = expectProblem(res, 412);
    expect(problem.detail).toContain('strongly');
    expect(problem.detail).not.toContain('has changed');
  });

  it('GET / says what this is and where to start', async () => {
    const t = await makeApp();
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.json()).toMatchObject({
      name: 'Undersigned',
      links: { docs: '/docs', openapi: '/openapi.json', statements: '/v1/statements' },
    });
  });
});
