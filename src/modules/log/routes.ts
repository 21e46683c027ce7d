import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { notFound } from '../../lib/domain-error.js';
import type { SignedJws } from '../../lib/general-jws.js';
import { ANSWERS_HEAD } from '../../http/contract.js';
import { decodeCursor, setNextLink, toPage } from '../../http/pagination.js';
import { invalidField, problemResponses } from '../../http/problem.js';
import { leafData } from '../../lib/log-leaf.js';
import type { Keyring } from '../signing/key-history.js';
import type { PublicKey } from '../signing/signing-key.js';
import { currentTreeHead, signTreeHead, treeHead } from './heads.js';
import { acceptCosignatures, latestWitnessedHead } from './witnesses.js';
import {
  consistency,
  getLeaf,
  inclusion,
  leafHashOf,
  leafOfRecord,
  listLeaves,
  logSize,
  type LeafRow,
} from './repository.js';
import {
  consistencyProofSchema,
  consistencyQuery,
  cosignedHead,
  headQuery,
  inclusionProofSchema,
  inclusionQuery,
  indexParams,
  keyHistory,
  logEntry,
  logEntryPage,
  logEntryQuery,
  signedTreeHead,
  type logKinds,
} from './schemas.js';

const tags = ['log'];

const toEntry = (row: LeafRow) => ({
  index: row.idx,
  kind: row.kind as (typeof logKinds)[number],
  subject: row.subject,
  number: row.number,
  recordHash: row.recordHash,
  leafData: leafData({ kind: row.kind, subject: row.subject, number: row.number, hash: row.recordHash }),
  leafHash: leafHashOf(row),
});

/** A size the log has never had is the client's mistake: 400 naming the parameter. */
function sizeWithin(db: Conn, field: string, size: number | undefined, atLeast = 0): number {
  const current = logSize(db);
  if (size !== undefined && size > current)
    throw invalidField('query', field, `the log has ${current} entries; there is no tree of ${size}`);
  const chosen = size ?? current;
  if (chosen < atLeast) throw invalidField('query', field, `must be at least ${atLeast}`);
  return chosen;
}

export const logRoutes: FastifyPluginAsyncZod<{
  db: Conn;
  lane: WriteLane;
  keyring: Keyring;
  witnesses: PublicKey[];
}> = async (app, options) => {
  treeHeadRoutes(app, options);
  leafRoutes(app, options);
  proofRoutes(app, options);
};

/** The signed tree head, and witnesses' co-signatures of it. */
function treeHeadRoutes(
  app: RouteApp,
  { db, lane, keyring, witnesses }: { db: Conn; lane: WriteLane; keyring: Keyring; witnesses: PublicKey[] },
) {
  const served = (signed: SignedJws, witnessKids: string[]) => {
    const head = treeHead.parse(JSON.parse(Buffer.from(signed.payload, 'base64url').toString('utf8')));
    return { ...head, kid: keyring.current.kid, signed, witnesses: witnessKids };
  };

  app.get('/v1/log/head', {
    schema: {
      operationId: 'getTreeHead',
      responseHeaders: { 200: ['cache-control'] },
      summary: "The log's current head, signed: keep it",
      description:
        'Every record the database keeps (signatory events, revisions, merges, key rotations) is a leaf of one Merkle tree (RFC 9162). ' +
        'A head you keep fixes every leaf before it: later heads must be proven to extend it (`/v1/log/proofs/consistency`), ' +
        'which `undersigned monitor` does for you.',
      tags,
      querystring: headQuery,
      response: { 200: signedTreeHead, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      if (request.query.witnessed) {
        const kept = latestWitnessedHead(db, witnesses);
        if (!kept) throw notFound('Witnessed tree head', 'latest');
        return reply.header('cache-control', 'no-cache').send(served(kept.signed, kept.witnesses));
      }
      return reply
        .header('cache-control', 'no-cache')
        .send(served(await signTreeHead(keyring.current, currentTreeHead(db)), []));
    },
  });

  // No API key: the signatures are the credential.
  app.post('/v1/log/cosignatures', {
    config: { role: 'public' },
    schema: {
      operationId: 'addCosignatures',
      summary: "Hand in a witness's co-signature of a tree head",
      description:
        "The head as `GET /v1/log/head` gave it, with the witness's signature added (`undersigned witness` does this after checking the head extends " +
        "the last it signed). Kept when the server signed the head, the head is one of this log's, and a witness the server is configured with " +
        '(`LOG_WITNESSES`) signed it; other signatures are dropped. No API key: the signatures are the credential.',
      tags,
      body: cosignedHead,
      response: { 201: signedTreeHead, ...problemResponses(400, 413, 415) },
    },
    handler: async (request, reply) => {
      const write = await acceptCosignatures(db, keyring, witnesses, request.body);
      const kept = await lane.write(write);
      return reply.code(201).send(served(kept.signed, kept.witnesses));
    },
  });
}

/** The log's leaves. */
function leafRoutes(app: RouteApp, { db }: { db: Conn; lane: WriteLane; keyring: Keyring; witnesses: PublicKey[] }) {
  app.get('/v1/log/entries', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'listLogEntries',
      responseHeaders: { 200: ['link'] },
      summary: "The log's leaves, in order (or the leaf of one record)",
      description:
        'With `kind`, `subject` and `number` (e.g. `event`, a statement id and a seq), the one leaf of that record, or none.',
      tags,
      querystring: logEntryQuery,
      response: { 200: logEntryPage, ...problemResponses(400) },
    },
    handler: async (request, reply) => {
      const { kind, subject, number, limit, cursor } = request.query;
      const named = [kind, subject, number].filter((v) => v !== undefined).length;
      if (named > 0 && named < 3)
        throw invalidField(
          'query',
          kind === undefined ? 'kind' : subject === undefined ? 'subject' : 'number',
          "give kind, subject and number together, to find one record's leaf",
        );
      if (kind !== undefined && subject !== undefined && number !== undefined) {
        const row = leafOfRecord(db, kind, subject, number);
        return { items: row ? [toEntry(row)] : [], nextCursor: null };
      }
      const after = decodeCursor(cursor);
      const page = toPage(listLeaves(db, after ?? -1, limit + 1), limit, (row) => row.idx);
      setNextLink(request, reply, page.nextCursor);
      return { items: page.items.map(toEntry), nextCursor: page.nextCursor };
    },
  });

  app.get('/v1/log/entries/:index', {
    schema: {
      operationId: 'getLogEntry',
      summary: 'One leaf of the log',
      tags,
      params: indexParams,
      response: { 200: logEntry, ...problemResponses(404) },
    },
    handler: async (request) => toEntry(getLeaf(db, request.params.index)),
  });
}

/** Inclusion and consistency proofs, and the log's keys. */
function proofRoutes(
  app: RouteApp,
  { db, keyring, witnesses }: { db: Conn; lane: WriteLane; keyring: Keyring; witnesses: PublicKey[] },
) {
  app.get('/v1/log/proofs/inclusion', {
    schema: {
      operationId: 'proveInclusion',
      summary: 'Proof that a leaf is in the tree of a given size',
      tags,
      querystring: inclusionQuery,
      response: { 200: inclusionProofSchema, ...problemResponses(400, 404) },
    },
    handler: async (request) => {
      const { index } = request.query;
      const size = sizeWithin(db, 'size', request.query.size, index + 1);
      return inclusion(db, index, size);
    },
  });

  app.get('/v1/log/proofs/consistency', {
    schema: {
      operationId: 'proveConsistency',
      summary: 'Proof that the tree of `from` leaves is a prefix of the tree of `to`',
      description:
        'Keep a head; later ask for the proof from its size to the current one: a log that lost or changed any leaf cannot give one.',
      tags,
      querystring: consistencyQuery,
      response: { 200: consistencyProofSchema, ...problemResponses(400) },
    },
    handler: async (request) => {
      const { from } = request.query;
      const to = sizeWithin(db, 'to', request.query.to, from);
      return consistency(db, from, to);
    },
  });

  app.get('/v1/log/keys', {
    schema: {
      operationId: 'getKeyHistory',
      responseHeaders: { 200: ['cache-control'] },
      summary: "The server's signing keys over time, and the signed handovers between them",
      description:
        "From the server's key configuration, never its database. Pin one key's thumbprint; the rotations lead from it to the current key.",
      tags,
      response: { 200: keyHistory, ...problemResponses(429) },
    },
    handler: async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return {
        keys: keyring.keys.map((k) => ({ ...k })),
        rotations: keyring.rotations.map((r) => r.statement),
        witnesses: witnesses.map((k) => ({ ...k })),
      };
    },
  });
}
