import { problemTypeValues, type components } from './schema.js';

export type Problem = components['schemas']['Problem'];
/** The `type` URNs the contract lists (an enum in openapi.json). */
export type ProblemType = Problem['type'];
type SlugOf<T> = T extends `urn:undersigned:problem:${infer Slug}` ? Slug : never;
/** `signatory-conflict`, `precondition-failed`, …: the part after `urn:undersigned:problem:`. */
export type ProblemSlug = SlugOf<ProblemType>;

export function isProblemType(value: unknown): value is ProblemType {
  return typeof value === 'string' && problemTypeValues.some((type) => type === value);
}

/** A body that is an RFC 9457 problem of a type the contract lists. */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    isProblemType(value.type) &&
    'status' in value &&
    typeof value.status === 'number' &&
    'title' in value &&
    typeof value.title === 'string'
  );
}

/** A response that was not a success, with its problem (when the body was one). */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  readonly problem: Problem | undefined;
  readonly type: ProblemType | undefined;

  constructor(response: Response, body: unknown) {
    const problem = isProblem(body) ? body : undefined;
    super(
      `${response.status} ${problem ? `${problem.title}${problem.detail ? `: ${problem.detail}` : ''}` : response.statusText}`,
    );
    this.status = response.status;
    this.problem = problem;
    this.type = problem?.type;
  }

  /** `error.is('signatory-conflict')`: the slug is checked against the contract's enum. */
  is(slug: ProblemSlug): boolean {
    return this.type === `urn:undersigned:problem:${slug}`;
  }
}

/** True when `error` is a {@link ProblemError} of this type. */
export function isProblemError(error: unknown, slug: ProblemSlug): error is ProblemError {
  return error instanceof ProblemError && error.is(slug);
}

/** What every openapi-fetch call returns, reduced to what the helpers need. */
export interface Result<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The data of a success; a {@link ProblemError} otherwise. */
export function unwrap<D>(result: Result<D>): D {
  if (!result.response.ok || result.error !== undefined) throw new ProblemError(result.response, result.error);
  if (result.data === undefined) throw new Error(`${result.response.status} from ${result.response.url} had no body`);
  return result.data;
}
