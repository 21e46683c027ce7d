import { z } from 'zod';
import { organization } from '../organizations/schemas.js';

const reason = z
  .string()
  .trim()
  .min(1)
  .max(5000)
  .describe('Why, in a sentence; kept with the record and with each event it writes.');

export const mergeInput = z
  .strictObject({
    into: z
      .string()
      .min(1)
      .max(64)
      .describe('The organization that survives (`org_…`): it takes the signatures, names and identifiers.'),
    reason,
  })
  .meta({
    id: 'NewMerge',
    description: 'Merge this organization (a duplicate) into another.',
    example: { into: 'org_Q2m8m3uJ0x1lWnZb', reason: 'The same party, listed under its English name.' },
  });

export const unmergeInput = z.strictObject({ reason }).meta({
  id: 'NewUnmerge',
  description: 'Undo the merge of this organization.',
  example: { reason: 'Two parties after all: the 2022 split.' },
});

export const mergeRecord = z
  .object({
    seq: z.number().int().min(1).describe('1, 2, 3… over all merges and unmerges, in the order they were recorded.'),
    action: z.enum(['merge', 'unmerge']).describe('A merge, or the unmerge that undid one.'),
    organizationId: z.string().describe('The duplicate: merged, or given back.'),
    into: z.string().describe('The survivor.'),
    reason: z.string().describe('Why.'),
    recordedAt: z.iso.datetime().describe('When it was recorded.'),
    recordedBy: z.string().describe('The API key that recorded it.'),
    prevHash: z.string().nullable().describe('`hash` of the record before; null for the first.'),
    hash: z
      .string()
      .describe('SHA-256 (hex) of the RFC 8785 canonical JSON of the record (with its details) and prevHash.'),
  })
  .meta({ id: 'MergeRecord', description: 'A merge or unmerge, as recorded (append-only, hash-chained).' });

export const mergeResult = z
  .object({
    merge: mergeRecord,
    survivor: organization.describe(
      "The survivor after it: with the duplicate's names as aliases, the identifiers united, and `mergedIds`.",
    ),
    moved: z
      .array(
        z.object({
          statementId: z.string().describe('The statement.'),
          from: z.string().describe('The signature retracted.'),
          to: z.array(z.string()).describe('The signatures that took its place, one per stretch on the list.'),
        }),
      )
      .describe(
        'Signatures moved, each retracted and added again for the receiving organization at its original dates.',
      ),
    clashes: z
      .array(
        z.object({
          statementId: z.string().describe('The statement both signed.'),
          kept: z.string().describe('The earlier signature, kept.'),
          dropped: z.string().describe('The other, retracted.'),
        }),
      )
      .describe(
        "Statements both organizations signed: the earlier signature (the survivor's on the same date) is kept, the other dropped.",
      ),
    events: z
      .array(
        z.object({
          statementId: z.string().describe('The statement.'),
          seq: z.number().int().describe("The event's seq."),
        }),
      )
      .describe('The signatory events recorded.'),
  })
  .meta({ id: 'MergeResult' });

export type MergeResult = z.infer<typeof mergeResult>;
