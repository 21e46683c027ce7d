import { z } from 'zod';

/**
 * The W3C Entity Reconciliation Service API, version 0.2 (what OpenRefine 3.x speaks):
 * https://reconciliation-api.github.io/specs/0.2/. Field names are the spec's, snake_case and all.
 */

export const ORGANIZATION_TYPE = { id: 'organization', name: 'Organization' } as const;
export const PROPERTIES = [
  { id: 'country', name: 'Country (ISO 3166-1 alpha-2, e.g. DE)' },
  { id: 'abbreviation', name: 'Abbreviation (e.g. MLPD)' },
] as const;
/** Most queries one batch may hold (the manifest's `batchSize`). */
export const BATCH_SIZE = 100;

const callback = z
  .string()
  .regex(/^[A-Za-z_$][\w$.]{0,99}$/, 'must be a JavaScript identifier (dotted names allowed)')
  .optional()
  .describe('JSONP: wrap the JSON in a call of this function, sent as application/javascript.');

const queriesField = z
  .string()
  .min(2)
  .max(1_000_000)
  .describe(
    'A reconciliation query batch serialized as JSON: `{"q0": {"query": "MLPD", "type": "organization", "limit": 3, "properties": [{"pid": "country", "v": "DE"}]}}`.',
  );

export const reconcileQuery = z.object({ queries: queriesField.optional(), callback });
export const reconcileForm = z.object({ queries: queriesField, callback });
export const suggestQuery = z.object({
  prefix: z.string().max(200).default('').describe('What the user has typed so far.'),
  cursor: z.coerce.number().int().min(0).max(10_000).default(0).describe('Suggestions to skip.'),
  callback,
});
export const previewQuery = z.object({ id: z.string().min(1).max(64).describe('The organization id.') });

const propertyValue = z.union([
  z.string().max(500),
  z.number(),
  z.boolean(),
  z.object({ id: z.string().max(500), name: z.string().max(500).optional() }),
]);

/** One query of a batch, as the spec's reconciliation-query-batch.json schema allows it. */
export const reconciliationQuery = z
  .strictObject({
    query: z.string().max(1000).optional(),
    type: z.union([z.string().max(100), z.array(z.string().max(100)).max(20)]).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    properties: z
      .array(z.object({ pid: z.string().max(100), v: z.union([propertyValue, z.array(propertyValue).max(50)]) }))
      .max(20)
      .optional(),
    type_strict: z.enum(['any', 'should', 'all']).optional(),
  })
  .refine(
    (q) => (q.query !== undefined && q.query.trim() !== '') || (q.properties?.length ?? 0) > 0,
    'needs a non-empty query or properties',
  );

export const reconciliationBatch = z.record(z.string().max(200), reconciliationQuery);
export type ReconciliationQuery = z.infer<typeof reconciliationQuery>;

const type = z.object({ id: z.string().describe('The type id.'), name: z.string().describe('Its name.') });

export const candidate = z
  .object({
    id: z.string().describe('The organization id.'),
    name: z.string().describe('Abbreviation and name, as a list prints them.'),
    description: z.string().optional().describe('English name and country, to tell namesakes apart.'),
    score: z
      .number()
      .describe(
        "0-100: 100, 95, 90 for the importer's matches (abbreviation and name, name, English name), less for similar names.",
      ),
    match: z
      .boolean()
      .describe(
        'True only where the importer would take this organization for the entry, and no given country contradicts it.',
      ),
    type: z.array(type).describe('Always the one type, organization.'),
    features: z
      .array(
        z.object({
          id: z.string().describe('The feature.'),
          value: z.union([z.boolean(), z.number()]).describe('Its value.'),
        }),
      )
      .describe('How the score was made.'),
  })
  .meta({ id: 'ReconciliationCandidate' });
export type Candidate = z.infer<typeof candidate>;

export const resultBatch = z
  .record(z.string(), z.object({ result: z.array(candidate).describe('Candidates, best first.') }))
  .meta({
    id: 'ReconciliationResultBatch',
    description: "The candidates for each query of the batch, under the query's own key.",
  });

const service = z.object({
  service_url: z.string().describe('Base URL.'),
  service_path: z.string().describe('Path under it.'),
});

export const manifest = z
  .object({
    versions: z.array(z.string()).describe('Versions of the API this service speaks.'),
    name: z.string().describe('The service.'),
    identifierSpace: z.string().describe('Where organization ids live.'),
    schemaSpace: z.string().describe('What the entities are.'),
    documentation: z.string().describe('The API docs.'),
    batchSize: z.number().int().describe('Most queries per batch.'),
    defaultTypes: z.array(type).describe('The one type, organization.'),
    view: z
      .object({ url: z.string().describe('`{{id}}` is the organization id.') })
      .describe('Where an organization is.'),
    preview: z
      .object({
        url: z.string().describe('`{{id}}` is the organization id.'),
        width: z.number().int().describe('Pixels.'),
        height: z.number().int().describe('Pixels.'),
      })
      .describe('HTML previews.'),
    suggest: z
      .object({
        entity: service.describe('Suggests organizations by name.'),
        type: service.describe('Suggests the type (`organization`).'),
        property: service.describe('Suggests the properties (`country`, `abbreviation`).'),
      })
      .describe('Auto-completion of organizations, the type and the properties.'),
  })
  .meta({ id: 'ReconciliationManifest' });

export const suggestResponse = z
  .object({
    result: z
      .array(
        z.object({
          id: z.string().describe('Id of the organization, type or property.'),
          name: z.string().describe('What to show.'),
          description: z.string().optional().describe('English name and country.'),
          notable: z.array(type).optional().describe('The organization type.'),
        }),
      )
      .describe('Suggestions, best first.'),
  })
  .meta({ id: 'ReconciliationSuggestions' });
