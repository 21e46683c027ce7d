/**
 * What the domain refuses, in its own terms: the kind of refusal, a stable code, and the input
 * fields at fault as paths into the domain input (`add.1.organizationId`, `asOf`). The HTTP layer
 * turns kinds into statuses and says where each field came from (body, query); the CLI prints it.
 */
export type RefusalKind = 'invalid' | 'not-found' | 'gone' | 'conflict' | 'precondition-failed' | 'too-large';

/** The stable codes of the domain's refusals; the HTTP layer lists each as a problem type. */
export type DomainCode =
  | 'validation-error'
  | 'not-found'
  | 'gone'
  | 'invalid-signatories'
  | 'unparseable-document'
  | 'missing-as-of'
  | 'as-of-in-future'
  | 'signatory-conflict'
  | 'key-name-taken'
  | 'duplicate-organization'
  | 'ambiguous-match'
  | 'invalid-versions'
  | 'identifier-taken'
  | 'merge-refused'
  | 'organization-merged'
  | 'graph-too-large'
  | 'invalid-cosignature'
  | 'unknown-document'
  | 'document-disagrees'
  | 'proposal-decided'
  | 'job-too-large'
  | 'precondition-failed';

export interface FieldFault {
  field: string;
  detail: string;
}

export class DomainError extends Error {
  override name = 'DomainError';
  readonly kind: RefusalKind;
  readonly code: DomainCode;
  readonly fields: FieldFault[];
  /** Machine-readable details a client may act on, e.g. the organization and date of a conflict. */
  readonly extra: Record<string, unknown>;

  constructor(
    kind: RefusalKind,
    code: DomainCode,
    detail: string,
    options: { fields?: FieldFault[]; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.kind = kind;
    this.code = code;
    this.fields = options.fields ?? [];
    this.extra = options.extra ?? {};
  }
}

export const notFound = (what: string, id: string | number) =>
  new DomainError('not-found', 'not-found', `${what} ${JSON.stringify(String(id))} does not exist.`);

export const gone = (what: string, id: string, detail = 'was deleted; its revisions remain readable.') =>
  new DomainError('gone', 'gone', `${what} ${JSON.stringify(id)} ${detail}`);

export const invalid = (code: DomainCode, detail: string, fields: FieldFault[] = []) =>
  new DomainError('invalid', code, detail, { fields });

export const conflict = (
  code: DomainCode,
  detail: string,
  fields: FieldFault[] = [],
  extra: Record<string, unknown> = {},
) => new DomainError('conflict', code, detail, { fields, extra });

/**
 * A write made against a revision that is no longer the current one (optimistic concurrency).
 * The HTTP layer answers 412 with the current revision's ETag.
 */
export class StaleRevision extends DomainError {
  override name = 'StaleRevision';
  readonly currentRevision: number;
  constructor(currentRevision: number) {
    super(
      'precondition-failed',
      'precondition-failed',
      `The resource has changed since it was read: it is now at revision ${currentRevision}.`,
    );
    this.currentRevision = currentRevision;
  }
}
