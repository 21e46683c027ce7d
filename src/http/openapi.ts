import type { FastifyInstance } from 'fastify';
import fastifySwagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { z } from 'zod';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { contractTransform, shareHeaders } from './contract.js';
import { describeComponents, exampleComponents } from './glossary.js';
import { API_VERSION } from '../version.js';

type Transform = typeof jsonSchemaTransformObject;
type Doc = Record<string, unknown> & { components?: { schemas?: Record<string, unknown> } };

const refPrefix = '#/components/schemas/';

function renameRefs(node: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => renameRefs(n, rename));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) =>
        k === '$ref' && typeof v === 'string' && v.startsWith(refPrefix)
          ? [k, refPrefix + rename(v.slice(refPrefix.length))]
          : [k, renameRefs(v, rename)],
      ),
    );
  }
  return node;
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, into));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(refPrefix)) into.add(v.slice(refPrefix.length));
      else collectRefs(v, into);
    }
  }
}

/**
 * The type provider emits every registered schema twice (`X` for responses, `XInput` for
 * requests). SDK generators would make two types of each: where both are identical keep `X`,
 * drop what nothing refers to, and name a request-only `XInput` plain `X`.
 */
export const tidyTransformObject: Transform = (input) => {
  let doc = jsonSchemaTransformObject(input) as Doc;
  const schemas = () => doc.components?.schemas ?? {};
  const renameAll = (rename: Map<string, string>) => {
    doc = renameRefs(doc, (n) => rename.get(n) ?? n) as Doc;
    const all = schemas();
    for (const [from, to] of rename) {
      if (!(to in all)) all[to] = all[from];
      delete all[from];
    }
  };
  // Identical pairs, leaves first: merging a leaf can make its parents identical next round.
  for (;;) {
    const all = schemas();
    const same = new Map<string, string>();
    for (const name of Object.keys(all)) {
      const base = name.replace(/Input$/, '');
      if (base !== name && base in all && JSON.stringify(all[name]) === JSON.stringify(all[base])) same.set(name, base);
    }
    if (same.size === 0) break;
    renameAll(same);
  }
  // Keep only components reachable from the paths.
  const reachable = new Set<string>();
  const { components: _components, ...rest } = doc;
  collectRefs(rest, reachable);
  const all = schemas();
  for (let frontier = [...reachable]; frontier.length > 0;) {
    const next = new Set<string>();
    for (const name of frontier) collectRefs(all[name], next);
    frontier = [...next].filter((n) => !reachable.has(n));
    frontier.forEach((n) => reachable.add(n));
  }
  for (const name of Object.keys(all)) if (!reachable.has(name)) delete all[name];
  // A request-only schema keeps its plain name.
  renameAll(
    new Map(
      Object.keys(all)
        .filter((n) => n.endsWith('Input') && !(n.replace(/Input$/, '') in all))
        .map((n) => [n, n.replace(/Input$/, '')]),
    ),
  );
  shareHeaders(doc);
  describeComponents(doc);
  exampleComponents(doc, (name) => {
    // Request-only components are registered as `XInput` before tidying renames them.
    const schema = z.globalRegistry._idmap.get(name) ?? z.globalRegistry._idmap.get(`${name}Input`);
    const examples = schema ? z.globalRegistry.get(schema)?.examples : undefined;
    return Array.isArray(examples) ? examples : undefined;
  });
  return doc as ReturnType<Transform>;
};

/** The document's tags, one per module, in the order /docs lists them. */
const TAGS = [
  { name: 'statements', description: 'Statements that organizations sign (versioned).' },
  { name: 'timeline', description: 'The append-only, hash-chained signatory events and the as-of reads.' },
  { name: 'organizations', description: 'Organizations that sign statements (versioned).' },
  { name: 'signatures', description: "One organization on one statement's list (versioned)." },
  { name: 'imports', description: 'Published signatory lists in, as statements and events.' },
  {
    name: 'network',
    description: 'Who signs with whom: cosigners, overlaps of two lists, the co-signature graph.',
  },
  {
    name: 'reconciliation',
    description: 'The W3C Entity Reconciliation Service API (0.2) for OpenRefine and other spreadsheets.',
  },
  { name: 'integrity', description: 'Proof: chain verification, signed checkpoints, JWKS and portable bundles.' },
  {
    name: 'sources',
    description:
      'Watched sources: pages and PDFs fetched on a schedule, whose changed lists become proposals to accept or reject.',
  },
  {
    name: 'documents',
    description: 'Documents kept as evidence: the published lists as received (HTML, PDF, text), by their SHA-256.',
  },
  {
    name: 'log',
    description:
      'One append-only Merkle log (RFC 9162) over every record: signed tree heads, inclusion and consistency proofs, the key history.',
  },
  { name: 'keys', description: 'API keys (admin only).' },
  {
    name: 'pages',
    description:
      'Web pages for people (HTML, server-rendered, no scripts): the statements and each list as of any date.',
  },
  { name: 'feeds', description: 'Atom and JSON Feed of signatory events, to follow a list in a feed reader.' },
  {
    name: 'webhooks',
    description: 'Signed HTTP callbacks for signatory events and statement changes (Standard Webhooks; admin only).',
  },
  { name: 'health', description: 'Service health.' },
];

/** The document's own parts; its paths and components come from the routes. */
const DEFINITION: NonNullable<FastifyDynamicSwaggerOptions['openapi']> = {
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
  tags: TAGS,
  // What a webhook subscriber receives (src/modules/webhooks): sent by this server, not served.
  webhooks: {
    delivery: {
      post: {
        operationId: 'webhookDelivery',
        summary: 'A webhook delivery, POSTed to a subscribed URL',
        description:
          "Signed per Standard Webhooks: verify `webhook-signature` over the raw body with the subscription's secret, and dedup by `webhook-id` " +
          '(the same on every retry of a message). Any 2xx answer is success; anything else, or none within the timeout, is retried.',
        tags: ['webhooks'],
        parameters: [
          {
            name: 'webhook-id',
            in: 'header',
            required: true,
            description: 'The message id (`msg_…`): the same on every attempt.',
            schema: { type: 'string' },
          },
          {
            name: 'webhook-timestamp',
            in: 'header',
            required: true,
            description: 'When this attempt was signed, in seconds since the epoch.',
            schema: { type: 'string' },
          },
          {
            name: 'webhook-signature',
            in: 'header',
            required: true,
            description: '`v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the secret.',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookMessage' } } },
        },
        responses: {
          '2XX': { description: 'Taken.' },
          '4XX': { description: 'Refused (e.g. a bad signature): retried, and logged with its status.' },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key from POST /v1/keys or UNDERSIGNED_ADMIN_KEY.',
      },
    },
  },
};

/** The OpenAPI 3.1 document, built from the routes' own schemas, and /docs to try it. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: DEFINITION,
    transform: contractTransform,
    transformObject: tidyTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
}
