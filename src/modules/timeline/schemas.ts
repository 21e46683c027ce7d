import { z } from 'zod';

import { documentHash } from '../documents/schemas.js';
import { oneLine } from '../../lib/text.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { absentAs } from '../../http/params.js';
import { instant, isoDate } from '../../lib/dates.js';
import { organizationInput } from '../organizations/schemas.js';
import { languageNameState } from '../organizations/languages.js';
import { SUPPORTED_LANGUAGES } from '../../lib/published-list/supported-languages.js';
import { declaredCountMismatch } from '../statements/schemas.js';

const source = z.string().trim().min(1).max(2000).describe('URL or citation of the published list.');
const note = z.string().trim().min(1).max(5000);
const reason = note.describe('Why, in a sentence; kept with the event.');
const printedAs = oneLine(2000).describe('The entry exactly as printed, e.g. `13. БКП Българска …`.');
const printedNumber = z
  .number()
  .int()
  .min(1)
  .max(1_000_000)
  .describe('The number the published list printed before the entry.');
const organizationId = z.string().min(1).max(64);

const oneOrganization = { error: 'give exactly one of `organizationId` (existing) or `organization` (new)' };
const existingOrganization = { organizationId: organizationId.describe('An existing organization (`org_…`).') };
const newOrganization = {
  organization: organizationInput.describe('A new organization, created in the same transaction.'),
};
const additionFields = {
  printedAs: printedAs.optional(),
  printedNumber: printedNumber.optional(),
  signedOn: isoDate.optional(),
  note: note.optional(),
};

/** One of two shapes, so a generated client refuses an addition that names no organization, or two. */
export const signatoryAddition = z
  .xor(
    [
      z.strictObject({ ...existingOrganization, ...additionFields }).meta({ id: 'AdditionOfExistingOrganization' }),
      z.strictObject({ ...newOrganization, ...additionFields }).meta({ id: 'AdditionOfNewOrganization' }),
    ],
    oneOrganization,
  )
  .meta({
    id: 'SignatoryAddition',
    description:
      'An organization joining the list: an existing one by `organizationId`, or a new one as `organization`.',
  });

const refFields = {
  signatureId: z.string().min(1).max(64).optional().describe('The signature (`sig_…`).'),
  organizationId: organizationId.optional().describe('The organization; it need not still exist.'),
  position: z
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe("The signature's position on this statement's list."),
};
const oneRef = (r: {
  signatureId?: string | undefined;
  organizationId?: string | undefined;
  position?: number | undefined;
}) => [r.signatureId, r.organizationId, r.position].filter((v) => v !== undefined).length === 1;
const oneRefMessage = { error: 'give exactly one of `signatureId`, `organizationId` or `position`' };

export const signatoryWithdrawal = z
  .strictObject({ ...refFields, reason: reason.optional() })
  .refine(oneRef, oneRefMessage)
  .meta({ id: 'SignatoryWithdrawal', description: "The organization signed, then withdrew as of the event's date." });

export const signatoryRetraction = z
  .strictObject({ ...refFields, reason })
  .refine(oneRef, oneRefMessage)
  .meta({
    id: 'SignatoryRetraction',
    description:
      'The organization never signed: the list was wrong. Its signature disappears from every list, for every date, as known from this event on. ' +
      'By `organizationId`, every signature of that organization on this statement.',
  });

export const eventInput = z
  .strictObject({
    asOf: isoDate.describe(
      'The date the published list speaks for (valid time): any date up to tomorrow (UTC). An earlier date than other events is a correction.',
    ),
    add: absentAs(z.array(signatoryAddition).max(20_000), []),
    withdraw: absentAs(z.array(signatoryWithdrawal).max(20_000), []),
    retract: absentAs(z.array(signatoryRetraction).max(20_000), []),
    source: source.optional(),
    note: note.optional(),
    document: documentHash
      .optional()
      .describe(
        "The SHA-256 of a kept document (`POST /v1/documents`, or one an import stored) this list was read from: the event's hash covers it.",
      ),
  })
  .refine(
    (e) => e.add.length + e.withdraw.length + e.retract.length > 0,
    'an event must add, withdraw or retract at least one signatory',
  )
  .meta({
    id: 'NewSignatoryEvent',
    examples: [
      {
        asOf: '2022-02-15',
        add: [
          {
            organization: { abbreviation: 'RM', name: 'Rode Morgen', nameEn: 'Red Dawn', country: 'NL' },
            printedNumber: 20,
          },
        ],
        source: 'https://www.icor.info',
      },
    ],
  });

const lateSignatureFields = {
  asOf: isoDate.describe(
    'The date of the list the late signatory joins; an earlier date than other events is a correction.',
  ),
  source: source.optional(),
  ...additionFields,
};

export const signatureInput = z
  .xor(
    [
      z
        .strictObject({ ...existingOrganization, ...lateSignatureFields })
        .meta({ id: 'LateSignatureOfExistingOrganization' }),
      z.strictObject({ ...newOrganization, ...lateSignatureFields }).meta({ id: 'LateSignatureOfNewOrganization' }),
    ],
    oneOrganization,
  )
  .meta({
    id: 'NewSignature',
    examples: [
      {
        asOf: '2022-02-15',
        organization: { abbreviation: 'ROL', name: 'Revolutionary Organization of Labor', country: 'US' },
        printedNumber: 31,
      },
    ],
    description: 'A late signatory: an existing organization by `organizationId`, or a new one as `organization`.',
  });

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

export const organizationRef = z
  .object({
    id: z.string(),
    abbreviation: z.string().nullable(),
    name: z.string(),
    nameEn: z.string().nullable(),
    names: z.array(languageNameState).default([]).describe('Names in other languages (English is `nameEn`).'),
    country: z.string().nullable(),
  })
  .meta({ id: 'OrganizationRef' });

export const signatory = z
  .object({
    position: z.number().int(),
    signatureId: z.string(),
    addedAsOf: z.iso.date().describe('Since when it is on this list, as known at `knownAt`.'),
    printedAs: z.string().nullable(),
    printedNumber: z.number().int().nullable(),
    organization: organizationRef,
  })
  .meta({ id: 'Signatory' });

export const signatoryEventDetail = signatoryEvent
  .extend({ signatories: z.array(signatory).describe("The list as of this event's date, as known right after it.") })
  .meta({ id: 'SignatoryEventDetail' });

export const signatoryEventPage = pageSchema(signatoryEventSummary, 'SignatoryEventPage');

const listHead = {
  statementId: z.string(),
  knownAt: z.iso
    .datetime()
    .nullable()
    .describe("The moment of the database's knowledge asked for; null means as known now."),
  knownSeq: z
    .number()
    .int()
    .nullable()
    .describe('The last event recorded by `knownAt`; the answer reflects events 1…knownSeq. Null before the first.'),
};

export const signatoryList = z
  .object({
    ...listHead,
    asOf: z.iso.date().nullable().describe('The date asked for; null means the latest list.'),
    eventAsOf: z.iso
      .date()
      .nullable()
      .describe('The latest event date the list includes: the date a published list would print.'),
    total: z.number().int().describe('Signatories on the whole list, whatever the page.'),
    declaredCount: z
      .number()
      .int()
      .nullable()
      .describe(
        "The statement's `declaredCount` as known at `knownAt`: the number of signatories its source prints; null when it prints none.",
      ),
    declaredCountMismatch: declaredCountMismatch.describe(
      "Set when this is the latest list (it includes the latest event date known) and `declaredCount` disagrees with `total`; null when they agree, nothing is printed, or the list is an earlier one (the count printed is the latest list's).",
    ),
    items: z.array(signatory).describe('This page, by position.'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'SignatoryList' });

export const signatoryDiff = z
  .object({
    ...listHead,
    from: z.iso.date(),
    to: z.iso.date(),
    added: z.array(signatory).describe('On the list at `to` but not at `from`.'),
    withdrawn: z.array(signatory).describe('On the list at `from` but not at `to`.'),
  })
  .meta({ id: 'SignatoryDiff' });

export const organizationSignatures = z
  .object({
    organizationId: z.string(),
    asOf: z.iso.date().nullable(),
    knownAt: z.iso.datetime().nullable().describe('The moment of knowledge asked for; null means as known now.'),
    items: z.array(
      z.object({
        statement: z.object({
          id: z.string(),
          title: z.string(),
          issuer: z.string(),
          publishedOn: z.string().nullable(),
        }),
        signatureId: z.string(),
        position: z.number().int(),
        addedAsOf: z.iso.date(),
        printedAs: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'OrganizationSignatures' });

export const asOfQuery = z.object({
  asOf: isoDate.optional().describe('The list as of this date (valid time). Default: the latest.'),
  knownAt: instant.optional().describe('As the database knew it at this moment (transaction time). Default: now.'),
});

export const exportQuery = asOfQuery.extend({
  lang: z
    .enum(SUPPORTED_LANGUAGES.map((l) => l.tag))
    .optional()
    .describe(
      'The published text only: the language to write it in (overrides Accept-Language). CSV has no language and ignores it.',
    ),
});

/** Default page of a signatory list: every published list we have seen fits in one. */
export const LIST_PAGE = 1000;

export const listQuery = asOfQuery.extend({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(LIST_PAGE)
    .describe(`Page size for JSON (1-10000, default ${LIST_PAGE}); CSV and text are always the whole list.`),
  cursor: z.string().max(200).optional().describe("Opaque cursor from a previous page's `nextCursor`."),
});

/** knownAt this far in the past can see no further event: anything recorded later is recorded after it. */
export const PIN_AFTER_MS = 60_000;
export const isPinned = (knownAt: string | undefined) =>
  knownAt !== undefined && Date.parse(knownAt) <= Date.now() - PIN_AFTER_MS;

export const diffQuery = z.object({
  from: isoDate,
  to: isoDate,
  knownAt: instant.optional(),
});

export const eventParams = z.object({
  id: z.string().min(1).max(64),
  seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const eventListQuery = z.object(paginationQuery);

export type EventInput = z.infer<typeof eventInput>;
export type Signatory = z.infer<typeof signatory>;
export type SignatoryEvent = z.infer<typeof signatoryEvent>;
export type RedundantItem = z.infer<typeof redundantItem>;
