import { z } from 'zod';

import { languageNameState } from '../../organizations/languages.js';

/** A signatory on a list, with the organization as the list shows it. */

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

export type Signatory = z.infer<typeof signatory>;
