import { z } from 'zod';
import { isoDate } from '../../lib/dates.js';
import { booleanQuery } from '../../http/params.js';
import { statementKind } from '../statements/schemas.js';
import { redundantItem, signatoryEvent } from '../timeline/schemas.js';

export const importText = z.string().min(1).describe('The published document, as printed.');
export const importBody = z
  .union([importText, z.strictObject({ text: importText })])
  .describe('The published document as `text/plain`, or JSON `{"text": "…"}`.')
  .meta({ id: 'ImportDocument' });

export const importQuery = z.object({
  dryRun: booleanQuery('Parse and match only; write nothing.'),
  asOf: isoDate.optional().describe('The list\'s date, when the document does not give one (or to override it).'),
});

export const importEntry = z
  .object({
    number: z.number().int(),
    line: z.number().int(),
    printedAs: z.string(),
    abbreviation: z.string().nullable(),
    name: z.string(),
    nameEn: z.string().nullable(),
    country: z.string().nullable(),
    match: z.object({
      organizationId: z.string().nullable().describe('The organization it is (or became, when written); null when new in a dry run.'),
      reason: z.enum(['abbreviation-and-name', 'name', 'english-name', 'abbreviation-and-country', 'new', 'duplicate']),
      detail: z.string(),
    }),
    newAliases: z
      .array(z.string())
      .describe('Spellings of the matched organization (name, abbreviation) it did not go by: recorded as its aliases (in a dry run, they would be).'),
    action: z.enum(['add', 'keep', 'skip']).describe('`add` to the list, `keep` (already on it), `skip` (a repeat in this document).'),
  })
  .meta({ id: 'ImportEntry' });

export const importResult = z
  .object({
    dryRun: z.boolean(),
    outcome: z
      .enum(['created', 'appended', 'unchanged'])
      .describe('A new statement with its first event; an event on an existing statement; nothing to write.'),
    statement: z.object({
      id: z.string().nullable().describe('Null only in a dry run of a new statement.'),
      issuer: z.string(),
      title: z.string(),
      kind: statementKind,
      openForSignatures: z.boolean(),
    }),
    asOf: z.iso.date(),
    backfill: z.boolean().describe('The statement has events dated after this list: it is recorded as a correction, now, for its date.'),
    entries: z.array(importEntry),
    withdrawn: z.array(z.object({ organizationId: z.string(), name: z.string(), position: z.number().int() })).describe('On the current list, missing from the document.'),
    total: z.number().int().describe('Signatories on the list as of `asOf` once the event is written (as it stands, when unchanged).'),
    redundantLater: z.array(redundantItem).describe('Items of later-dated events this backfill makes redundant (they stay in the record).'),
    event: signatoryEvent.nullable().describe('The event written; null in a dry run or when unchanged.'),
    warnings: z.array(z.object({ line: z.number().int().nullable(), message: z.string() })),
  })
  .meta({ id: 'ImportResult' });

export type ImportResult = z.infer<typeof importResult>;
