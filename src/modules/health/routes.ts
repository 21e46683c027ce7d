import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { HttpProblem, problemResponses } from '../../http/problem.js';

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/health', {
    schema: {
      operationId: 'getHealth',
      summary: 'Liveness and readiness: 200 once the database answers a query',
      tags: ['health'],
      response: { 200: z.object({ status: z.literal('ok') }).meta({ id: 'Health' }), ...problemResponses(503) },
    },
    handler: async () => {
      try {
        db.get(sql`select 1`);
      } catch (error) {
        app.log.error({ err: error }, 'health check: database did not answer');
        throw new HttpProblem(503, 'database-unavailable', 'The database did not answer.');
      }
      return { status: 'ok' as const };
    },
  });
};
