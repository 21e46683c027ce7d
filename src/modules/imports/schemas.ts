import { z } from 'zod';
import { isoDate } from '../../lib/dates.js';
import { booleanQuery } from '../../http/params.js';
import { languageTag } from '../../lib/language-tag.js';
import { languageNameState } from '../organizations/languages.js';
import { statementKind } from '../statements/schemas.js';
import { redundantItem, signatoryEvent } from '../timeline/schemas.js';

export const importText = z.string().min(1).describe('The published document, as printed.');
export const importBody = z
  .union([importText, z.strictObject({ text: importText })])
  .describe('The published document as `text/plain`, or JSON `{"text": "…"}`.')
  .meta({ id: 'ImportDocument' });

export const importQuery = z.object({
  dryRun: booleanQuery('Parse and match only; write nothing.'),
  asOf: isoDate.optional().describe('The list\'s date, when the document does not give one (or to override it).'),
  language: languageTag.optional().describe('The document\'s language (BCP 47), when its signatories header says otherwise or nothing: the statement\'s (or the version\'s) language, and that of the names in parentheses.'),
  statementId: z.string().min(1).max(64).optional().describe('Import into this statement: another language\'s version of it (its title and body are added as that version) with its list matched against the statement\'s.'),
});

export const matchCandidate = z
  .object({
    organizationId: z.string(),
    reason: z.enum(['abbreviation-and-name', 'name', 'english-name', 'translated-name', 'abbreviation-and-country']).describe('What agrees with it.'),
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
      .describe('Its first and last line: an entry wrapped over several lines (a PDF\'s or a narrow column\'s) is read whole, its lines joined.'),
    printedAs: z.string().describe('The entry as printed; a wrapped entry\'s lines joined by spaces (page numbers and running headers between them left out).'),
    abbreviation: z.string().nullable(),
    name: z.string(),
    nameEn: z.string().nullable(),
    translation: languageNameState.nullable().describe('The name in parentheses, with its language (the document\'s, or English).'),
    country: z.string().nullable().describe('The first of `countries`: the country a new organization gets.'),
    countries: z
      .array(z.string())
      .describe('Every country the entry prints (`, Germany/Austria`, `, Deutschland und Österreich`), else the one its names give; empty when none is found.'),
    match: z.object({
      organizationId: z.string().nullable().describe('The organization it is (or became, when written); null when new in a dry run, or undecided.'),
      reason: z
        .enum(['abbreviation-and-name', 'name', 'english-name', 'translated-name', 'abbreviation-and-country', 'new', 'duplicate', 'ambiguous', 'decided'])
        .describe('How it was found. A name holds only where the countries agree (or one side\'s is unknown); `ambiguous`: several organizations could be meant, or names agree only with organizations of other countries (see `candidates`); `decided`: by whoever imports (on the command line, `--decide` or `--ambiguous new`).'),
      detail: z.string(),
      candidates: z.array(matchCandidate).describe('With `ambiguous`: the organizations the entry could be, none taken. Empty otherwise.'),
    }),
    newAliases: z
      .array(z.string())
      .describe('Spellings of the matched organization (name, abbreviation) it did not go by: recorded as its aliases (in a dry run, they would be).'),
    action: z
      .enum(['add', 'keep', 'skip', 'undecided'])
      .describe('`add` to the list, `keep` (already on it), `skip` (a repeat in this document), `undecided` (ambiguous: only in a dry run, since a real import with such entries is refused, 409 `ambiguous-match`).'),
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
      language: z.string().nullable().describe('The statement\'s own language (of a new statement: the document\'s).'),
      declaredCount: z
        .number()
        .int()
        .nullable()
        .describe('The statement\'s `declaredCount` after the import (in a dry run: would be): the count the document prints, unless it is a backfill; else unchanged.'),
    }),
    language: z.string().describe('The document\'s language: its signatories header\'s, or the `language` parameter.'),
    version: z
      .enum(['added', 'updated', 'unchanged'])
      .nullable()
      .describe('With `statementId`: the document\'s title and body were added as the version in its language, replaced that version, or are already there (or are the original\'s). Null otherwise.'),
    suggestion: z
      .object({
        statementId: z.string(),
        title: z.string(),
        language: z.string().nullable(),
        overlap: z.number().int().describe('Organizations of this list on its latest list.'),
        reason: z.string(),
      })
      .nullable()
      .describe('When no statement has this issuer and title: the one of the same issuer whose list overlaps most, which this may be another language\'s version of. Never merged by itself: import again with `statementId` to add it there.'),
    namesLearned: z
      .array(z.object({ organizationId: z.string(), lang: z.string(), name: z.string() }))
      .describe('Names in the document\'s language that known organizations had none in, added to their `names` (a new revision each).'),
    asOf: z.iso.date(),
    backfill: z.boolean().describe('The statement has events dated after this list: it is recorded as a correction, now, for its date.'),
    declaredCount: z
      .number()
      .int()
      .nullable()
      .describe('The number of signatories the document prints for itself ("31 organizations", "Unterzeichner (31)"), null when it prints none. A warning says when it differs from the entries read.'),
    entries: z.array(importEntry),
    withdrawn: z.array(z.object({ organizationId: z.string(), name: z.string(), position: z.number().int() })).describe('On the current list, missing from the document.'),
    total: z.number().int().describe('Signatories on the list as of `asOf` once the event is written (as it stands, when unchanged).'),
    redundantLater: z.array(redundantItem).describe('Items of later-dated events this backfill makes redundant (they stay in the record).'),
    event: signatoryEvent.nullable().describe('The event written; null in a dry run or when unchanged.'),
    warnings: z.array(z.object({ line: z.number().int().nullable(), message: z.string() })),
  })
  .meta({ id: 'ImportResult' });

export type ImportResult = z.infer<typeof importResult>;
