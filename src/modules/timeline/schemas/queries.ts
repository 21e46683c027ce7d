import { z } from 'zod';

import { paginationQuery } from '../../../http/pagination.js';
import { instant, isoDate } from '../../../lib/dates.js';
import { SUPPORTED_LANGUAGES } from '../../../lib/published-list/supported-languages.js';

/** Query strings and path parameters of the timeline's reads. */

export const asOfQuery = z.object({
  asOf: isoDate.optional().describe('The list as of this date (valid time). Default: the latest.'),
  knownAt: instant.optional().describe('As the database knew it at this moment (transaction time). Default: now.'),
});

export const exportQuery = asOfQuery.extend({
  lang: z
    .enum(SUPPORTED_LANGUAGES.map((l) => l.tag))
    .optional()
    .describe(
      'The published text only: the language to write it in (overrides Accept-Language). CSV has no language and ignores it.',
    ),
});

/** Default page of a signatory list: every published list we have seen fits in one. */
export const LIST_PAGE = 1000;

export const listQuery = asOfQuery.extend({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(LIST_PAGE)
    .describe(`Page size for JSON (1-10000, default ${LIST_PAGE}); CSV and text are always the whole list.`),
  cursor: z.string().max(200).optional().describe("Opaque cursor from a previous page's `nextCursor`."),
});

/** knownAt this far in the past can see no further event: anything recorded later is recorded after it. */
export const PIN_AFTER_MS = 60_000;
export const isPinned = (knownAt: string | undefined) =>
  knownAt !== undefined && Date.parse(knownAt) <= Date.now() - PIN_AFTER_MS;

export const diffQuery = z.object({
  from: isoDate,
  to: isoDate,
  knownAt: instant.optional(),
});

export const eventParams = z.object({
  id: z.string().min(1).max(64),
  seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const eventListQuery = z.object(paginationQuery);
