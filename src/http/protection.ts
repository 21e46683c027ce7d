import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import fastifyCors from '@fastify/cors';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { AppConfig } from '../config.js';
import type { Conn } from '../db/client.js';
import { findActor } from './auth.js';
import { HttpProblem } from './problem.js';

/** Security headers, CORS and rate limits: what stands between the routes and the internet. */

/** The interactive docs (swagger-ui) and its assets: the only pages that run inline code. */
const DOCS = /^\/docs(?:[/?#]|$)/;

/**
 * Helmet's security headers, worked out once: they are the same for every response of a kind, and
 * running helmet's middleware chain per request cost more than serving a cached list.
 */
function securityHeaders(directives: Record<string, Iterable<string> | null>): Record<string, string> {
  const headers: Record<string, string> = {};
  // TLS is the deployment's job; upgrading would break /docs on a plain-HTTP install.
  const middleware = helmet({
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], upgradeInsecureRequests: null, ...directives } },
  });
  const response = Object.assign(new ServerResponse(new IncomingMessage(new Socket())), {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
      return response;
    },
  });
  middleware(new IncomingMessage(new Socket()), response, () => undefined);
  return headers;
}

/**
 * Everything but /docs gets a CSP without 'unsafe-inline': the pages run no script, and their one
 * inline stylesheet is allowed by its hash (`styleHashes`). Swagger UI at /docs runs its own
 * inline bootstrap and styles, and shows the validator's badge.
 */
function securityPolicies(styleHashes: readonly string[]) {
  return {
    strict: securityHeaders({
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", ...styleHashes],
      imgSrc: ["'self'", 'data:'],
    }),
    docs: securityHeaders({
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
    }),
  };
}

/** Registers them all; returns the rate limit as a hook for what no route answers (null when off). */
export async function registerProtection(
  app: FastifyInstance,
  db: Conn,
  config: Pick<AppConfig, 'corsOrigins' | 'rateLimitMax'>,
  styleHashes: readonly string[],
): Promise<preHandlerHookHandler | null> {
  const policies = securityPolicies(styleHashes);
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(DOCS.test(request.url) ? policies.docs : policies.strict);
  });

  if (config.corsOrigins?.length) {
    await app.register(fastifyCors, {
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-request-id'],
      exposedHeaders: [
        'etag',
        'location',
        'link',
        'retry-after',
        'x-request-id',
        'idempotent-replayed',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
      ],
      maxAge: 600,
      // A preflight without Origin is not a preflight: let it reach the router, which answers a problem.
      strictPreflight: false,
    });
  }

  if (config.rateLimitMax) {
    await app.register(fastifyRateLimit, {
      max: config.rateLimitMax,
      timeWindow: 60_000,
      // The IETF draft's RateLimit-* fields, which the OpenAPI document declares on every response.
      enableDraftSpec: true,
      // A verified API key has its own budget (scripts behind one NAT keep theirs); anything else,
      // made-up tokens included, shares its IP's, so a fresh fake token buys nothing.
      keyGenerator: (request) => {
        const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
        const actor = bearer ? findActor(db, bearer) : null;
        return actor ? `key:${actor.keyId}` : `ip:${request.ip}`;
      },
      // Container health checks must never be throttled, whatever the query string.
      allowList: (request) => request.url.split('?')[0] === '/health',
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(
          429,
          'rate-limited',
          `Too many requests: the limit is ${context.max} per minute. Retry after ${Math.ceil(context.ttl / 1000)} s.`,
          {
            headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
          },
        ),
    });
    // The same budget (the plugin's own store) for unknown paths, which no route's hook covers.
    return app.rateLimit();
  }
  return null;
}
