import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { IdempotencyKeyReused } from '../db/idempotency.js';
import { isStorageFull, STORAGE_RETRY_AFTER_S, type StorageHealth } from '../db/storage.js';
import { DomainError, StaleRevision, type RefusalKind } from '../lib/domain-error.js';
import { preconditionFailed } from './etag.js';
import { reusedKeyProblem } from './idempotency.js';
import { HttpProblem, problemType, statusTitle, type FieldError, type Problem } from './problem.js';
import { slugForStatus, type ProblemSlug } from './problem-types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Where a domain error's fields came from, by their first path segment, when not the body
     * (the importer's `asOf` is a query parameter).
     */
    fieldsIn?: Record<string, FieldError['in']>;
    /** What a 413 says on this route: its body limits, when they are not the 1 MiB of every other. */
    tooLarge?: string;
    /** What a 415 says on this route: the media types it takes, when not JSON alone. */
    mediaTypes?: string;
  }
}

const refusalStatus: Record<RefusalKind, number> = {
  invalid: 400,
  'not-found': 404,
  gone: 410,
  conflict: 409,
  'precondition-failed': 412,
  'too-large': 413,
};

function domainProblem(request: FastifyRequest, reply: FastifyReply, error: DomainError) {
  if (error instanceof StaleRevision) {
    const problem = preconditionFailed(error.currentRevision);
    return sendProblem(request, reply.headers(problem.headers), problem.status, problem.slug, problem.message);
  }
  const fieldsIn = request.routeOptions.config.fieldsIn ?? {};
  const errors = error.fields.map((f) => ({
    in: fieldsIn[f.field.split('.')[0] ?? ''] ?? 'body',
    field: f.field,
    detail: f.detail,
  }));
  return sendProblem(request, reply, refusalStatus[error.kind], error.code, error.message, {
    ...error.extra,
    ...(errors.length ? { errors } : {}),
  });
}

const contextToLocation: Record<string, FieldError['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** Fastify's own 4xx errors, by code, mapped to our problem slugs. */
const fastifyCodes: Record<string, { status: number; slug: ProblemSlug; detail?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    slug: 'unsupported-media-type',
    detail: 'Send the body as application/json (or application/merge-patch+json for PATCH).',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, slug: 'body-too-large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    slug: 'malformed-json',
    detail: 'The body is empty but its Content-Type says JSON.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, slug: 'malformed-json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, slug: 'invalid-content-length' },
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  slug: ProblemSlug,
  detail: string,
  extra: Partial<Problem> = {},
) {
  const body: Problem = {
    type: problemType(slug),
    title: statusTitle(status),
    status,
    detail,
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...extra,
  };
  // Our own serializer: the route's response schemas are for documentation and success bodies.
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .serializer((payload) => JSON.stringify(payload))
    .send(body);
}

interface RawIssue {
  code?: string;
  path?: PropertyKey[];
  message?: string;
  keys?: unknown;
  errors?: unknown;
}
const isRawIssue = (value: unknown): value is RawIssue => typeof value === 'object' && value !== null;

/** One zod issue as the fields it names; `path` is where the issue's own path starts. */
function issueFields(where: FieldError['in'], path: string, issue: RawIssue): FieldError[] {
  const at = [path, ...(issue.path ?? []).map(String)].filter(Boolean).join('.');
  // Name each unknown key as the offending field, so a typo like `name_en` is pointed at.
  if (issue.code === 'unrecognized_keys' && Array.isArray(issue.keys)) {
    return issue.keys.map((key) => ({
      in: where,
      field: at ? `${at}.${String(key)}` : String(key),
      detail: 'is not a known field',
    }));
  }
  // One of several shapes (oneOf): when one shape fits better than the others, its faults are the
  // useful ones; when none does (no organization, or two), the union's own message says why.
  if (issue.code === 'invalid_union' && Array.isArray(issue.errors)) {
    const branches = issue.errors.map((branch) => (Array.isArray(branch) ? branch.filter(isRawIssue) : []));
    const fewest = Math.min(...branches.map((b) => b.length));
    const best = branches.filter((b) => b.length === fewest);
    if (best.length === 1 && best[0]) return best[0].flatMap((inner) => issueFields(where, at, inner));
  }
  return [{ in: where, field: at, detail: issue.message ?? 'is invalid' }];
}

function zodErrorsToFields(error: FastifyError & { validationContext?: string }): FieldError[] {
  const where = contextToLocation[error.validationContext ?? 'body'] ?? 'body';
  return (error.validation ?? []).flatMap((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return issueFields(where, '', {
      ...issue.params,
      code: issue.keyword,
      message: issue.message,
      path: path ? path.split('.') : [],
    });
  });
}

export function registerErrorHandling(app: FastifyInstance, storage: StorageHealth) {
  app.setErrorHandler((thrown: FastifyError & { validationContext?: string }, request, reply) => {
    if (thrown instanceof DomainError) return domainProblem(request, reply, thrown);
    // A key sent again with another request: whichever write path found it (inline, a worker's).
    const error = thrown instanceof IdempotencyKeyReused ? reusedKeyProblem(thrown) : thrown;
    if (isStorageFull(error)) {
      storage.failed(error);
      request.log.error({ err: error }, 'a write failed: the disk is full');
      reply.header('retry-after', String(STORAGE_RETRY_AFTER_S));
      return sendProblem(
        request,
        reply,
        503,
        'storage-full',
        "The server's disk is full: the change was not made, and nothing of it was written. Try again later.",
      );
    }
    if (error instanceof HttpProblem) {
      reply.headers(error.headers);
      return sendProblem(
        request,
        reply,
        error.status,
        error.slug,
        error.message,
        error.errors ? { errors: error.errors } : {},
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = zodErrorsToFields(error);
      const summary = errors.map((e) => `${e.in}${e.field ? `.${e.field}` : ''}: ${e.detail}`).join('; ');
      return sendProblem(request, reply, 400, 'validation-error', `The request is invalid: ${summary}`, { errors });
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) {
      const { tooLarge, mediaTypes } = request.routeOptions.config;
      const detail =
        known.status === 413
          ? (tooLarge ?? 'The body is over the limit of 1 MiB (1048576 bytes): send less, or split it.')
          : known.status === 415
            ? (mediaTypes ?? known.detail)
            : known.detail;
      return sendProblem(request, reply, known.status, known.slug, detail ?? error.message);
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return sendProblem(request, reply, 400, 'malformed-json', `The body is not valid JSON: ${error.message}`);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      if (status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
      return sendProblem(request, reply, status, slugForStatus(status), error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      500,
      'internal-error',
      `Something went wrong on our side. It has been logged as request ${request.id}.`,
    );
  });
}

/**
 * What answers a path no route matches (404) or a method it does not take (405). Rate limited
 * like any route (`limit`, when the limit is on): otherwise a client whose budget is spent could
 * still probe for paths as fast as it likes.
 */
export function registerNotFound(app: FastifyInstance, limit: preHandlerHookHandler | null) {
  app.setNotFoundHandler(limit ? { preHandler: limit } : {}, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // The path exists with other methods: 405 and what it allows (RFC 9110 §15.5.6), not 404.
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        request,
        reply,
        405,
        'method-not-allowed',
        `${path} does not take ${request.method}; it takes ${allowed.join(', ')}.`,
      );
    }
    return sendProblem(request, reply, 404, 'route-not-found', `No route matches ${request.method} ${path}.`);
  });
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * What Node's HTTP parser refuses before Fastify sees a request (a malformed request line, a
 * Content-Length that is not a number): still a problem document, written on the raw socket.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({
    type: problemType(status === 431 ? 'headers-too-large' : 'malformed-request'),
    title: statusTitle(status),
    status,
    detail:
      status === 431
        ? 'The request headers are too large.'
        : 'The request is not valid HTTP/1.1 (its request line or headers could not be read).',
  });
  socket.end(
    [
      `HTTP/1.1 ${status} ${statusTitle(status)}`,
      'Connection: close',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Content-Type: application/problem+json; charset=utf-8',
      '',
      body,
    ].join('\r\n'),
  );
}
