/**
 * The floor for any JSON read: bare Fastify (no plugins, logger off) answering the server's
 * route pattern with the same body. `object` mode serializes that object on every request, as a
 * handler returning data does; `bytes` sends the pre-serialized body, the ceiling for HTTP alone.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const { PEER_PORT, PEER_BODY_FILE, PEER_MODE, PEER_ROUTE } = process.env;
if (!PEER_PORT || !PEER_BODY_FILE || !PEER_ROUTE)
  throw new Error('PEER_PORT, PEER_BODY_FILE and PEER_ROUTE are required');

const text = readFileSync(PEER_BODY_FILE, 'utf8');
const bytes = Buffer.from(text);
// Parsed once, like data a handler already holds; JSON.parse gives plain objects and arrays.
const object: unknown = JSON.parse(text);

const app = Fastify({ logger: false });
app.get('/ready', async () => ({ ok: true }));
if (PEER_MODE === 'bytes') {
  app.get(PEER_ROUTE, (_request, reply) => {
    reply.type('application/json; charset=utf-8').send(bytes);
  });
} else {
  app.get(PEER_ROUTE, async () => object);
}
await app.listen({ port: Number(PEER_PORT), host: '127.0.0.1' });
