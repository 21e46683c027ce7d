import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { isoDate } from '../../lib/dates.js';

export const signatureStatus = z.enum(['active', 'withdrawn', 'retracted']).meta({
  id: 'SignatureStatus',
  description: 'On the latest list; withdrawn from it; or retracted (it never signed: the list was wrong).',
});

export const changeNote = z
  .object({
    seq: z.number().int().describe('The event that recorded it.'),
    asOf: z.iso.date().describe('The date it took effect (for a retraction: the date of the event that recorded it).'),
    reason: z.string().nullable(),
    recordedAt: z.iso.datetime(),
    recordedBy: z.string(),
  })
  .meta({ id: 'ChangeNote' });

export const signature = z
  .object({
    id: z.string(),
    statementId: z.string(),
    organizationId: z.string(),
    position: z
      .number()
      .int()
      .min(1)
      .describe("Its place on this statement's list, fixed when first recorded; kept when withdrawn, never reused."),
    status: signatureStatus,
    addedAsOf: z.iso.date().describe('As-of date of the first list that carries it, as known now.'),
    withdrawnAsOf: z.iso.date().nullable(),
    withdrawal: changeNote.nullable().describe('Who recorded the withdrawal, when, and why; null unless withdrawn.'),
    retraction: changeNote.nullable().describe('Who recorded the retraction, when, and why; null unless retracted.'),
    signedOn: z.iso.date().nullable().describe('When the organization signed, if known.'),
    note: z.string().nullable(),
    printedAs: z.string().nullable().describe('The entry exactly as the published list printed it.'),
    printedNumber: z.number().int().nullable().describe('The number the published list printed for it.'),
    revision: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Signature' });

export const signaturePatch = z
  .strictObject({
    note: z.string().max(5000).nullable().optional(),
    signedOn: isoDate.nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'must change at least one field')
  .meta({
    id: 'SignaturePatch',
    description: 'Only `note` and `signedOn`: status, position and dates follow the signatory events.',
  });

export const signaturePage = pageSchema(signature, 'SignaturePage');

export const signatureListQuery = z.object({
  ...paginationQuery,
  statementId: z.string().min(1).max(64).optional(),
  organizationId: z.string().min(1).max(64).optional(),
  status: signatureStatus.optional(),
});

export type Signature = z.infer<typeof signature>;
export type SignaturePatch = z.infer<typeof signaturePatch>;
