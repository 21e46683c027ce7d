import { z } from 'zod';
import { asOfQuery, organizationRef } from '../timeline/schemas.js';

const asOf = z.iso.date().nullable().describe('The date asked for (valid time); null means the latest lists.');
const knownAt = z.iso.datetime().nullable().describe('The moment of knowledge asked for; null means as known now.');
const jaccard = z
  .number()
  .min(0)
  .max(1)
  .describe('Jaccard similarity of the two sets of statements: shared / (either), rounded to 4 places.')
  .meta({ example: 0.5 });

export const cosignersQuery = asOfQuery.extend({
  minShared: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1)
    .describe('Only cosigners sharing at least this many statements (default 1).'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('At most this many cosigners, the best ranked (1-1000, default 100); `total` counts them all.'),
});

export const cosigners = z
  .object({
    organizationId: z
      .string()
      .describe('The organization asked about.')
      .meta({ example: 'org_01KBZ3Q2F1N9W7C4YH6T5R8D2M' }),
    asOf,
    knownAt,
    minShared: z.number().int().describe('The threshold applied.'),
    signed: z
      .number()
      .int()
      .describe('Statements the organization is on (as of `asOf`, as known at `knownAt`).')
      .meta({ example: 1 }),
    total: z.number().int().describe('Cosigners meeting `minShared`, before `limit`.').meta({ example: 30 }),
    items: z
      .array(
        z.object({
          organization: organizationRef.describe('The cosigner, with its current details.'),
          shared: z.number().int().describe('Statements both are on.').meta({ example: 1 }),
          signed: z.number().int().describe('Statements the cosigner is on.').meta({ example: 1 }),
          jaccard,
        }),
      )
      .describe('Ranked by `shared`, then `jaccard`, then id.'),
  })
  .meta({ id: 'Cosigners' });

export const overlapQuery = asOfQuery.extend({
  with: z
    .string()
    .min(1)
    .max(64)
    .describe("The other statement's id.")
    .meta({ example: 'stm_01KBZ3Q2F1N9W7C4YH6T5R8D2M' }),
});

const refs = (what: string) =>
  z.array(organizationRef).describe(`${what}, in the first list's order (the second's for \`onlyRight\`).`);

export const overlap = z
  .object({
    statementId: z.string().describe('The statement in the path (the left list).'),
    with: z.string().describe('The other statement (the right list).'),
    asOf,
    knownAt,
    counts: z
      .object({
        left: z.number().int().describe('Signatories of the left list.').meta({ example: 31 }),
        right: z.number().int().describe('Signatories of the right list.').meta({ example: 31 }),
        shared: z.number().int().describe('Organizations on both.').meta({ example: 31 }),
      })
      .describe('The sizes.'),
    jaccard,
    shared: refs('Organizations on both lists'),
    onlyLeft: refs('Organizations only on the left list'),
    onlyRight: refs('Organizations only on the right list'),
  })
  .meta({ id: 'StatementOverlap' });

export const NETWORK_FORMATS = ['json', 'graphml', 'csv', 'nodes-csv'] as const;

export const networkQuery = asOfQuery.extend({
  format: z
    .enum(NETWORK_FORMATS)
    .default('json')
    .describe(
      '`json` (networkx node-link), `graphml` (Gephi, networkx `read_graphml`, yEd), `csv` (edge table: Source, Target, Type, Weight, Jaccard), `nodes-csv` (node table).',
    ),
  minWeight: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1)
    .describe('Only edges of at least this many shared statements (default 1).'),
});

export const networkNode = z
  .object({
    id: z.string().describe('The organization id.'),
    label: z.string().describe('Abbreviation, else name: what a graph drawing shows.').meta({ example: 'MLPD' }),
    abbreviation: z.string().nullable().describe('As the organization abbreviates itself.'),
    name: z.string().describe('The name as the organization writes it.'),
    nameEn: z.string().nullable().describe('English name, when known.'),
    country: z.string().nullable().describe('ISO 3166-1 alpha-2.'),
    signed: z.number().int().describe('Statements it is on.'),
  })
  .meta({ id: 'NetworkNode' });

export const networkEdge = z
  .object({
    source: z.string().describe('One organization id (the smaller).'),
    target: z.string().describe('The other organization id.'),
    weight: z.number().int().describe('Statements both are on.'),
    jaccard,
  })
  .meta({ id: 'NetworkEdge' });

export const network = z
  .object({
    directed: z.literal(false).describe('Co-signature is symmetric.'),
    multigraph: z.literal(false).describe('One edge per pair, weighted.'),
    graph: z
      .object({ asOf, knownAt, minWeight: z.number().int().describe('The threshold applied.') })
      .describe('Graph attributes.'),
    nodes: z.array(networkNode).describe('Every organization on some list, by id.'),
    edges: z.array(networkEdge).describe('Every pair sharing at least `minWeight` statements, by source and target.'),
  })
  .meta({ id: 'Network', description: 'networkx node-link data: `networkx.node_link_graph(data, edges="edges")`.' });
