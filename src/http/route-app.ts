import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The app as a route plugin sees it (zod-typed): what a plugin's groups of routes are given. */
export type RouteApp = Parameters<FastifyPluginAsyncZod>[0];
