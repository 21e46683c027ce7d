import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import { reviseHead, type RevisionStep } from '../../db/revisions.js';
import { revisions, statements } from '../../db/schema.js';
import { gone, notFound } from '../../lib/domain-error.js';
import { searchText as deriveSearchText } from '../../lib/search-text.js';
import { inLanguage, languagesOf } from './versions.js';
import { statementState, type Statement, type StatementState } from './schemas.js';

/**
 * A statement's head: the row as stored, the state its revisions keep, the statement as reads
 * show it (with its signatory count), the lookups by id, and the one write of each later revision.
 */

export type Row = typeof statements.$inferSelect;

export function toStatementState(row: Row): StatementState {
  return {
    id: row.id,
    title: row.title,
    issuer: row.issuer,
    kind: row.kind,
    publishedOn: row.publishedOn,
    language: row.language,
    body: row.body,
    versions: row.versions,
    sourceUrl: row.sourceUrl,
    openForSignatures: row.openForSignatures,
    declaredCount: row.declaredCount,
    revision: row.revision,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

/**
 * The count is the size of the latest list as known now, which the newest event carries
 * (derived, checked by verify); counted from the current spans where it was never stored.
 * Spelled out with table names: drizzle leaves single-table columns unqualified.
 */
const signatoryCount = sql<number>`coalesce((select e.latest_total from signatory_events e where e.statement_id = statements.id order by e.seq desc limit 1),
  (select count(*) from signature_spans sp where sp.statement_id = statements.id and sp.known_to is null and sp.valid_to is null))`;

export const withCount = { row: statements, signatoryCount };

/** The statement as reads show it: title and body in `language` when there is a version in it. */
export function toStatement(
  { row, signatoryCount }: { row: Row; signatoryCount: number },
  language?: string | null,
): Statement {
  const state = toStatementState(row);
  const shown = inLanguage(state, language);
  return {
    ...state,
    title: shown.title,
    body: shown.body,
    languages: languagesOf(state),
    signatoryCount,
    declaredCountMismatch: countMismatch(state.declaredCount, signatoryCount),
  };
}

/** The printed count against a list's total: null when they agree or nothing is printed. */
export function countMismatch(declared: number | null, total: number): { declared: number; total: number } | null {
  return declared === null || declared === total ? null : { declared, total };
}

/** The search text of a statement (every version's title and body): writers store it, verify compares with it. */
export const statementSearchText = (s: Pick<Row, 'title' | 'body' | 'versions'>) =>
  deriveSearchText([s.title, s.body, ...s.versions.flatMap((v) => [v.title, v.body])]);

/** Every read of a statement starts here: prepared once. */
const byId = preparedOnce((db) =>
  db
    .select()
    .from(statements)
    .where(eq(statements.id, sql.placeholder('id')))
    .prepare(),
);

export function findStatementRow(db: Conn, id: string): Row | undefined {
  return byId(db).get({ id });
}

/** The statement as the database knew it at `knownAt`: its last revision recorded by then (else as it is now). */
export function statementStateAsKnown(db: Conn, row: Row, knownAt: string | undefined): StatementState {
  if (knownAt === undefined) return toStatementState(row);
  const revision = db
    .select({ state: revisions.state })
    .from(revisions)
    .where(
      and(eq(revisions.resource, 'statement'), eq(revisions.resourceId, row.id), lte(revisions.recordedAt, knownAt)),
    )
    .orderBy(desc(revisions.revision))
    .limit(1)
    .get();
  const parsed = statementState.safeParse(revision?.state);
  return parsed.success ? parsed.data : toStatementState(row);
}

export function getLiveStatementRow(db: Conn, id: string): Row {
  const row = findStatementRow(db, id);
  if (!row) throw notFound('Statement', id);
  if (row.deletedAt) throw gone('Statement', id);
  return row;
}

export function getLiveStatement(db: Conn, id: string, language?: string | null): Statement {
  const found = db.select(withCount).from(statements).where(eq(statements.id, id)).get();
  if (!found) throw notFound('Statement', id);
  if (found.row.deletedAt) throw gone('Statement', id);
  return toStatement(found, language);
}

/** One revision of a statement's head: how it is made (see reviseHead) and the columns it changes. */
export interface StatementRevision extends RevisionStep {
  /** Revision and updatedAt are set here. */
  set: Partial<Omit<Row, 'seq' | 'id' | 'revision' | 'updatedAt'>>;
}

/** The next revision of `current`, inside the caller's (immediate) transaction. */
export function reviseStatementRow(tx: Conn, current: Row, { set, ...step }: StatementRevision): StatementState {
  const id = current.id;
  const write = (revision: number) =>
    tx
      .update(statements)
      .set({ ...set, revision, updatedAt: step.now })
      .where(eq(statements.id, id))
      .returning()
      .get();
  return reviseHead(tx, { ...step, resource: 'statement', id, current, write, toState: toStatementState });
}
