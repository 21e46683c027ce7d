import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import type { StorageHealth } from '../../db/storage.js';
import { ANSWERS_HEAD } from '../../http/contract.js';
import { HttpProblem, problemResponses } from '../../http/problem.js';
import { API_VERSION } from '../../version.js';

const serviceIndex = z
  .object({
    name: z.literal('Undersigned'),
    version: z.string().describe('The API version (the package version).'),
    description: z.string(),
    links: z
      .object({
        docs: z.string(),
        openapi: z.string(),
        statements: z.string(),
        organizations: z.string(),
        health: z.string(),
        jwks: z.string(),
      })
      .describe(
        'Where to start: the interactive docs, the OpenAPI document, the collections, health, and the keys that sign checkpoints.',
      ),
  })
  .meta({ id: 'ServiceIndex' });

const health = z
  .object({
    status: z
      .enum(['ok', 'degraded'])
      .describe(
        '`ok`; `degraded` while writes fail for a full disk (reads still answer), until a write succeeds again.',
      ),
    reason: z.string().optional().describe('Why it is degraded.'),
  })
  .meta({ id: 'Health' });

export const healthRoutes: FastifyPluginAsyncZod<{ db: Conn; storage: StorageHealth }> = async (
  app,
  { db, storage },
) => {
  app.get('/', {
    schema: {
      operationId: 'getServiceIndex',
      summary: 'What this is and where to start',
      tags: ['health'],
      response: { 200: serviceIndex, ...problemResponses(429) },
    },
    handler: async () => ({
      name: 'Undersigned' as const,
      version: API_VERSION,
      description:
        'Signatory-tracking API: who signed which statement, as of any date, as known at any moment, with proof.',
      links: {
        docs: '/docs',
        openapi: '/openapi.json',
        statements: '/v1/statements',
        organizations: '/v1/organizations',
        health: '/health',
        jwks: '/.well-known/jwks.json',
      },
    }),
  });

  app.get('/health', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getHealth',
      summary: 'Liveness and readiness: 200 once the database answers a query',
      description:
        'Answers 200 while the database answers reads: `ok`, or `degraded` with a `reason` while writes fail for a full disk (they answer 503 `storage-full` meanwhile). 503 when the database does not answer.',
      tags: ['health'],
      response: { 200: health, ...problemResponses(503) },
    },
    handler: async () => {
      try {
        db.get(sql`select 1`);
      } catch (error) {
        app.log.error({ err: error }, 'health check: database did not answer');
        throw new HttpProblem(503, 'database-unavailable', 'The database did not answer.');
      }
      const reason = storage.degraded;
      return reason === null ? { status: 'ok' as const } : { status: 'degraded' as const, reason };
    },
  });
};
