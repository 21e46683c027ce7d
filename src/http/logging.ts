import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino from 'pino';
import type { AppConfig } from '../config.js';

/**
 * One log line per request, written off the hot path: Fastify's default is two lines (incoming,
 * completed) written synchronously, which cost more than a cached read itself. The incoming
 * line is still there at debug level.
 */

/** A request id the client may choose: short, and safe to echo and to log. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

export function logging(config: Pick<AppConfig, 'logLevel' | 'logStream'>) {
  // Asynchronous unless a test reads the lines: pino buffers and writes in the background,
  // flushed when the app closes.
  const destination = config.logStream ? null : pino.destination({ sync: false });
  return {
    options: {
      level: config.logLevel,
      stream: config.logStream ?? destination ?? process.stdout,
      // Keys are credentials; never let a log line carry one.
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    },
    flush: () => destination?.flushSync(),
    controller: new RequestLog(),
  };
}

/**
 * Fastify's own request lines, made one: the incoming line only at debug, and the completed one
 * with what an operator reads (method, path, status, time) instead of the whole request object.
 */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest) {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
