import { z } from 'zod';
import { isoDate } from '../../lib/dates.js';
import { paginationQuery } from '../../http/pagination.js';

/**
 * The pages' queries, as HTML forms send them: a GET form sends an empty field as `asOf=`, and a
 * browser's date-and-time picker sends `2022-01-21T12:00` with no offset (read as UTC).
 */

const blank = z.literal('').describe('An empty field: as if absent.');
const absentIfBlank = <T>(value: T | '' | undefined): T | undefined => (value === '' ? undefined : value);
const date = z.union([blank, isoDate]).optional().transform(absentIfBlank);
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const localDateTime = z
  .string()
  .regex(LOCAL)
  .describe("A date and time without offset, as a browser's picker sends it: read as UTC.");
/** Either form, as the API's own `knownAt` holds it: UTC ISO. */
const toInstant = (value: string | undefined, ctx: z.RefinementCtx) => {
  if (value === undefined || value === '') return undefined;
  const local = LOCAL.test(value);
  const time = Date.parse(local ? `${value.length === 16 ? `${value}:00` : value}Z` : value);
  // Date.parse rolls 30 February over into March: a local time must read back as written.
  if (
    Number.isNaN(time) ||
    !/^\d{4}-/.test(new Date(time).toISOString()) ||
    (local && new Date(time).toISOString().slice(0, 16) !== value.slice(0, 16))
  ) {
    ctx.issues.push({ code: 'custom', message: 'is not a valid moment', input: value });
    return z.NEVER;
  }
  return new Date(time).toISOString();
};

export const statementPageQuery = z.object({
  asOf: date.describe('The list as of this date (valid time); empty or absent: the latest.'),
  knownAt: z
    .union([blank, z.iso.datetime({ offset: true }), localDateTime], {
      error: 'must be an RFC 3339 date-time, e.g. 2022-01-21T12:00:00Z, or a date and time without offset (UTC)',
    })
    .optional()
    .transform(toInstant)
    .describe('As the database knew it at this moment (transaction time); empty or absent: now.'),
  since: date.describe('Show the changes between this date and `asOf` (or the latest list).'),
});

export const statementsPageQuery = z.object({
  q: z
    .union([blank, z.string().trim().min(1).max(200)])
    .optional()
    .transform(absentIfBlank)
    .describe('Words in the title or body, ignoring case, diacritics and script.'),
  cursor: paginationQuery.cursor,
});

export const html = (what: string) => ({
  description: what,
  content: { 'text/html': { schema: z.string().describe('An HTML5 document (UTF-8).') } },
});
