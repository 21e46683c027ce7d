import { z } from 'zod';

/**
 * RFC 9457 problem details. `type` is a URN naming the problem (listed in the README); `errors`
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
    type: z.string().describe('URN identifying the problem type.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path.'),
    requestId: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem details object.' });

export type Problem = z.infer<typeof problemSchema>;
export type FieldError = z.infer<typeof fieldErrorSchema>;

const titles: Record<number, string> = {
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
  readonly slug: string;
  readonly errors?: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    slug: string,
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

export function problemType(slug: string): string {
  return `urn:undersigned:problem:${slug}`;
}

export function statusTitle(status: number): string {
  return titles[status] ?? 'Error';
}

export const invalidField = (where: FieldError['in'], field: string, detail: string) =>
  new HttpProblem(400, 'validation-error', `The request ${where} is invalid: ${field}: ${detail}`, {
    errors: [{ in: where, field, detail }],
  });

/** Error responses for a route's OpenAPI description, all sharing the Problem component. */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  const out: Record<number, { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } }> = {};
  for (const status of statuses) {
    out[status] = {
      description: statusTitle(status),
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return out as { [K in S[number]]: { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } } };
}
