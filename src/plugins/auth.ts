import fp from 'fastify-plugin';
import { requireRole, type Actor, type Role } from '../http/auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call the route: a key of at least this role, or anyone (`public`, said of a write
     * that needs no key). The route says it once; auth installs the check and the contract's `security`.
     */
    role?: Role | 'public';
  }
  interface FastifyRequest {
    /** The key that made the request, on routes with a role (http/auth.ts actorOf). */
    actor: Actor | null;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every route's role, from its `config.role`: the bearer-key check, before the body is read, and
 * the matching `security` of the OpenAPI operation. A write that says no role is refused at start.
 */
export const auth = fp(
  async (app) => {
    app.decorateRequest('actor', null);
    const checks = { editor: requireRole(app.db, 'editor'), admin: requireRole(app.db, 'admin') };
    app.addHook('onRoute', (route) => {
      const role = route.config?.role;
      const methods = [route.method].flat();
      if (role === undefined) {
        if (methods.some((method) => WRITES.has(method)))
          throw new Error(`${methods.join(',')} ${route.url} is a write that names no role: give it config.role`);
        return;
      }
      route.schema ??= {};
      route.schema.security = role === 'public' ? [] : [{ bearerAuth: [] }];
      if (role !== 'public') route.onRequest = [checks[role], ...[route.onRequest ?? []].flat()];
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
