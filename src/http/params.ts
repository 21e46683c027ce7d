import { z } from 'zod';

export const idParams = z.object({ id: z.string().min(1).max(64) });
export const revisionParams = z.object({
  id: z.string().min(1).max(64),
  revision: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

/**
 * A boolean query parameter: `true`/`1` or `false`/`0`, false when absent. A boolean in the
 * contract; in a query string it arrives as text.
 */
export const booleanQuery = (description: string) =>
  z.stringbool({ truthy: ['true', '1'], falsy: ['false', '0'] }).default(false).describe(description).meta({ type: 'boolean', default: false });
