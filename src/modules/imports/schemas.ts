import { z } from 'zod';
import { isoDate } from '../../lib/dates.js';
import { booleanQuery } from '../../http/params.js';
import { languageTag } from '../../lib/language-tag.js';
import { languageNameState } from '../organizations/languages.js';
import { statementKind } from '../statements/schemas.js';
import { redundantItem, signatoryEvent } from '../timeline/schemas.js';
import { DOCX, EXTRACTED_MEDIA_TYPES } from '../../lib/documents/types.js';

export const importText = z.string().min(1).describe('The published document, as printed.');

/**
 * A body read as its bytes (documents.ts): checked as a Buffer, documented as what travels, a
 * string (of text or, `format: binary`, of bytes). One schema per media type: SDK generators
 * (orval) fail on one schema that is a string for one media type and an object for another.
 */
const bytesBody = (id: string, description: string, binary: boolean) =>
  z
    .custom<Buffer>((value) => Buffer.isBuffer(value) && value.byteLength > 0, { message: 'is empty' })
    .meta({ id, type: 'string', ...(binary ? { format: 'binary' } : { minLength: 1 }), description });

export const importBodies = {
  'text/plain': bytesBody(
    'ImportText',
    'The published document, as printed (UTF-8 unless the Content-Type names another charset). Up to 10 MiB.',
    false,
  ),
  'text/html': bytesBody(
    'ImportHtml',
    "A web page with the published list: its main content is read (not the site's menus, banners, sidebars and footers); ordered lists give the entries' numbers, " +
      "a table one entry per row with its country column. The charset is the Content-Type's, else the page's own <meta charset>, else UTF-8. Up to 10 MiB.",
    false,
  ),
  'application/pdf': bytesBody(
    'ImportPdf',
    'A PDF with a text layer (not a scan): its lines in reading order, wrapped entries joined, running headers, footers and page numbers left out. Up to 25 MiB.',
    true,
  ),
  [DOCX]: bytesBody(
    'ImportDocx',
    'A Word document (.docx): read as the HTML mammoth makes of it, its numbered lists and tables as in a web page. Up to 25 MiB.',
    true,
  ),
  'application/json': z
    .strictObject({ text: importText })
    .describe('The published document as JSON, `{"text": "…"}`. Up to 10 MiB.')
    .meta({ id: 'ImportJson' }),
};
const decisionText = z
  .string()
  .regex(/^\d{1,7}=(org_[A-Za-z0-9_-]+|new)$/, 'must be LINE=org_… or LINE=new, such as 12=new');
const toDecision = (text: string) => {
  const [line = '', organizationId = 'new'] = text.split('=');
  return { line: Number(line), organizationId };
};

export const importQuery = z.object({
  dryRun: booleanQuery('Parse and match only; write nothing.'),
  asOf: isoDate.optional().describe("The list's date, when the document does not give one (or to override it)."),
  language: languageTag
    .optional()
    .describe(
      "The document's language (BCP 47), when its signatories header says otherwise or nothing: the statement's (or the version's) language, and that of the names in parentheses.",
    ),
  fileName: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('The name of the file the document came from, kept with it.'),
  statementId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe(
      "Import into this statement: another language's version of it (its title and body are added as that version) with its list matched against the statement's.",
    ),
  decide: z
    .union([decisionText, z.array(decisionText).max(10_000)])
    .optional()
    .transform((value) => (value === undefined ? undefined : [value].flat().map(toDecision)))
    .describe(
      'Decide an ambiguous entry by one of its lines: `LINE=org_…` (that organization) or `LINE=new`. Repeat it for each entry.',
    ),
  ambiguous: z
    .enum(['refuse', 'new'])
    .optional()
    .describe(
      'What ambiguous entries left undecided become: refused with 409 `ambiguous-match` (the default), or new organizations.',
    ),
});

export const matchCandidate = z
  .object({
    organizationId: z.string(),
    reason: z
      .enum(['abbreviation-and-name', 'name', 'english-name', 'translated-name', 'abbreviation-and-country'])
      .describe('What agrees with it.'),
    country: z.string().nullable().describe('Its country, which may not be the one the entry prints.'),
    name: z.string().describe('Its abbreviation and name.'),
  })
  .meta({ id: 'MatchCandidate' });

export const importEntry = z
  .object({
    number: z.number().int(),
    line: z.number().int().describe('The line the entry starts on.'),
    lines: z
      .tuple([z.number().int(), z.number().int()])
      .describe(
        "Its first and last line: an entry wrapped over several lines (a PDF's or a narrow column's) is read whole, its lines joined.",
      ),
    printedAs: z
      .string()
      .describe(
        "The entry as printed; a wrapped entry's lines joined by spaces (page numbers and running headers between them left out).",
      ),
    abbreviation: z.string().nullable(),
    name: z.string(),
    nameEn: z.string().nullable(),
    translation: languageNameState
      .nullable()
      .describe("The name in parentheses, with its language (the document's, or English)."),
    country: z.string().nullable().describe('The first of `countries`: the country a new organization gets.'),
    countries: z
      .array(z.string())
      .describe(
        'Every country the entry prints (`, Germany/Austria`, `, Deutschland und Österreich`), else the one its names give; empty when none is found.',
      ),
    match: z.object({
      organizationId: z
        .string()
        .nullable()
        .describe('The organization it is (or became, when written); null when new in a dry run, or undecided.'),
      reason: z
        .enum([
          'abbreviation-and-name',
          'name',
          'english-name',
          'translated-name',
          'abbreviation-and-country',
          'new',
          'duplicate',
          'ambiguous',
          'decided',
        ])
        .describe(
          "How it was found. A name holds only where the countries agree (or one side's is unknown); `ambiguous`: several organizations could be meant, or names agree only with organizations of other countries (see `candidates`); `decided`: by whoever imports (on the command line, `--decide` or `--ambiguous new`).",
        ),
      detail: z.string(),
      candidates: z
        .array(matchCandidate)
        .describe('With `ambiguous`: the organizations the entry could be, none taken. Empty otherwise.'),
    }),
    newAliases: z
      .array(z.string())
      .describe(
        'Spellings of the matched organization (name, abbreviation) it did not go by: recorded as its aliases (in a dry run, they would be).',
      ),
    action: z
      .enum(['add', 'keep', 'skip', 'undecided'])
      .describe(
        '`add` to the list, `keep` (already on it), `skip` (a repeat in this document), `undecided` (ambiguous: only in a dry run, since a real import with such entries is refused, 409 `ambiguous-match`).',
      ),
  })
  .meta({ id: 'ImportEntry' });

export const importResult = z
  .object({
    dryRun: z.boolean(),
    outcome: z
      .enum(['created', 'appended', 'unchanged'])
      .describe('A new statement with its first event; an event on an existing statement; no change to the list.'),
    statement: z.object({
      id: z.string().nullable().describe('Null only in a dry run of a new statement.'),
      issuer: z.string(),
      title: z.string(),
      kind: statementKind,
      openForSignatures: z.boolean(),
      language: z.string().nullable().describe("The statement's own language (of a new statement: the document's)."),
      declaredCount: z
        .number()
        .int()
        .nullable()
        .describe(
          "The statement's `declaredCount` after the import (in a dry run: would be): the count the document prints, unless it is a backfill; else unchanged.",
        ),
    }),
    language: z.string().describe("The document's language: its signatories header's, or the `language` parameter."),
    version: z
      .enum(['added', 'updated', 'unchanged'])
      .nullable()
      .describe(
        "With `statementId`: the document's title and body were added as the version in its language, replaced that version, or are already there (or are the original's). Null otherwise.",
      ),
    suggestion: z
      .object({
        statementId: z.string(),
        title: z.string(),
        language: z.string().nullable(),
        overlap: z.number().int().describe('Organizations of this list on its latest list.'),
        reason: z.string(),
      })
      .nullable()
      .describe(
        "When no statement has this issuer and title: the one of the same issuer whose list overlaps most, which this may be another language's version of. Never merged by itself: import again with `statementId` to add it there.",
      ),
    namesLearned: z
      .array(z.object({ organizationId: z.string(), lang: z.string(), name: z.string() }))
      .describe(
        "Names in the document's language that known organizations had none in, added to their `names` (a new revision each).",
      ),
    asOf: z.iso.date(),
    backfill: z
      .boolean()
      .describe('The statement has events dated after this list: it is recorded as a correction, now, for its date.'),
    declaredCount: z
      .number()
      .int()
      .nullable()
      .describe(
        'The number of signatories the document prints for itself ("31 organizations", "Unterzeichner (31)"), null when it prints none. A warning says when it differs from the entries read.',
      ),
    entries: z.array(importEntry),
    withdrawn: z
      .array(z.object({ organizationId: z.string(), name: z.string(), position: z.number().int() }))
      .describe('On the current list, missing from the document.'),
    total: z
      .number()
      .int()
      .describe('Signatories on the list as of `asOf` once the event is written (as it stands, when unchanged).'),
    redundantLater: z
      .array(redundantItem)
      .describe('Items of later-dated events this backfill makes redundant (they stay in the record).'),
    event: signatoryEvent.nullable().describe('The event written; null in a dry run or when unchanged.'),
    warnings: z.array(z.object({ line: z.number().int().nullable(), message: z.string() })),
    extracted: z
      .object({
        mediaType: z.enum(EXTRACTED_MEDIA_TYPES).describe('What the document was.'),
        text: z
          .string()
          .describe(
            "The text read out of it, in the published format: what the parser read (entries' and warnings' `line` numbers are its lines).",
          ),
        pages: z.number().int().min(1).nullable().describe("A PDF's number of pages; null for other documents."),
        title: z
          .string()
          .nullable()
          .describe("The page's heading or title, the PDF's title in its metadata; null when it has none."),
      })
      .nullable()
      .describe(
        'Where the text came from, when the document was a web page, a PDF or a Word document; null when it was sent as text.',
      ),
  })
  .meta({ id: 'ImportResult' });

export type ImportResult = z.infer<typeof importResult>;
