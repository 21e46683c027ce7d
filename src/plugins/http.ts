import fastifyAccepts from '@fastify/accepts';
import type { FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from '../config.js';
import { clientErrorHandler, registerErrorHandling, registerNotFound, sendProblem } from '../http/errors.js';
import { jsonBodyParser } from '../http/json-body.js';
import { logging, requestId } from '../http/logging.js';
import { registerOpenApi } from '../http/openapi.js';
import { HttpProblem, invalidField } from '../http/problem.js';
import { registerProtection } from '../http/protection.js';
import { findIllFormed } from '../http/well-formed.js';
import { pageStyleHash } from '../modules/pages/style.js';

/** JSON bodies up to 1 MiB; enough for any single resource. */
export const BODY_LIMIT = 1024 * 1024;

/** The server's own options: its log, its limits, and problems for what Fastify refuses before a route. */
export function serverOptions(config: AppConfig): FastifyServerOptions & { onClose: () => void } {
  const log = logging(config);
  return {
    // Malformed URLs and over-long path params are client errors: answer them as problems too.
    frameworkErrors: (error, request, reply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      void sendProblem(
        request,
        reply,
        status,
        status === 414 ? 'uri-too-long' : 'bad-url',
        status === 414 ? 'A path parameter is longer than 100 characters.' : 'The URL is not validly percent-encoded.',
      );
    },
    clientErrorHandler,
    logger: log.options,
    logController: log.controller,
    bodyLimit: BODY_LIMIT,
    requestTimeout: 30_000,
    requestIdHeader: false,
    genReqId: requestId,
    // HEAD only where a route says so (ANSWERS_HEAD), and then it is in the contract too.
    exposeHeadRoutes: false,
    onClose: log.flush,
  };
}

/** What every request meets: the shared hooks, the body parsers, problems for every error, protection, and the contract. */
export const http = fp<AppConfig>(
  async (app, config) => {
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
    // A query string that is not validly percent-encoded is refused as a path is, never read as something else.
    app.addHook('onRequest', async (request) => {
      const query = request.raw.url?.split('?').slice(1).join('?') ?? '';
      try {
        if (query.includes('%')) decodeURIComponent(query.replace(/\+/g, ' '));
      } catch {
        throw new HttpProblem(
          400,
          'bad-url',
          `The query string is not validly percent-encoded: ${query.slice(0, 100)}. Encode each reserved or non-ASCII character as %XX (UTF-8).`,
        );
      }
    });
    // JSON may escape lone UTF-16 surrogates; they are not text, cannot be stored or hashed faithfully.
    app.addHook('preValidation', async (request) => {
      const bad = findIllFormed(request.body, '');
      if (bad !== null) throw invalidField('body', bad, 'contains an unpaired UTF-16 surrogate, which is not text');
    });

    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    // JSON and RFC 7396 merge patches with Fastify's own (prototype-poisoning-safe) parser, whose refusal says where it broke.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      ['application/json', 'application/merge-patch+json'],
      { parseAs: 'string' },
      jsonBodyParser(app),
    );
    // Only the importer reads plain text (it adds its own parser); anywhere else it is 415, not a
    // body that fails validation.
    app.removeContentTypeParser('text/plain');
    registerErrorHandling(app, app.lane.storage);
    await app.register(fastifyAccepts);
    registerNotFound(app, await registerProtection(app, app.db, config, [pageStyleHash()]));
    await registerOpenApi(app);
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'http', dependencies: ['database'] },
);
