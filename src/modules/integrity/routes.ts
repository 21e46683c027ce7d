import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import type { Conn } from '../../db/client.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { requireStatement } from '../timeline/statement.js';
import { bundleSchema } from './bundle.js';
import { checkCheckpointAgainst, headOf, signCheckpoint } from './checkpoints.js';
import {
  checkpoint,
  checkpointCheck,
  checkpointCheckQuery,
  databaseIntegrity,
  integrityReport,
  jwksSchema,
} from './schemas.js';
import { jwksOf, type Keyring } from '../signing/key-history.js';
import type { IntegrityWorker } from './off-thread.js';

const tags = ['integrity'];

/** JSON serialized already (by the worker), sent as it is. */
const sendJson = (reply: FastifyReply, body: Readable) => reply.type('application/json; charset=utf-8').send(body);

export const integrityRoutes: FastifyPluginAsyncZod<{ db: Conn; keyring: Keyring; worker: IntegrityWorker }> = async (
  app,
  options,
) => {
  checkpointRoutes(app, options);
  checkRoutes(app, options);
};

/** The signing keys, and signed checkpoints of a statement's chain and their verification. */
function checkpointRoutes(
  app: RouteApp,
  { db, keyring, worker }: { db: Conn; keyring: Keyring; worker: IntegrityWorker },
) {
  const signingKey = keyring.current;

  app.get('/.well-known/jwks.json', {
    schema: {
      operationId: 'getJwks',
      responseHeaders: { 200: ['cache-control'] },
      summary: 'Public keys that sign checkpoints (JWKS)',
      description:
        "The keys of the server's key history (`/v1/log/keys`), from its key configuration, never its database: after a rotation, old checkpoints still verify. " +
        "Each `kid` is the key's RFC 7638 thumbprint. Pin one (or keep this document) rather than trusting whatever this URL serves later.",
      tags,
      response: { 200: jwksSchema, ...problemResponses(429) },
    },
    handler: async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return jwksOf(keyring);
    },
  });

  app.get('/v1/statements/:id/checkpoint', {
    schema: {
      operationId: 'getCheckpoint',
      summary: "A signed checkpoint of the statement's chain head",
      description:
        'Keep it: `POST /v1/checkpoints/verify` (or `undersigned verify --checkpoint FILE`) later proves the chain still extends it.',
      tags,
      params: idParams,
      response: { 200: checkpoint, ...problemResponses(404) },
    },
    handler: async (request) => {
      requireStatement(db, request.params.id);
      const claims = headOf(db, request.params.id);
      return { checkpoint: await signCheckpoint(signingKey, claims), kid: signingKey.kid, claims };
    },
  });

  app.get('/v1/checkpoints/verify', {
    schema: {
      operationId: 'verifyCheckpoint',
      summary: 'Check that the current chain extends a checkpoint you kept',
      description:
        'A read: nothing is written. Fails (`valid: false`, with the reason) when the signature does not verify, events were deleted, ' +
        'an event was rewritten, or the chain is broken.',
      tags,
      querystring: checkpointCheckQuery,
      response: { 200: checkpointCheck, ...problemResponses(400) },
    },
    handler: async (request) =>
      checkCheckpointAgainst(db, request.query.checkpoint, jwksOf(keyring), async (statementId) =>
        worker.statement(statementId),
      ),
  });
}

/** Bundles and checks of a statement, and of the whole database, on the integrity worker. */
function checkRoutes(app: RouteApp, { db, keyring, worker }: { db: Conn; keyring: Keyring; worker: IntegrityWorker }) {
  app.get('/v1/statements/:id/bundle', {
    schema: {
      operationId: 'getBundle',
      summary: "A portable proof of the statement's list: every event, its hashes and a signed checkpoint",
      description:
        'Check it offline, with no database, against a key you pinned: `undersigned verify-bundle FILE --key THUMBPRINT` (or `--jwks FILE` saved earlier).',
      tags,
      params: idParams,
      response: { 200: bundleSchema, ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      requireStatement(db, request.params.id);
      // Read and serialized on the integrity worker (2.5 s for a 100,000-signatory list), signed here.
      return sendJson(reply, await worker.bundle(request.params.id, keyring));
    },
  });

  app.get('/v1/statements/:id/integrity', {
    schema: {
      operationId: 'verifyStatementChain',
      summary: "Recompute the statement's chain and compare every derived table with it",
      tags,
      params: idParams,
      response: { 200: integrityReport, ...problemResponses(404) },
    },
    handler: async (request) => {
      requireStatement(db, request.params.id);
      return worker.statement(request.params.id);
    },
  });

  app.get('/v1/integrity', {
    schema: {
      operationId: 'verifyDatabase',
      summary: 'Check the whole database: file, triggers, every chain and history, and the tables derived from them',
      description:
        'A long read (seconds for a large database), run on a worker thread of its own with one consistent view of the database, so ' +
        'other requests are answered meanwhile. Requests that arrive while a check runs share its report: `checkedAt` says when it ran.',
      tags,
      response: { 200: databaseIntegrity, ...problemResponses(429) },
    },
    handler: async () => {
      const report = await worker.database();
      return {
        ...report,
        statements: {
          checked: report.statements.length,
          broken: report.statements
            .filter((s) => !s.valid)
            .map((s) => ({ statementId: s.statementId, detail: s.detail })),
        },
      };
    },
  });
}
