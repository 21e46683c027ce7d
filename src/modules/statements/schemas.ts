import { z } from 'zod';
import { oneLine } from '../../lib/text.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { isoDate } from '../../lib/dates.js';

export const statementKind = z
  .enum(['resolution', 'open-letter', 'declaration', 'petition', 'other'])
  .meta({ id: 'StatementKind' });

/** BCP 47, checked and canonicalised by the runtime's own Intl (en-us -> en-US). */
const language = z
  .string()
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'is not a BCP 47 language tag such as "en" or "de-CH"')
  .transform((tag) => Intl.getCanonicalLocales(tag)[0] ?? tag);

const text = oneLine;
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

const fields = {
  title: text(1000),
  issuer: text(200).describe('Who issued it, e.g. `ICOR`.'),
  kind: statementKind,
  publishedOn: isoDate.nullable(),
  language: language.nullable(),
  body: z.string().max(500_000),
  sourceUrl: url.nullable(),
  openForSignatures: z.boolean().describe('Whether further signatories are possible (informational).'),
};

export const statementInput = z
  .strictObject({
    title: fields.title,
    issuer: fields.issuer,
    kind: fields.kind.default('other'),
    publishedOn: fields.publishedOn.optional(),
    language: fields.language.optional(),
    body: fields.body.default(''),
    sourceUrl: fields.sourceUrl.optional(),
    openForSignatures: fields.openForSignatures.default(true),
  })
  .meta({
    id: 'NewStatement',
    examples: [{ title: 'Solidarity with the workers and popular masses in Kazakhstan!', issuer: 'ICOR', kind: 'resolution', publishedOn: '2022-01-21', language: 'en' }],
  });

export const statementPatch = z
  .strictObject({
    title: fields.title.optional(),
    issuer: fields.issuer.optional(),
    kind: fields.kind.optional(),
    publishedOn: fields.publishedOn.optional(),
    language: fields.language.optional(),
    body: fields.body.optional(),
    sourceUrl: fields.sourceUrl.optional(),
    openForSignatures: fields.openForSignatures.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field')
  .meta({ id: 'StatementPatch', description: 'JSON merge patch (RFC 7396).' });

export const statementState = z
  .object({
    id: z.string(),
    title: z.string(),
    issuer: z.string(),
    kind: statementKind,
    publishedOn: z.string().nullable(),
    language: z.string().nullable(),
    body: z.string(),
    sourceUrl: z.string().nullable(),
    openForSignatures: z.boolean(),
    revision: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'StatementState', description: 'A statement\'s own fields, as kept in each revision.' });

export const statement = statementState
  .extend({ signatoryCount: z.number().int().min(0).describe('Signatories on the latest list.') })
  .meta({ id: 'Statement' });

export const statementPage = pageSchema(statement, 'StatementPage');

export const statementListQuery = z.object({
  ...paginationQuery,
  q: z.string().trim().min(1).max(200).optional().describe('Words in the title or body, ignoring case, diacritics and script.'),
  issuer: z.string().trim().min(1).max(200).optional().describe('Exact issuer, ignoring case.'),
  signedBy: z.string().min(1).max(64).optional().describe('Only statements this organization is currently a signatory of.'),
});

export type Statement = z.infer<typeof statement>;
export type StatementState = z.infer<typeof statementState>;
export type StatementInput = z.infer<typeof statementInput>;
export type StatementPatch = z.infer<typeof statementPatch>;
