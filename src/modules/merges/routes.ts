import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { idempotencyHeaders, idempotent } from '../../http/idempotency.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { mergeOrganization, unmergeOrganization } from './repository.js';
import { mergeInput, mergeResult, unmergeInput } from './schemas.js';

const tags = ['organizations'];

export const mergeRoutes: FastifyPluginAsyncZod<{ db: Conn; lane: WriteLane }> = async (app, { db, lane }) => {
  app.post('/v1/organizations/:id/merge', {
    config: { role: 'admin' },
    schema: {
      operationId: 'mergeOrganization',
      summary: 'Merge a duplicate into another organization',
      description:
        'Admin. In one transaction: per statement the duplicate signed, a signatory event retracts its signature and further events add the survivor ' +
        'at the same dates (same printed entry; new positions, at the end of the list), so reads as known before the merge still show the duplicate. ' +
        "Where both signed, the earlier signature is kept (the survivor's on the same date) and the other reported in `clashes`. The duplicate's names " +
        'become aliases of the survivor and its identifiers move there (a new revision of each); its id then answers 308 to the survivor. ' +
        '404/410: no such (or a deleted) duplicate; 409 `merge-refused`: into itself, into a missing, deleted or merged organization, or a duplicate merged already.',
      tags,
      headers: idempotencyHeaders,
      params: idParams,
      body: mergeInput,
      response: { 200: mergeResult, ...problemResponses(400, 401, 403, 404, 409, 410, 413, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(lane, db, request, reply, () => ({
        status: 200,
        headers: {},
        body: mergeOrganization(db, request.params.id, request.body.into, request.body.reason, actorOf(request).name),
      })),
  });

  app.post('/v1/organizations/:id/unmerge', {
    config: { role: 'admin' },
    schema: {
      operationId: 'unmergeOrganization',
      summary: 'Undo the merge of an organization',
      description:
        'Admin. Further events and revisions, nothing removed: the signatures the merge made go back to this organization as they stand now ' +
        '(retracted from the survivor, added again for this one at their dates), those it dropped come back, and the survivor gives back the ' +
        'aliases and identifiers it gained. The id answers 200 again. 409 `merge-refused`: not merged, or the survivor was merged on or deleted since.',
      tags,
      headers: idempotencyHeaders,
      params: idParams,
      body: unmergeInput,
      response: { 200: mergeResult, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(lane, db, request, reply, () => ({
        status: 200,
        headers: {},
        body: unmergeOrganization(db, request.params.id, request.body.reason, actorOf(request).name),
      })),
  });
};
