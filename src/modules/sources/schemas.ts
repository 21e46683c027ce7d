import { z } from 'zod';

/** Seconds in an ISO 8601 duration of days, hours, minutes and seconds (PT6H, P1D, PT30M), or null. */
export function durationSeconds(text: string): number | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [days, hours, minutes, seconds] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0));
  return (days ?? 0) * 86_400 + (hours ?? 0) * 3_600 + (minutes ?? 0) * 60 + (seconds ?? 0);
}

const MIN_EVERY = 60;
const MAX_EVERY = 30 * 86_400;

export const sourceInput = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .describe("The page or PDF that publishes the statement's list."),
    mode: z
      .enum(['review', 'auto'])
      .optional()
      .describe(
        '`review` (the default): every change waits for a person. `auto`: a change that only adds known or unambiguous new organizations is accepted by itself; anything else waits.',
      ),
    every: z
      .string()
      .refine((v) => {
        const s = durationSeconds(v);
        return s !== null && s >= MIN_EVERY && s <= MAX_EVERY;
      }, 'must be an ISO 8601 duration between PT1M and P30D, e.g. PT6H')
      .optional()
      .describe('How often to fetch it (ISO 8601 duration, default PT6H).'),
  })
  .meta({
    id: 'NewSource',
    examples: [{ url: 'https://www.icor.info/2022/kazakhstan-signatories', mode: 'review', every: 'PT6H' }],
  });

export type SourceInput = z.infer<typeof sourceInput>;

export const sourceOutcome = z.enum(['proposed', 'accepted', 'unchanged', 'not-modified', 'failed']);

export const source = z
  .object({
    id: z.string(),
    statementId: z.string(),
    url: z.string().describe('What is fetched.'),
    mode: z
      .enum(['review', 'auto'])
      .describe('`review`: every change waits for a person; `auto`: additions only are accepted by themselves.'),
    every: z.string().describe('ISO 8601 duration.'),
    nextCheckAt: z.iso.datetime().describe('When it is fetched next.'),
    lastCheckedAt: z.iso.datetime().nullable().describe('When it was last fetched.'),
    lastOutcome: sourceOutcome
      .nullable()
      .describe(
        '`proposed`: the list changed, a proposal waits; `accepted`: it changed and was accepted by itself (auto); `unchanged`: the same list; `not-modified`: 304; `failed`: see lastError.',
      ),
    lastHttpStatus: z.number().int().nullable().describe('How the server answered the last fetch (after redirects).'),
    lastError: z
      .string()
      .nullable()
      .describe(
        'Why the last check failed (unreachable, refused, too large, not a list…): recorded here, never in the timeline.',
      ),
    lastDocument: z.string().nullable().describe('The SHA-256 of the last document fetched.'),
    createdAt: z.iso.datetime(),
    createdBy: z.string().describe('The API key that began watching it.'),
  })
  .meta({
    id: 'Source',
    description: 'A web page or PDF fetched on a schedule; a change to the list it publishes becomes a proposal.',
  });

export const sourceList = z.object({ items: z.array(source) }).meta({ id: 'SourceList' });

export const checkResult = z
  .object({
    outcome: sourceOutcome.describe('What the check found (see `Source.lastOutcome`).'),
    source,
    proposalId: z.string().nullable().describe('The proposal the check made, if the list changed.'),
  })
  .meta({ id: 'SourceCheck' });
