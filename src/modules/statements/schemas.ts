import { z } from 'zod';
import { oneLine } from '../../lib/text.js';
import { pageSchema, paginationQuery, searchQuery } from '../../http/pagination.js';
import { absentAs } from '../../http/params.js';
import { isoDate } from '../../lib/dates.js';
import { languageTag } from '../../lib/language-tag.js';
import { statementVersion, statementVersionsInput } from './versions.js';

export const statementKind = z
  .enum(['resolution', 'open-letter', 'declaration', 'petition', 'other'])
  .meta({ id: 'StatementKind' });

const language = languageTag;

const text = oneLine;
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

const fields = {
  title: text(1000),
  issuer: text(200).describe('Who issued it, e.g. `ICOR`.'),
  kind: statementKind,
  publishedOn: isoDate.nullable(),
  language: language.nullable().describe('The language of `title` and `body` (the original), BCP 47, e.g. `en`.'),
  body: z.string().max(500_000),
  versions: statementVersionsInput,
  sourceUrl: url.nullable(),
  openForSignatures: z.boolean().describe('Whether further signatories are possible (informational).'),
  declaredCount: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .nullable()
    .describe(
      'The number of signatories the source prints for its list ("31 organizations"), when it prints one; null when it does not. Reads compare it with the list\'s `total`.',
    ),
};

/** What a read says when the printed count and the list disagree. */
export const declaredCountMismatch = z
  .object({
    declared: z.number().int().describe('`declaredCount`: what the source prints.'),
    total: z.number().int().describe('Signatories on the list read.'),
  })
  .nullable()
  .describe(
    "Set when `declaredCount` and the list's total disagree (the source miscounted, or the list is incomplete or has more than the source printed); null when they agree or nothing is printed.",
  )
  .meta({ id: 'DeclaredCountMismatch', examples: [{ declared: 31, total: 30 }] });

export const statementInput = z
  .strictObject({
    title: fields.title,
    issuer: fields.issuer,
    kind: absentAs(fields.kind, 'other').describe('What it is; `other` when left out.'),
    publishedOn: fields.publishedOn.optional(),
    language: fields.language.optional(),
    body: absentAs(fields.body, '').describe("The statement's text; empty when left out."),
    versions: fields.versions.optional(),
    sourceUrl: fields.sourceUrl.optional(),
    openForSignatures: absentAs(fields.openForSignatures, true).describe(
      'Whether further signatories are possible (informational); true when left out.',
    ),
    declaredCount: fields.declaredCount.optional(),
  })
  .meta({
    id: 'NewStatement',
    examples: [
      {
        title: 'Solidarity with the workers and popular masses in Kazakhstan!',
        issuer: 'ICOR',
        kind: 'resolution',
        publishedOn: '2022-01-21',
        language: 'en',
        declaredCount: 31,
      },
    ],
  });

export const statementPatch = z
  .strictObject({
    title: fields.title.optional(),
    issuer: fields.issuer.optional(),
    kind: fields.kind.optional(),
    publishedOn: fields.publishedOn.optional(),
    language: fields.language.optional(),
    body: fields.body.optional(),
    versions: fields.versions.optional(),
    sourceUrl: fields.sourceUrl.optional(),
    openForSignatures: fields.openForSignatures.optional(),
    declaredCount: fields.declaredCount.optional(),
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
    language: z.string().nullable().describe("The original's language (BCP 47), which `title` and `body` are in."),
    body: z.string(),
    versions: z
      .array(statementVersion)
      .default([])
      .describe('Title and body in other languages, one version per language.'),
    sourceUrl: z.string().nullable(),
    openForSignatures: z.boolean(),
    declaredCount: z
      .number()
      .int()
      .nullable()
      .default(null)
      .describe('The number of signatories the source prints, when it prints one.'),
    revision: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'StatementState', description: "A statement's own fields, as kept in each revision." });

export const statement = statementState
  .extend({
    language: z
      .string()
      .nullable()
      .describe(
        "The original's language (BCP 47). `title` and `body` may be a version's: `Content-Language` says which.",
      ),
    title: z
      .string()
      .describe(
        "In the language asked for (`lang`, else Accept-Language) when there is a version in it, else the original's; `Content-Language` says which.",
      ),
    body: z.string().describe('In the same language as `title`.'),
    languages: z.array(z.string()).describe("Every language there is a title and body in, the original's first."),
    signatoryCount: z.number().int().min(0).describe('Signatories on the latest list.'),
    declaredCountMismatch: declaredCountMismatch.describe(
      'Set when `declaredCount` and `signatoryCount` disagree; null when they agree or nothing is printed.',
    ),
  })
  .meta({ id: 'Statement' });

export const statementPage = pageSchema(statement, 'StatementPage');

const lang = languageTag
  .optional()
  .describe(
    'The language to show `title` and `body` in, when there is a version in it; overrides Accept-Language. E.g. `de`.',
  );

export const statementReadQuery = z.object({ lang });

export const statementListQuery = z.object({
  ...paginationQuery,
  lang,
  q: searchQuery('Words in the title or body, ignoring case, diacritics and script.'),
  issuer: z.string().trim().min(1).max(200).optional().describe('Exact issuer, ignoring case.'),
  signedBy: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Only statements this organization is currently a signatory of.'),
});

export type Statement = z.infer<typeof statement>;
export type StatementState = z.infer<typeof statementState>;
export type StatementInput = z.infer<typeof statementInput>;
export type StatementPatch = z.infer<typeof statementPatch>;
