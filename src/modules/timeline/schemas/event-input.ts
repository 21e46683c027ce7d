import { z } from 'zod';

import { documentHash } from '../../documents/schemas.js';
import { oneLine } from '../../../lib/text.js';
import { absentAs } from '../../../http/params.js';
import { isoDate } from '../../../lib/dates.js';
import { organizationInput } from '../../organizations/schemas.js';

/** What a client sends: a new event (additions, withdrawals, retractions) or a late signature. */

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

export type EventInput = z.infer<typeof eventInput>;
