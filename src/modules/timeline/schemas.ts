import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { instant, isoDate } from '../../lib/dates.js';
import { organizationInput } from '../organizations/schemas.js';

const source = z.string().trim().min(1).max(2000).describe('URL or citation of the published list.');
const note = z.string().trim().min(1).max(5000);
const printedAs = z.string().trim().min(1).max(2000).describe('The entry exactly as printed, e.g. `13. БКП Българска …`.');

const oneOrganization = <T extends { organizationId?: string | undefined; organization?: unknown }>(item: T) =>
  (item.organizationId === undefined) !== (item.organization === undefined);
const oneOrganizationMessage = { error: 'give exactly one of `organizationId` (existing) or `organization` (new)' };

export const signatoryAddition = z
  .strictObject({
    organizationId: z.string().min(1).max(64).optional().describe('An existing organization.'),
    organization: organizationInput.optional().describe('A new organization, created in the same transaction.'),
    printedAs: printedAs.optional(),
    signedOn: isoDate.optional(),
    note: note.optional(),
  })
  .refine(oneOrganization, oneOrganizationMessage)
  .meta({ id: 'SignatoryAddition' });

export const signatoryWithdrawal = z
  .strictObject({
    organizationId: z.string().min(1).max(64),
    reason: note.optional(),
  })
  .meta({ id: 'SignatoryWithdrawal' });

export const snapshotInput = z
  .strictObject({
    asOf: isoDate.describe('The date the published list speaks for.'),
    add: z.array(signatoryAddition).max(20_000).default([]),
    withdraw: z.array(signatoryWithdrawal).max(20_000).default([]),
    source: source.optional(),
    note: note.optional(),
  })
  .refine((e) => e.add.length + e.withdraw.length > 0, 'an event must add or withdraw at least one signatory')
  .meta({ id: 'NewSignatoryEvent' });

export const signatureInput = z
  .strictObject({
    organizationId: z.string().min(1).max(64).optional(),
    organization: organizationInput.optional(),
    asOf: isoDate.describe('The date of the list the late signatory joins.'),
    source: source.optional(),
    printedAs: printedAs.optional(),
    signedOn: isoDate.optional(),
    note: note.optional(),
  })
  .refine(oneOrganization, oneOrganizationMessage)
  .meta({ id: 'NewSignature' });

export const eventAddition = z
  .object({ signatureId: z.string(), organizationId: z.string(), position: z.number().int(), printedAs: z.string().nullable() })
  .meta({ id: 'EventAddition' });
export const eventWithdrawal = z
  .object({ signatureId: z.string(), organizationId: z.string(), position: z.number().int(), reason: z.string().nullable() })
  .meta({ id: 'EventWithdrawal' });

const eventFields = {
  statementId: z.string(),
  seq: z.number().int().min(1).describe('1, 2, 3… per statement.'),
  asOf: z.iso.date(),
  recordedAt: z.iso.datetime().describe('When the database learned it (transaction time).'),
  recordedBy: z.string(),
  source: z.string().nullable(),
  note: z.string().nullable(),
  total: z.number().int().min(0).describe('Signatories on the list after this event.'),
  prevHash: z.string().nullable().describe('`hash` of the previous event; null for the first.'),
  hash: z.string().describe('SHA-256 (hex) of the RFC 8785 canonical JSON of the event content and prevHash.'),
};

export const signatoryEventSummary = z
  .object({ ...eventFields, addedCount: z.number().int(), withdrawnCount: z.number().int() })
  .meta({ id: 'SignatoryEventSummary' });

export const signatoryEvent = z
  .object({ ...eventFields, added: z.array(eventAddition), withdrawn: z.array(eventWithdrawal) })
  .meta({ id: 'SignatoryEvent' });

export const organizationRef = z
  .object({
    id: z.string(),
    abbreviation: z.string().nullable(),
    name: z.string(),
    nameEn: z.string().nullable(),
    country: z.string().nullable(),
  })
  .meta({ id: 'OrganizationRef' });

export const signatory = z
  .object({
    position: z.number().int(),
    signatureId: z.string(),
    addedAsOf: z.iso.date(),
    printedAs: z.string().nullable(),
    organization: organizationRef,
  })
  .meta({ id: 'Signatory' });

export const signatoryEventDetail = signatoryEvent
  .extend({ signatories: z.array(signatory).describe('The whole list right after this event.') })
  .meta({ id: 'SignatoryEventDetail' });

export const signatoryEventPage = pageSchema(signatoryEventSummary, 'SignatoryEventPage');

export const signatoryList = z
  .object({
    statementId: z.string(),
    asOf: z.iso.date().nullable().describe('The date asked for; null means the latest list.'),
    knownAt: z.iso.datetime().describe('The moment of the database\'s knowledge the answer reflects.'),
    snapshotSeq: z.number().int().nullable().describe('The event that list comes from; null before the first.'),
    total: z.number().int(),
    items: z.array(signatory),
  })
  .meta({ id: 'SignatoryList' });

export const signatoryDiff = z
  .object({
    statementId: z.string(),
    from: z.iso.date(),
    to: z.iso.date(),
    knownAt: z.iso.datetime(),
    fromSeq: z.number().int().nullable(),
    toSeq: z.number().int().nullable(),
    added: z.array(signatory).describe('On the list at `to` but not at `from`.'),
    withdrawn: z.array(signatory).describe('On the list at `from` but not at `to`.'),
  })
  .meta({ id: 'SignatoryDiff' });

export const organizationSignatures = z
  .object({
    organizationId: z.string(),
    asOf: z.iso.date().nullable(),
    knownAt: z.iso.datetime(),
    items: z.array(
      z.object({
        statement: z.object({ id: z.string(), title: z.string(), issuer: z.string(), publishedOn: z.string().nullable() }),
        signatureId: z.string(),
        position: z.number().int(),
        addedAsOf: z.iso.date(),
        printedAs: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'OrganizationSignatures' });

export const integrityReport = z
  .object({
    statementId: z.string(),
    valid: z.boolean(),
    length: z.number().int().describe('Number of events checked.'),
    head: z.string().nullable().describe('Hash of the last event.'),
    firstBadSeq: z.number().int().nullable(),
    detail: z.string().nullable(),
  })
  .meta({ id: 'IntegrityReport' });

export const asOfQuery = z.object({
  asOf: isoDate.optional().describe('The list as of this date (valid time). Default: the latest.'),
  knownAt: instant.optional().describe('As the database knew it at this moment (transaction time). Default: now.'),
});

export const diffQuery = z.object({
  from: isoDate,
  to: isoDate,
  knownAt: instant.optional(),
});

export const snapshotParams = z.object({
  id: z.string().min(1).max(64),
  seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const snapshotListQuery = z.object(paginationQuery);

export type SnapshotInput = z.infer<typeof snapshotInput>;
export type Signatory = z.infer<typeof signatory>;
