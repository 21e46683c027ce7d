import { z } from 'zod';
import { importResult } from '../imports/schemas.js';

export const proposal = z
  .object({
    id: z.string(),
    statementId: z.string(),
    sourceId: z.string().describe('The watched source whose fetch made it.'),
    document: z
      .string()
      .describe(
        'The SHA-256 of the fetched document (`/v1/documents/{sha256}`): accepting imports exactly these bytes.',
      ),
    status: z
      .enum(['pending', 'accepted', 'rejected', 'superseded'])
      .describe('`superseded`: a newer fetch of the same source made another proposal.'),
    attention: z
      .array(z.string())
      .describe(
        'Why it waits for a person (a withdrawal, an ambiguous match, a known organization printed under another name, a backfill, a warning); empty when only known or unambiguous new organizations are added.',
      ),
    plan: importResult.describe(
      "What accepting it would do, as an import's dry run says it now: entries, matches, who is added and withdrawn.",
    ),
    createdAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable().describe('When it was accepted, rejected or superseded.'),
    decidedBy: z
      .string()
      .nullable()
      .describe("Who decided (an API key's name; `source src_… (auto)` when auto mode accepted it)."),
    reason: z.string().nullable().describe('Why it was rejected.'),
    eventSeq: z
      .number()
      .int()
      .nullable()
      .describe("The event accepting it appended (null when the list already was the document's)."),
  })
  .meta({ id: 'Proposal', description: "A change a watched source's document would make to its statement's list." });

export const proposalPage = z
  .object({
    items: z.array(proposal),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'ProposalPage' });

export const proposalListQuery = z.object({
  status: z
    .enum(['pending', 'accepted', 'rejected', 'superseded'])
    .optional()
    .describe('Only proposals with this status (e.g. `pending`: those waiting for a person).'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1-200, default 50).'),
  cursor: z.string().max(200).optional().describe("Opaque cursor from a previous page's `nextCursor`."),
});

export const rejection = z
  .strictObject({
    reason: z.string().min(1).max(2000).describe('Why the change is not taken: kept with the proposal.'),
  })
  .meta({ id: 'ProposalRejection' });
