// Real server processes (`node --import tsx src/server.ts`), real sockets on 127.0.0.1, real
// signals: what the API promises about races, checked from the outside.
import { describe, expect, it } from 'vitest';

import {
  call,
  oneAddition,
  warmUp,
  type Integrity,
  type Organization,
  type Problem,
  type SignatoryEvent,
} from './support/process-client.js';
import { workspace } from './support/server-process.js';

describe('a real server process', () => {
  it(
    'settles races over real sockets: one If-Match winner, contiguous seqs',
    { timeout: 40_000 },
    async ({ annotate }) => {
      const startedAt = performance.now();
      const ws = workspace();
      const server = await ws.start({ logLevel: 'warn' });
      const N = 50;

      const org = await call<Organization>(server.base, 'POST', '/v1/organizations', { name: 'Contested' });
      expect(org.status).toBe(201);
      expect(org.headers.get('etag')).toBe('"r1"');

      // Open the 50 connections first, so that the PATCHes reach the server together rather than
      // one TCP handshake apart.
      await warmUp(server.base, N);
      const patches = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          call<Organization | Problem>(
            server.base,
            'PATCH',
            `/v1/organizations/${org.body.id}`,
            { aliases: [`writer-${i}`] },
            { 'if-match': '"r1"' },
          ),
        ),
      );
      const statuses = patches.map((p) => p.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(N - 1);
      const winner = patches.findIndex((p) => p.status === 200);
      for (const lost of patches.filter((p) => p.status === 412)) {
        expect(lost.body).toMatchObject({ type: 'urn:undersigned:problem:precondition-failed', status: 412 });
        expect(lost.headers.get('etag')).toBe('"r2"');
      }

      const current = await call<Organization>(server.base, 'GET', `/v1/organizations/${org.body.id}`);
      expect(current.body).toMatchObject({ revision: 2, aliases: [`writer-${winner}`] });
      const revisions = await call<{ items: { revision: number; state: Organization }[] }>(
        server.base,
        'GET',
        `/v1/organizations/${org.body.id}/revisions`,
      );
      expect(revisions.body.items.map((r) => r.revision)).toEqual([2, 1]);
      expect(revisions.body.items[0]?.state.aliases).toEqual([`writer-${winner}`]);

      const statement = await call<{ id: string }>(server.base, 'POST', '/v1/statements', { title: 'T', issuer: 'I' });
      expect(statement.status).toBe(201);
      await warmUp(server.base, N);
      const appends = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          call<SignatoryEvent>(
            server.base,
            'POST',
            `/v1/statements/${statement.body.id}/events`,
            oneAddition(`signer-${i}`),
          ),
        ),
      );
      expect(appends.map((a) => a.status)).toEqual(Array<number>(N).fill(201));
      const events = appends.map((a) => a.body).sort((a, b) => a.seq - b.seq);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      // Each acknowledged event chains onto the one acknowledged before it, and counts one more.
      events.forEach((e, i) => {
        expect(e.prevHash).toBe(i === 0 ? null : events[i - 1]?.hash);
        expect(e.total).toBe(i + 1);
        expect(e.items[0]?.position).toBe(i + 1);
      });

      const integrity = await call<Integrity>(server.base, 'GET', `/v1/statements/${statement.body.id}/integrity`);
      expect(integrity.body).toMatchObject({ valid: true, length: N, head: events.at(-1)?.hash, firstBadSeq: null });

      await annotate(
        `${N} PATCHes: 1 × 200 (writer-${winner}), ${N - 1} × 412; ${N} appends: seqs 1..${N}; test took ${Math.round(performance.now() - startedAt)} ms`,
      );
    },
  );
});
