import { z } from 'zod';

import { declaredCountMismatch } from '../../statements/schemas.js';
import { signatory } from './signatory.js';

/** Lists of signatories: a list at a date and knowledge, a difference between two, one organization's. */

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
