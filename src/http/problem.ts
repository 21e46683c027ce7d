import { z } from 'zod';
import { PROBLEM_TYPES, PROBLEM_SLUGS, PROBLEM_TYPE_URNS, type ProblemSlug } from './problem-types.js';

/**
 * RFC 9457 problem details. `type` is a URN naming the problem (listed in docs/api.md); `errors`
 * names each offending field on validation problems.
 */
export const fieldErrorSchema = z
  .object({
    in: z.enum(['body', 'query', 'path', 'header']).describe('Which part of the request is wrong.'),
    field: z.string().describe('Dotted path of the field, e.g. `aliases.2`; empty for the whole part.'),
    detail: z.string(),
  })
  .meta({ id: 'FieldError' });

export const problemSchema = z
  .looseObject({
    type: z
      .enum(PROBLEM_TYPE_URNS)
      .describe(
        `URN naming the problem; switch on it. The types:\n${PROBLEM_SLUGS.map((slug) => `- \`urn:undersigned:problem:${slug}\` (${PROBLEM_TYPES[slug].status}): ${PROBLEM_TYPES[slug].meaning}`).join('\n')}`,
      ),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path.'),
    requestId: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({
    id: 'Problem',
    description: 'An RFC 9457 problem details object.',
    examples: [
      {
        type: 'urn:undersigned:problem:validation-error',
        title: 'Bad Request',
        status: 400,
        detail: 'The request is invalid: body.country: must be an ISO 3166-1 alpha-2 code',
        instance: '/v1/organizations',
        requestId: 'req-1',
        errors: [{ in: 'body', field: 'country', detail: 'must be an ISO 3166-1 alpha-2 code' }],
      },
    ],
  });

export type Problem = z.infer<typeof problemSchema>;
export type FieldError = z.infer<typeof fieldErrorSchema>;

const titles: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  431: 'Request Header Fields Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error that leaves the API as a problem document; thrown by repositories and routes alike. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly slug: ProblemSlug;
  readonly errors?: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    slug: ProblemSlug,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export { problemType } from './problem-types.js';

export function statusTitle(status: number): string {
  return titles[status] ?? 'Error';
}

export const invalidField = (where: FieldError['in'], field: string, detail: string) =>
  new HttpProblem(400, 'validation-error', `The request ${where} is invalid: ${field}: ${detail}`, {
    errors: [{ in: where, field, detail }],
  });

/** Error responses for a route's OpenAPI description, all sharing the Problem component. */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  const out: Record<
    number,
    { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } }
  > = {};
  for (const status of statuses) {
    out[status] = {
      description: statusTitle(status),
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return out as {
    [K in S[number]]: {
      description: string;
      content: { 'application/problem+json': { schema: typeof problemSchema } };
    };
  };
}
