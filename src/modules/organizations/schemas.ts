import { z } from 'zod';
import { oneLine } from '../../lib/text.js';
import { isCountryCode } from '../../lib/country.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { languageNames, languageNameState } from './languages.js';

export const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"')
  .transform((code) => code.toUpperCase())
  .refine(isCountryCode, 'is not an assigned ISO 3166-1 alpha-2 code')
  .meta({ id: 'CountryCode', description: 'ISO 3166-1 alpha-2 country code, e.g. `DE`.', example: 'DE' });

const name = oneLine(500);
const website = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

const fields = {
  abbreviation: oneLine(100).nullable().describe('As the organization abbreviates itself, e.g. `MLPD`.'),
  name: name.describe('The name as the organization writes it, in any script.'),
  nameEn: name.nullable().describe('English name, when known.'),
  names: languageNames,
  aliases: z.array(name).max(50).describe('Other names it is known by.'),
  country: countryCode.nullable(),
  website: website.nullable(),
};

export const organizationInput = z
  .strictObject({
    abbreviation: fields.abbreviation.optional(),
    name: fields.name,
    nameEn: fields.nameEn.optional(),
    names: fields.names.optional(),
    aliases: fields.aliases.optional(),
    country: fields.country.optional(),
    website: fields.website.optional(),
  })
  .meta({ id: 'NewOrganization', description: 'A new organization. Omitted fields are null (aliases and names: empty).' });

export const organizationPatch = z
  .strictObject({
    abbreviation: fields.abbreviation.optional(),
    name: fields.name.optional(),
    nameEn: fields.nameEn.optional(),
    names: fields.names.optional(),
    aliases: fields.aliases.optional(),
    country: fields.country.optional(),
    website: fields.website.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field')
  .meta({
    id: 'OrganizationPatch',
    description: 'JSON merge patch (RFC 7396): fields present are replaced, `null` clears a nullable field.',
  });

export const organization = z
  .object({
    id: z.string().describe('Server-made, stable, opaque.'),
    abbreviation: z.string().nullable(),
    name: z.string(),
    nameEn: z.string().nullable().describe('English name, when known.'),
    names: z.array(languageNameState).default([]).describe('Names in other languages (English is `nameEn`), e.g. as a German list translates it.'),
    aliases: z.array(z.string()),
    country: z.string().nullable().describe('ISO 3166-1 alpha-2.'),
    website: z.string().nullable(),
    revision: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable().describe('Set in the revision that deleted it.'),
  })
  .meta({ id: 'Organization' });

export const organizationPage = pageSchema(organization, 'OrganizationPage');

export const organizationListQuery = z.object({
  ...paginationQuery,
  country: countryCode.optional().describe('Only organizations of this country.'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Matches any name, English name, name in another language, alias or abbreviation, ignoring case, diacritics and script.'),
});

export type Organization = z.infer<typeof organization>;
export type OrganizationInput = z.infer<typeof organizationInput>;
export type OrganizationPatch = z.infer<typeof organizationPatch>;
