import { z } from 'zod';

/** Events as recorded: the hashed content and its items, a summary, and what a correction makes redundant. */

export const eventItem = z
  .object({
    kind: z.enum(['add', 'withdraw', 'retract']),
    signatureId: z.string(),
    organizationId: z.string(),
    position: z.number().int(),
    printedAs: z.string().nullable(),
    printedNumber: z.number().int().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'EventItem' });

const eventFields = {
  statementId: z.string(),
  seq: z.number().int().min(1).describe('1, 2, 3… per statement, in the order events were recorded.'),
  asOf: z.iso.date().describe('The date the event speaks for (valid time).'),
  recordedAt: z.iso.datetime().describe('When the database learned it (transaction time).'),
  recordedBy: z.string(),
  source: z.string().nullable(),
  note: z.string().nullable(),
  total: z.number().int().min(0).describe("Signatories on the list as of this event's date, as known right after it."),
  prevHash: z.string().nullable().describe('`hash` of the previous event; null for the first.'),
  hash: z.string().describe('SHA-256 (hex) of the RFC 8785 canonical JSON of the event content and prevHash.'),
  format: z
    .number()
    .int()
    .describe(
      '1: hashed as `added` and `withdrawn` lists (events recorded before corrections existed); 2: hashed as `items`.',
    ),
  document: z
    .string()
    .nullable()
    .describe(
      'The SHA-256 of the document the list came from (`/v1/documents/{sha256}`), hashed with the event when set; null for a list recorded by hand.',
    ),
};

export const signatoryEventSummary = z
  .object({
    ...eventFields,
    addedCount: z.number().int(),
    withdrawnCount: z.number().int(),
    retractedCount: z.number().int(),
  })
  .meta({ id: 'SignatoryEventSummary' });

export const signatoryEvent = z.object({ ...eventFields, items: z.array(eventItem) }).meta({ id: 'SignatoryEvent' });

export const redundantItem = z
  .object({
    seq: z.number().int(),
    kind: z.enum(['add', 'withdraw']),
    organizationId: z.string(),
    signatureId: z.string(),
  })
  .meta({
    id: 'RedundantItem',
    description: 'An item of an earlier-recorded event that this correction makes redundant; it stays in the record.',
  });

export const recordedEvent = signatoryEvent
  .extend({
    redundantLater: z
      .array(redundantItem)
      .describe('Items of other events that now change nothing. Nothing else changes.'),
  })
  .meta({ id: 'RecordedSignatoryEvent' });

export type SignatoryEvent = z.infer<typeof signatoryEvent>;
export type RedundantItem = z.infer<typeof redundantItem>;
