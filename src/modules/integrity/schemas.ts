import { z } from 'zod';
import { checkpointClaims } from './checkpoints.js';

export const integrityProblem = z
  .object({
    part: z
      .enum(['events', 'spans', 'signatures', 'revisions'])
      .describe('Where the difference is: the chain itself, or a table derived from it.'),
    seq: z.number().int().nullable().describe('The event where it shows.'),
    row: z.string().nullable().describe('The signature it concerns.'),
    detail: z.string(),
  })
  .meta({ id: 'IntegrityProblem' });

export const integrityReport = z
  .object({
    statementId: z.string(),
    valid: z.boolean(),
    length: z.number().int().describe('Number of events checked.'),
    head: z.string().nullable().describe('Hash of the last event.'),
    firstBadSeq: z.number().int().nullable(),
    detail: z.string().nullable().describe('The first problem, in words.'),
    problems: z.array(integrityProblem),
  })
  .meta({
    id: 'IntegrityReport',
    description: 'The chain recomputed and replayed, and every derived table compared with the replay.',
  });

export const derivedProblem = z
  .object({
    table: z
      .string()
      .describe(
        'The table that differs: `organization_names`, `organization_identifiers`, `organizations`, `statements`, `organizations_fts`, `statements_fts` or `organization_merges`.',
      ),
    row: z
      .string()
      .nullable()
      .describe(
        'The row: an organization or statement id (for a full-text index, the one whose entry differs, or `rowid N` for an entry of no row), an identifier as ' +
          "`scheme:value`, or a merge record's seq; null for a whole table.",
      ),
    field: z
      .string()
      .describe('The column that differs (`key`, `organization_id`, `search_text`, `merged_into`, `merged_ids`…).'),
    detail: z.string().describe('What is stored, and what the hashed records give instead.'),
  })
  .meta({
    id: 'DerivedProblem',
    description: 'A row of a table that reads use, stored beside the hashed records, that differs from what they give.',
  });

export const derivedIntegrity = z
  .object({
    checked: z
      .number()
      .int()
      .describe(
        'Rows compared: organizations and statements (search text, merge fields), organization names and identifiers, merge records, and full-text index entries (a row each).',
      ),
    problems: z
      .array(derivedProblem)
      .describe('Past 100 of one table and column, one more entry says how many others differ.'),
  })
  .meta({
    id: 'DerivedIntegrity',
    description:
      'Tables served but not hashed, recomputed from the hashed records and compared: organization names and identifiers (what `name`, `abbreviation` and ' +
      "`identifier` find), search texts and the full-text indexes (what `q` finds), and each organization's merge fields (which answer 308) against a replay of the merge records.",
  });

export const databaseIntegrity = z
  .object({
    valid: z.boolean(),
    checkedAt: z.iso.datetime(),
    integrityCheck: z
      .array(z.string())
      .describe('SQLite\'s `PRAGMA integrity_check`: `["ok"]` when the file is sound.'),
    missingGuards: z
      .array(z.string())
      .describe(
        'Triggers the migrations make (append-only guards, and those that fill the outbox and the search indexes) that are missing: someone dropped them.',
      ),
    changedGuards: z
      .array(z.string())
      .describe(
        "Triggers present under a migration's name whose SQL differs from the migration's (white space aside): a guard emptied or rewritten.",
      ),
    extraTriggers: z.array(z.string()).describe('Triggers the migrations never made.'),
    statements: z.object({
      checked: z.number().int(),
      broken: z.array(z.object({ statementId: z.string(), detail: z.string().nullable() })),
    }),
    histories: z.object({
      checked: z
        .number()
        .int()
        .describe('Organizations and statements whose revision chains were checked, and organization merge records.'),
      broken: z.array(
        z.object({ resource: z.string(), id: z.string(), revision: z.number().int().nullable(), detail: z.string() }),
      ),
    }),
    derived: derivedIntegrity,
    log: z
      .object({
        size: z.number().int().describe('Leaves in the log over every record.'),
        root: z
          .string()
          .nullable()
          .describe('Its RFC 9162 root, recomputed from the records (null when a leaf is missing).'),
        problems: z
          .array(
            z.object({
              index: z.number().int().nullable().describe('The leaf, when the problem is one leaf.'),
              detail: z.string(),
            }),
          )
          .describe(
            "Leaves whose hashes are not their records' and the tree's, records with no leaf, leaves naming no record.",
          ),
      })
      .describe('The log recomputed leaf by leaf, and compared with the records both ways.'),
    documents: z
      .object({
        checked: z.number().int().describe('Kept documents whose bytes were hashed again.'),
        bytes: z.number().int().describe('Their total size.'),
        problems: z
          .array(z.object({ sha256: z.string().describe('The document.'), detail: z.string() }))
          .describe(
            'Documents whose bytes no longer have their SHA-256, captures whose hash is wrong, events naming a document not kept.',
          ),
      })
      .describe('Kept documents, hashed again.'),
  })
  .meta({ id: 'DatabaseIntegrity' });

export const checkpoint = z
  .object({
    checkpoint: z.string().describe('Compact JWS (EdDSA, Ed25519) over the claims; keep it to check the chain later.'),
    kid: z.string().describe('The signing key, in /.well-known/jwks.json.'),
    claims: checkpointClaims,
  })
  .meta({ id: 'Checkpoint' });

export const checkpointCheckQuery = z.object({
  checkpoint: z.string().min(1).max(4000).describe('The checkpoint (compact JWS) you kept.'),
});

export const checkpointCheck = z
  .object({
    valid: z
      .boolean()
      .describe('The signature verifies and the current chain extends the checkpointed one and is intact.'),
    statementId: z.string().nullable(),
    checkpointLength: z.number().int().nullable(),
    currentLength: z.number().int().nullable(),
    detail: z.string(),
  })
  .meta({ id: 'CheckpointCheck' });

export const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.string())) }).meta({
  id: 'JsonWebKeySet',
  description: 'RFC 7517 JWK Set: every key that has signed checkpoints here, current and rotated.',
});
