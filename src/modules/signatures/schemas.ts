import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { isoDate } from '../../lib/dates.js';

export const signatureStatus = z.enum(['active', 'withdrawn']).meta({ id: 'SignatureStatus' });

export const signature = z
  .object({
    id: z.string(),
    statementId: z.string(),
    organizationId: z.string(),
    position: z.number().int().min(1).describe('Its number on the published list; kept when withdrawn, never reused.'),
    status: signatureStatus,
    addedAsOf: z.iso.date().describe('As-of date of the list that first carried it.'),
    withdrawnAsOf: z.iso.date().nullable(),
    signedOn: z.iso.date().nullable().describe('When the organization signed, if known.'),
    note: z.string().nullable(),
    printedAs: z.string().nullable().describe('The entry exactly as the published list printed it.'),
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
