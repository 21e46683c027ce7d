import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { problemResponses } from '../../http/problem.js';
import * as repo from './repository.js';
import { apiKeyList, createdApiKey, keyIdParams, keyInput } from './schemas.js';

const tags = ['keys'];

export const keyRoutes: FastifyPluginAsyncZod<{ db: Conn; lane: WriteLane }> = async (app, { db, lane }) => {
  app.post('/v1/keys', {
    config: { role: 'admin' },
    schema: {
      operationId: 'createApiKey',
      responseHeaders: { 201: ['location', 'cache-control'] },
      summary: 'Create an API key (admin)',
      description: 'The secret is in this response only; store it now.',
      tags,
      body: keyInput,
      response: { 201: createdApiKey, ...problemResponses(400, 401, 403, 409, 415) },
    },
    handler: async (request, reply) => {
      const created = await lane.write(() => repo.createKey(db, request.body.name, request.body.role));
      return reply
        .code(201)
        .header('location', `/v1/keys/${created.id}`)
        .header('cache-control', 'no-store')
        .send(created);
    },
  });

  app.get('/v1/keys', {
    config: { role: 'admin' },
    schema: {
      operationId: 'listApiKeys',
      summary: 'List API keys without their secrets (admin)',
      tags,
      response: { 200: apiKeyList, ...problemResponses(401, 403) },
    },
    handler: async () => ({ items: repo.listKeys(db) }),
  });

  app.delete('/v1/keys/:id', {
    config: { role: 'admin' },
    schema: {
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key (admin)',
      tags,
      params: keyIdParams,
      response: { 204: z.undefined().describe('Revoked'), ...problemResponses(401, 403, 404, 410) },
    },
    handler: async (request, reply) => {
      await lane.write(() => repo.revokeKey(db, request.params.id));
      return reply.code(204).send();
    },
  });
};
