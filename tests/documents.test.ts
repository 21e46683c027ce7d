// Documents kept as evidence, through HTTP: stored once by SHA-256, served byte for byte with their
// digest, named by events whose hash covers them, and hashed again by verify.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hashEvent } from '../src/lib/hash-chain.js';
import { expectProblem, makeApp, reopen } from './support/app.js';
import { samplePath } from './support/cli.js';
import { appendOk, org, statement } from './support/timeline.js';

const sample = readFileSync(samplePath);
const sha = createHash('sha256').update(sample).digest('hex');

interface DocumentRecord {
  sha256: string;
  mediaType: string;
  size: number;
  captures: { id: number; url: string | null; fileName: string | null; recordedBy: string; hash: string }[];
  events: { statementId: string; seq: number }[];
}

describe('documents kept as evidence', () => {
  it('are stored once by their SHA-256, each receipt a capture, and served byte for byte with their digest', async () => {
    const t = await makeApp();
    const upload = (query: string) =>
      t.as('editor', {
        method: 'POST',
        url: `/v1/documents${query}`,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        payload: sample,
      });
    const first = await upload('?fileName=icor-kazakhstan.txt');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers.location).toBe(`/v1/documents/${sha}`);
    expect(first.json<DocumentRecord>()).toMatchObject({
      sha256: sha,
      mediaType: 'text/plain; charset=utf-8',
      size: sample.byteLength,
      captures: [{ fileName: 'icor-kazakhstan.txt', url: null, recordedBy: 'editor-key' }],
      events: [],
    });
    const again = await upload(`?url=${encodeURIComponent('https://www.icor.info/2022/kazakhstan')}`);
    expect(again.statusCode).toBe(200);
    expect(again.json<DocumentRecord>().captures.map((c) => c.url)).toEqual([
      null,
      'https://www.icor.info/2022/kazakhstan',
    ]);

    const res = await t.app.inject({ method: 'GET', url: `/v1/documents/${sha}` });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(sample)).toBe(true);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-digest']).toBe(`sha-256=:${Buffer.from(sha, 'hex').toString('base64')}:`);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.headers['content-disposition']).toContain('icor-kazakhstan.txt');
    const cached = await t.app.inject({
      method: 'GET',
      url: `/v1/documents/${sha}`,
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(cached.statusCode).toBe(304);
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/documents/${'0'.repeat(64)}` }), 404);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/documents/not-a-hash' }), 400);
    // Writing needs a key; an empty body or another media type is refused.
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v1/documents',
        headers: { 'content-type': 'text/plain' },
        payload: sample,
      }),
      401,
    );
    expectProblem(
      await t.as('editor', {
        method: 'POST',
        url: '/v1/documents',
        headers: { 'content-type': 'image/png' },
        payload: sample,
      }),
      415,
    );
  });

  it('are named by events, whose hash covers the name; an unknown one is refused naming the field', async () => {
    const t = await makeApp();
    const id = await statement(t);
    const a = await org(t, 'Alpha');
    const refused = await t.admin({
      method: 'POST',
      url: `/v1/statements/${id}/events`,
      payload: { asOf: '2022-01-21', add: [{ organizationId: a }], document: sha },
    });
    expectProblem(refused, 400);
    expect(refused.json()).toMatchObject({
      type: 'urn:undersigned:problem:unknown-document',
      errors: [{ field: 'document' }],
    });
    await t.as('editor', {
      method: 'POST',
      url: '/v1/documents',
      headers: { 'content-type': 'text/plain' },
      payload: sample,
    });
    const event = await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: a }], document: sha });
    expect(event).toMatchObject({ document: sha });
    const {
      hash,
      statementId,
      seq,
      asOf,
      recordedAt,
      recordedBy,
      source,
      note,
      total,
      prevHash,
      format,
      items,
      document,
    } = event as typeof event & {
      document: string;
      source: null;
      note: null;
      total: number;
      prevHash: null;
      format: number;
      recordedBy: string;
    };
    const content = {
      statementId,
      seq,
      asOf,
      recordedAt,
      recordedBy,
      source,
      note,
      total,
      prevHash,
      format,
      items,
      document,
    };
    expect(hashEvent(content)).toBe(hash);
    expect(hashEvent({ ...content, document: null })).not.toBe(hash);
    const meta = (await t.app.inject({ method: 'GET', url: `/v1/documents/${sha}/meta` })).json<DocumentRecord>();
    expect(meta.events).toEqual([{ statementId: id, seq: 1 }]);
    // Its capture is a leaf of the log.
    const leaf = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/log/entries?kind=document-capture&subject=${sha}&number=${meta.captures[0]?.id ?? 0}`,
      })
    ).json<{ items: { recordHash: string }[] }>();
    expect(leaf.items).toEqual([expect.objectContaining({ recordHash: meta.captures[0]?.hash })]);
  });

  it("are hashed again by verify: bytes changed behind the API's back are named", async () => {
    const t = await makeApp();
    await t.as('editor', {
      method: 'POST',
      url: '/v1/documents',
      headers: { 'content-type': 'text/plain' },
      payload: sample,
    });
    await t.app.close();
    const raw = new Database(t.databasePath);
    expect(() => raw.prepare('UPDATE documents SET bytes = ?').run(Buffer.from('forged'))).toThrow(/kept as received/);
    raw.exec('DROP TRIGGER documents_no_update');
    raw
      .prepare('UPDATE documents SET bytes = ?')
      .run(Buffer.concat([sample, Buffer.from('\n32. Forged Party, Nowhere\n')]));
    raw.close();
    const app = await reopen(t.databasePath);
    const report = (await app.inject({ method: 'GET', url: '/v1/integrity' })).json<{
      valid: boolean;
      documents: { checked: number; problems: { sha256: string; detail: string }[] };
    }>();
    expect(report.valid).toBe(false);
    expect(report.documents.problems).toContainEqual({
      sha256: sha,
      detail: expect.stringContaining('they were changed'),
    });
  });
});
