import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../db/client.js';
import { apiKeys } from '../db/schema.js';
import { HttpProblem } from './problem.js';

export type Role = 'editor' | 'admin';
export interface Actor {
  keyId: string;
  name: string;
  role: Role;
}

export const hashKey = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** `us_` + 256 random bits; the prefix makes leaked keys greppable by secret scanners. */
export const generateKey = () => `us_${randomBytes(32).toString('base64url')}`;

const rank: Record<Role, number> = { editor: 1, admin: 2 };

const challenge = 'Bearer realm="undersigned"';

const actorQuery = preparedOnce((db) =>
  db
    .select({ keyId: apiKeys.id, name: apiKeys.name, role: apiKeys.role })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt)))
    .prepare(),
);

export function findActor(db: Conn, secret: string): Actor | null {
  return actorQuery(db).get({ hash: hashKey(secret) }) ?? null;
}

/** onRequest hook that admits a bearer key with at least `role`, before the body is even read. Reads need no key. */
export function requireRole(db: Conn, role: Role): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match?.[1]) {
      throw new HttpProblem(
        401,
        'unauthenticated',
        'This write needs an API key: send `Authorization: Bearer <key>`.',
        {
          headers: { 'www-authenticate': challenge },
        },
      );
    }
    const actor = findActor(db, match[1]);
    if (!actor) {
      throw new HttpProblem(401, 'unauthenticated', 'The API key is unknown or has been revoked.', {
        headers: { 'www-authenticate': `${challenge}, error="invalid_token"` },
      });
    }
    if (rank[actor.role] < rank[role]) {
      throw new HttpProblem(403, 'forbidden', `The key "${actor.name}" has role ${actor.role}; this needs ${role}.`);
    }
    request.actor = actor;
  };
}

/** The key that wrote: routes with a role (plugins/auth.ts) always have one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('the route names no role: give it config.role');
  return request.actor;
}
