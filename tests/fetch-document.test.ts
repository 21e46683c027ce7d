// The fetch of a watched source, against local servers: every redirect hop is judged like the
// first, and the size and time limits hold whatever the other side does.
import { describe, expect, it } from 'vitest';
import { fetchDocument, type FetchOptions } from '../src/lib/fetch-document.js';
import { startPublisher } from './support/publisher.js';

const options: FetchOptions = { allowPrivate: true, timeoutMs: 2000, maxBytes: 1000, accept: ['text/plain'] };

describe('fetching a published document', () => {
  it('judges every redirect hop: a redirect into a refused address is not followed', async () => {
    const allowed = await startPublisher();
    const inside = await startPublisher();
    allowed.answer = { redirect: inside.url };
    inside.document.body = 'the intranet';
    // Only the first server counts as public here; the second stands for a private network.
    const refused = (url: URL) =>
      url.origin === allowed.origin ? null : `must not point into a private network: ${url.host}`;
    const result = await fetchDocument(allowed.url, { ...options, refused });
    expect(result).toMatchObject({
      kind: 'failed',
      url: inside.url,
      error: expect.stringContaining('refused: the URL must not point into a private network'),
    });
    expect(inside.requests).toEqual([]);
    // Followed when allowed, to the document itself.
    expect(await fetchDocument(allowed.url, options)).toMatchObject({ kind: 'ok', url: inside.url, status: 200 });
  });

  it('stops at the size limit and the time limit', async () => {
    const big = await startPublisher();
    big.document.body = 'x'.repeat(5000);
    expect(await fetchDocument(big.url, options)).toMatchObject({
      kind: 'failed',
      status: 200,
      error: 'larger than 1000 bytes',
    });
    const slow = await startPublisher();
    slow.answer = 'hold';
    const started = Date.now();
    expect(await fetchDocument(slow.url, { ...options, timeoutMs: 300 })).toMatchObject({
      kind: 'failed',
      error: 'no answer within 300 ms',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses private targets by default, at the URL and after the name is resolved', async () => {
    const local = await startPublisher();
    expect(await fetchDocument(local.url, { ...options, allowPrivate: false })).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining('127.0.0.1 is a loopback address'),
    });
    const named = local.url.replace('127.0.0.1', 'localhost');
    expect(await fetchDocument(named, { ...options, allowPrivate: false })).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining('localhost is this machine'),
    });
    expect(local.requests).toEqual([]);
    // A host named in OUTBOUND_ALLOW_HOSTS is called, by name or address; others stay refused.
    expect(await fetchDocument(named, { ...options, allowPrivate: false, allowHosts: ['localhost'] })).toMatchObject({
      kind: 'ok',
      status: 200,
    });
    expect(local.requests).toHaveLength(1);
    expect((await fetchDocument(local.url, { ...options, allowPrivate: false, allowHosts: ['localhost'] })).kind).toBe(
      'failed',
    );
    expect(local.requests).toHaveLength(1);
  });
});
