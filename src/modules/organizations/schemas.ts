import { z } from 'zod';
import { abbreviationText, nameText } from '../../lib/name-safety.js';
import { isCountryCode } from '../../lib/country.js';
import { pageSchema, paginationQuery, searchQuery } from '../../http/pagination.js';
import { booleanQuery } from '../../http/params.js';
import { languageNames, languageNameState } from './languages.js';
import { identifierQuery, identifiersInput, identifierState } from './identifiers.js';

export const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"')
  .transform((code) => code.toUpperCase())
  .refine(isCountryCode, 'is not an assigned ISO 3166-1 alpha-2 code')
  .meta({ id: 'CountryCode', description: 'ISO 3166-1 alpha-2 country code, e.g. `DE`.', example: 'DE' });

const name = nameText(500);
export const MAX_ALIASES = 50;
const website = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

const fields = {
  abbreviation: abbreviationText(100).nullable().describe('As the organization abbreviates itself, e.g. `MLPD`.'),
  name: name.describe('The name as the organization writes it, in any script.'),
  nameEn: name.nullable().describe('English name, when known.'),
  names: languageNames,
  aliases: z
    .array(name)
    .max(MAX_ALIASES)
    .describe('Other names it is known by; imports add the spellings lists print.'),
  country: countryCode.nullable(),
  website: website.nullable(),
  identifiers: identifiersInput,
};

/** The fields a new organization may leave out and a change may send, after its name. */
const optionalFields = () => ({
  nameEn: fields.nameEn.optional(),
  names: fields.names.optional(),
  aliases: fields.aliases.optional(),
  country: fields.country.optional(),
  website: fields.website.optional(),
  identifiers: fields.identifiers.optional(),
});

export const organizationInput = z
  .strictObject({ abbreviation: fields.abbreviation.optional(), name: fields.name, ...optionalFields() })
  .meta({
    id: 'NewOrganization',
    description: 'A new organization. Omitted fields are null (aliases, names and identifiers: empty).',
    examples: [
      {
        abbreviation: 'MLPD',
        name: 'Marxistisch-Leninistische Partei Deutschlands',
        nameEn: 'Marxist-Leninist Party of Germany',
        country: 'DE',
        identifiers: [{ scheme: 'email-domain', value: 'mlpd.de' }],
      },
    ],
  });

export const organizationPatch = z
  .strictObject({ abbreviation: fields.abbreviation.optional(), name: fields.name.optional(), ...optionalFields() })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field')
  .meta({
    id: 'OrganizationPatch',
    examples: [{ website: 'https://www.mlpd.de' }],
    description: 'JSON merge patch (RFC 7396): fields present are replaced, `null` clears a nullable field.',
  });

export const organization = z
  .object({
    id: z.string().describe('Server-made, stable, opaque.'),
    abbreviation: z.string().nullable(),
    name: z.string(),
    nameEn: z.string().nullable().describe('English name, when known.'),
    names: z
      .array(languageNameState)
      .default([])
      .describe('Names in other languages (English is `nameEn`), e.g. as a German list translates it.'),
    aliases: z.array(z.string()),
    country: z.string().nullable().describe('ISO 3166-1 alpha-2.'),
    website: z.string().nullable(),
    identifiers: z
      .array(identifierState)
      .default([])
      .describe('Identifiers in other registries; each held by this organization only.'),
    mergedIds: z
      .array(z.string())
      .default([])
      .describe('Organizations merged into this one: their ids answer 308 here.'),
    mergedInto: z
      .string()
      .optional()
      .describe('Only in revisions of a merged organization: the one it was merged into.'),
    revision: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable().describe('Set in the revision that deleted it.'),
  })
  .meta({
    id: 'Organization',
    examples: [
      {
        id: 'org_Q2m8m3uJ0x1lWnZb',
        abbreviation: 'MLPD',
        name: 'Marxistisch-Leninistische Partei Deutschlands',
        nameEn: 'Marxist-Leninist Party of Germany',
        names: [],
        aliases: [],
        country: 'DE',
        website: null,
        identifiers: [{ scheme: 'email-domain', value: 'mlpd.de' }],
        mergedIds: [],
        revision: 1,
        createdAt: '2022-01-21T12:00:00.000Z',
        updatedAt: '2022-01-21T12:00:00.000Z',
        deletedAt: null,
      },
    ],
  });

export const organizationPage = pageSchema(organization, 'OrganizationPage');

export const organizationListQuery = z.object({
  ...paginationQuery,
  country: countryCode.optional().describe('Only organizations of this country.'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe(
      'Only organizations with exactly this name, English name or alias, ignoring case, diacritics, script, white space and dashes.',
    )
    .meta({ example: 'Rode Morgen' }),
  abbreviation: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Only organizations with exactly this abbreviation, folded like `name`.')
    .meta({ example: 'RM' }),
  identifier: identifierQuery
    .optional()
    .describe(
      'Only the organization holding this identifier, as `scheme:value` (`wikidata:Q42`, `ror:042nb2s44`, `other:lobbyregister:R001`); checked like a stored one.',
    )
    .meta({ example: 'wikidata:Q42' }),
  q: searchQuery(
    'Full-text search over every name, English name, name in another language, alias and abbreviation: each word a prefix, ignoring case, diacritics and script; ' +
      'ä/ae, ö/oe, ü/ue alike; words may be joined across apostrophes and breaks (`cote divoire`, `marxistleninist`).',
  ),
});

export const createOrganizationQuery = z.object({
  allowDuplicate: booleanQuery(
    'Create it even if an organization with the same name, or abbreviation, and country exists.',
  ),
});

export type Organization = z.infer<typeof organization>;
export type OrganizationInput = z.infer<typeof organizationInput>;
export type OrganizationPatch = z.infer<typeof organizationPatch>;
