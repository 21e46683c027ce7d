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
  z
    .stringbool({ truthy: ['true', '1'], falsy: ['false', '0'] })
    .default(false)
    .describe(description)
    .meta({ type: 'boolean', default: false });

/**
 * A request field that may be left out, read as `value` when it is. Not `.default(value)`: that
 * writes `default` into the request's JSON Schema, and openapi-typescript at its default settings
 * makes such a property required in the generated request type. Say the value in a description.
 */
export const absentAs = <T extends z.ZodType>(schema: T, value: z.output<T>) =>
  // A copy each time: the handler may change what it is given.
  schema.optional().transform((given) => given ?? structuredClone(value));
