import Fastify, { type FastifyInstance } from 'fastify';
import fastifyAccepts from '@fastify/accepts';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { signingKeySource, type AppConfig } from './config.js';
import type { Db } from './db/client.js';
import { openMigratedDatabase } from './database.js';
import { WriteLane } from './db/write-lane.js';
import { hashKey } from './http/auth.js';
import { registerErrorHandling, sendProblem } from './http/errors.js';
import { logging, requestId } from './http/logging.js';
import { ReadCache } from './http/response-cache.js';
import { HttpProblem, invalidField } from './http/problem.js';
import { tidyTransformObject } from './http/openapi.js';
import { healthRoutes } from './modules/health/routes.js';
import { importRoutes } from './modules/imports/routes.js';
import { ensureBootstrapKey } from './modules/keys/repository.js';
import { keyRoutes } from './modules/keys/routes.js';
import { organizationRoutes } from './modules/organizations/routes.js';
import { seedSample } from './seed.js';
import { API_VERSION } from './version.js';
import { signatureRoutes } from './modules/signatures/routes.js';
import { statementRoutes } from './modules/statements/routes.js';
import { integrityRoutes } from './modules/integrity/routes.js';
import { loadSigningKey } from './modules/integrity/signing-key.js';
import { listRoutes } from './modules/timeline/list-routes.js';
import { timelineRoutes } from './modules/timeline/routes.js';


/** JSON bodies up to 1 MiB; enough for any single resource. */
export const BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/**
 * Builds the whole API on one SQLite file. Reads no environment: the caller (server, tests, CLI)
 * passes the config, so every test gets its own database.
 */
export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const log = logging(config);
  const app = Fastify({
    // Malformed URLs and over-long path params are client errors: answer them as problems too.
    frameworkErrors: (error, request, reply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      void sendProblem(request, reply, status, status === 414 ? 'uri-too-long' : 'bad-url', status === 414 ? 'A path parameter is longer than 100 characters.' : 'The URL is not validly percent-encoded.');
    },
    logger: log.options,
    logController: log.controller,
    bodyLimit: BODY_LIMIT,
    requestTimeout: 30_000,
    requestIdHeader: false,
    genReqId: requestId,
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onClose', async () => log.flush());

  const db = openMigratedDatabase(config.databasePath);
  app.decorate('db', db);
  const lane = new WriteLane(db);
  const reads = new ReadCache(db);
  app.addHook('onClose', async () => {
    db.$client.close();
  });
  // A key that cannot load stops the start; the database must not stay open behind it.
  const signingKey = await loadSigningKey(db, signingKeySource(config)).catch((error: unknown) => {
    db.$client.close();
    throw error;
  });
  if (config.adminKey) ensureBootstrapKey(db, config.adminKey);
  if (config.seedSample) seedSample(db, app.log);

  app.decorateRequest('actor', null);
  // Node's server.close() leaves busy keep-alive connections open; ask clients to drop them once
  // shutdown has begun, so in-flight requests finish and close-with-grace can close the database.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  // JSON may escape lone UTF-16 surrogates; they are not text, cannot be stored or hashed faithfully.
  app.addHook('preValidation', async (request) => {
    const bad = findIllFormed(request.body, '');
    if (bad !== null) throw invalidField('body', bad, 'contains an unpaired UTF-16 surrogate, which is not text');
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // RFC 7396 merge patches are JSON; parse them with Fastify's own (prototype-poisoning-safe) parser.
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  registerErrorHandling(app);
  await app.register(fastifyAccepts);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      // Swagger UI at /docs runs its own inline bootstrap script and styles.
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        // TLS is the deployment's job; upgrading would break /docs on a plain-HTTP install.
        upgradeInsecureRequests: null,
      },
    },
  });

  if (config.corsOrigins?.length) {
    await app.register(fastifyCors, {
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-request-id'],
      exposedHeaders: ['etag', 'location', 'link', 'retry-after', 'x-request-id'],
      maxAge: 600,
    });
  }

  if (config.rateLimitMax) {
    await app.register(fastifyRateLimit, {
      max: config.rateLimitMax,
      timeWindow: 60_000,
      // Per API key when one is sent (scripts behind one NAT keep their own budgets), else per IP.
      keyGenerator: (request) => {
        const bearer = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
        return bearer ? `key:${hashKey(bearer)}` : `ip:${request.ip}`;
      },
      // Container health checks must never be throttled.
      allowList: (request) => request.url === '/health',
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(429, 'rate-limited', `Too many requests: the limit is ${context.max} per minute. Retry after ${Math.ceil(context.ttl / 1000)} s.`, {
          headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
        }),
    });
  }

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Undersigned',
        version: API_VERSION,
        description:
          'Signatory-tracking API: versioned statements, organizations and signatures, and an append-only, hash-chained timeline of who had signed what, as of any date.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative, so /docs "Try it out" works on whatever host and port serves it.
      servers: [{ url: '/', description: 'This server' }],
      // Reads are public; every write names bearerAuth itself.
      security: [],
      tags: [
        { name: 'statements', description: 'Statements that organizations sign (versioned).' },
        { name: 'timeline', description: 'The append-only, hash-chained signatory events and the as-of reads.' },
        { name: 'organizations', description: 'Organizations that sign statements (versioned).' },
        { name: 'signatures', description: 'One organization on one statement\'s list (versioned).' },
        { name: 'imports', description: 'Published signatory lists in, as statements and events.' },
        { name: 'integrity', description: 'Proof: chain verification, signed checkpoints, JWKS and portable bundles.' },
        { name: 'keys', description: 'API keys (admin only).' },
        { name: 'health', description: 'Service health.' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key from POST /v1/keys or UNDERSIGNED_ADMIN_KEY.' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: tidyTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { db });
  await app.register(organizationRoutes, { db, lane, reads });
  await app.register(statementRoutes, { db, lane });
  await app.register(timelineRoutes, { db, lane });
  await app.register(listRoutes, { db, reads });
  await app.register(integrityRoutes, { db, signingKey });
  await app.register(signatureRoutes, { db, lane });
  await app.register(importRoutes, { db, lane, databasePath: config.databasePath });
  await app.register(keyRoutes, { db, lane });

  return app;
}

/** Dotted path of the first string (or key) with an unpaired surrogate, or null. Iterative:
 * hostile bodies nest deeper than the call stack. */
function findIllFormed(root: unknown, rootPath: string): string | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return path;
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (!key.isWellFormed()) return at;
        stack.push([child, at]);
      }
    }
  }
  return null;
}
