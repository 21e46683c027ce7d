// The log over every record, through HTTP: every record has its leaf, the served root is the tree
// an independent RFC 9162 implementation computes from the leaves, and every inclusion and
// consistency proof the server gives verifies with that implementation.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { readTreeHead } from '../src/modules/log/heads.js';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { treeHash, verifyConsistencyRfc, verifyInclusionRfc } from './support/rfc9162.js';
import { threeEvents } from './support/timeline.js';

interface Entry {
  index: number;
  kind: string;
  subject: string;
  number: number;
  recordHash: string;
  leafData: string;
  leafHash: string;
}
interface Head {
  size: number;
  root: string;
  time: string;
  kid: string;
  signed: unknown;
}

const get = async <T>(t: TestApp, url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};

async function allEntries(t: TestApp): Promise<Entry[]> {
  const out: Entry[] = [];
  for (let cursor = ''; ;) {
    const page = await get<{ items: Entry[]; nextCursor: string | null }>(
      t,
      `/v1/log/entries?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
    );
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

/** A history with every kind of record: events, revisions of all three resources, a merge. */
async function history() {
  const t = await makeApp();
  const fixture = await threeEvents(t);
  const patched = await t.admin({
    method: 'PATCH',
    url: `/v1/organizations/${fixture.a}`,
    headers: { 'if-match': '"r1"' },
    payload: { nameEn: 'The Alphas' },
  });
  expect(patched.statusCode).toBe(200);
  const dup = (
    await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name: 'Alpha (again)', country: 'DE' } })
  ).json<{ id: string }>().id;
  expect(
    (
      await t.admin({
        method: 'POST',
        url: `/v1/organizations/${dup}/merge`,
        payload: { into: fixture.a, reason: 'the same party' },
      })
    ).statusCode,
  ).toBe(200);
  return { t, ...fixture, dup };
}

describe('the log over every record', () => {
  it("has one leaf per record, each naming the record's own hash, in the order they were written", async () => {
    const { t, id, a, dup } = await history();
    const entries = await allEntries(t);
    expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
    const events = (await get<{ items: { seq: number; hash: string }[] }>(t, `/v1/statements/${id}/events`)).items;
    for (const e of events)
      expect(entries).toContainEqual(
        expect.objectContaining({ kind: 'event', subject: id, number: e.seq, recordHash: e.hash }),
      );
    const revisions = (
      await get<{ items: { revision: number; hash: string }[] }>(t, `/v1/organizations/${a}/revisions`)
    ).items;
    expect(revisions.length).toBeGreaterThanOrEqual(3);
    for (const r of revisions)
      expect(entries).toContainEqual(
        expect.objectContaining({ kind: 'organization', subject: a, number: r.revision, recordHash: r.hash }),
      );
    expect(entries.filter((e) => e.kind === 'statement' && e.subject === id)).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'signature').length).toBeGreaterThanOrEqual(5);
    expect(entries.at(-1)).toMatchObject({ kind: 'merge', subject: dup, number: 1 });
    // The leaf is SHA-256(0x00 ‖ RFC 8785 JSON of {hash, kind, number, subject}), as documented.
    for (const e of entries) {
      expect(e.leafData).toBe(canonicalize({ kind: e.kind, subject: e.subject, number: e.number, hash: e.recordHash }));
      expect(e.leafHash).toBe(
        createHash('sha256')
          .update(Buffer.from([0]))
          .update(e.leafData)
          .digest('hex'),
      );
    }
    // Finding one record's leaf.
    const one = await get<{ items: Entry[] }>(t, `/v1/log/entries?kind=event&subject=${id}&number=2`);
    expect(one.items).toEqual([entries.find((e) => e.kind === 'event' && e.number === 2)]);
    expect(await get<Entry>(t, `/v1/log/entries/${one.items[0]?.index ?? -1}`)).toEqual(one.items[0]);
  });

  it('signs a head whose root is the independent tree hash of the leaves', async () => {
    const { t } = await history();
    const entries = await allEntries(t);
    const head = await get<Head>(t, '/v1/log/head');
    expect(head).toMatchObject({ size: entries.length, root: treeHash(entries.map((e) => e.leafHash)) });
    const keys = (
      await get<{ keys: { kid: string; kty: 'OKP'; crv: 'Ed25519'; x: string; alg: 'EdDSA'; use: 'sig' }[] }>(
        t,
        '/.well-known/jwks.json',
      )
    ).keys;
    expect(await readTreeHead(head.signed, keys)).toMatchObject({
      valid: true,
      head: { size: head.size, root: head.root, time: head.time },
      signedBy: [head.kid],
    });
    // An altered payload does not verify.
    const signed = head.signed as { payload: string; signatures: unknown[] };
    const altered = Buffer.from(JSON.stringify({ size: head.size - 1, root: head.root, time: head.time })).toString(
      'base64url',
    );
    expect(await readTreeHead({ ...signed, payload: altered }, keys)).toMatchObject({
      valid: false,
      detail: expect.stringContaining('does not verify'),
    });
  });

  it('gives inclusion proofs for every leaf and consistency proofs between every two sizes, all verifying independently', async () => {
    const { t } = await history();
    const entries = await allEntries(t);
    const leaves = entries.map((e) => e.leafHash);
    const n = entries.length;
    const sizes = [...new Set([1, 2, 3, 5, 8, Math.floor(n / 2), n - 1, n])].filter((s) => s >= 1 && s <= n);
    for (const size of sizes) {
      const root = treeHash(leaves.slice(0, size));
      for (let index = 0; index < size; index++) {
        const proof = await get<{ leafHash: string; root: string; path: string[] }>(
          t,
          `/v1/log/proofs/inclusion?index=${index}&size=${size}`,
        );
        expect(proof.root).toBe(root);
        expect(verifyInclusionRfc(index, size, leaves[index] ?? '', proof.path, root), `${index} in ${size}`).toBe(
          true,
        );
      }
      for (const from of sizes.filter((s) => s <= size)) {
        const proof = await get<{ fromRoot: string; toRoot: string; path: string[] }>(
          t,
          `/v1/log/proofs/consistency?from=${from}&to=${size}`,
        );
        expect(
          verifyConsistencyRfc(from, size, treeHash(leaves.slice(0, from)), root, proof.path),
          `${from} -> ${size}`,
        ).toBe(true);
      }
    }
    // The current size is the default.
    const latest = await get<{ size: number; path: string[] }>(t, '/v1/log/proofs/inclusion?index=0');
    expect(latest.size).toBe(n);
  });

  it("refuses sizes the log never had, and half a record's name, naming the parameter", async () => {
    const { t } = await history();
    const { size } = await get<Head>(t, '/v1/log/head');
    for (const [url, field] of [
      [`/v1/log/proofs/inclusion?index=0&size=${size + 1}`, 'size'],
      [`/v1/log/proofs/inclusion?index=${size}`, 'size'],
      [`/v1/log/proofs/consistency?from=${size + 1}`, 'to'],
      [`/v1/log/proofs/consistency?from=3&to=2`, 'to'],
      ['/v1/log/entries?kind=event', 'subject'],
      ['/v1/log/proofs/inclusion?index=-1', 'index'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url });
      expectProblem(res, 400);
      expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field, url).toBe(field);
    }
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/log/entries/${size}` }), 404);
  });
});
