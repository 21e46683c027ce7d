import { and, asc, desc, eq, exists, gt, isNull, lte, sql } from 'drizzle-orm';
import { inTransaction, type Conn } from '../../db/client.js';
import { appendRevision, reviseHead } from '../../db/revisions.js';
import { ftsQuery, refillSearchText, statementsFts } from '../../db/fts.js';
import { revisions, signatureSpans, statements } from '../../db/schema.js';
import { gone, notFound } from '../../lib/domain-error.js';
import { newId, nowIso } from '../../lib/ids.js';
import { searchText as deriveSearchText } from '../../lib/search-text.js';
import { checkVersions, inLanguage, languagesOf, nfcVersions } from './versions.js';
import {
  statementState,
  type Statement,
  type StatementInput,
  type StatementPatch,
  type StatementState,
} from './schemas.js';

type Row = typeof statements.$inferSelect;

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

const withCount = { row: statements, signatoryCount };

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

/** Rows whose search text a migration blanked (its derivation changed) get it again, in one transaction. */
export function fillStatementSearchText(db: Conn): number {
  return refillSearchText(
    db,
    (tx, after) =>
      tx
        .select({ seq: statements.seq, title: statements.title, body: statements.body, versions: statements.versions })
        .from(statements)
        .where(and(eq(statements.searchText, ''), gt(statements.seq, after)))
        .orderBy(asc(statements.seq))
        .limit(200)
        .all(),
    (tx, row) =>
      tx
        .update(statements)
        .set({ searchText: statementSearchText(row) })
        .where(eq(statements.seq, row.seq))
        .run(),
  );
}

export function insertStatement(tx: Conn, input: StatementInput, actor: string): StatementState {
  const now = nowIso();
  const values = {
    id: newId('stm'),
    revision: 1,
    title: input.title.normalize('NFC'),
    issuer: input.issuer.normalize('NFC'),
    kind: input.kind,
    publishedOn: input.publishedOn ?? null,
    language: input.language ?? null,
    body: input.body.normalize('NFC'),
    versions: nfcVersions(input.versions ?? []),
    sourceUrl: input.sourceUrl ?? null,
    openForSignatures: input.openForSignatures,
    declaredCount: input.declaredCount ?? null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  checkVersions(values.language, values.versions);
  const row = tx
    .insert(statements)
    .values({ ...values, searchText: statementSearchText(values) })
    .returning()
    .get();
  const state = toStatementState(row);
  appendRevision(tx, {
    resource: 'statement',
    resourceId: row.id,
    revision: 1,
    action: 'create',
    recordedAt: now,
    recordedBy: actor,
    state,
  });
  return state;
}

export function createStatement(db: Conn, input: StatementInput, actor: string): Statement {
  return inTransaction(db, () => {
    const state = insertStatement(db, input, actor);
    return {
      ...state,
      languages: languagesOf(state),
      signatoryCount: 0,
      declaredCountMismatch: countMismatch(state.declaredCount, 0),
    };
  });
}

export function findStatementRow(db: Conn, id: string): Row | undefined {
  return db.select().from(statements).where(eq(statements.id, id)).get();
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

/** Live statements in creation order, or, with `q`, ranked by FTS5's bm25 over title and body. */
export function listStatements(
  db: Conn,
  query: {
    limit: number;
    after?: number | undefined;
    offset?: number | undefined;
    q?: string | undefined;
    issuer?: string | undefined;
    signedBy?: string | undefined;
  },
) {
  const filters = and(
    isNull(statements.deletedAt),
    query.after === undefined ? undefined : gt(statements.seq, query.after),
    query.issuer ? sql`${statements.issuer} = ${query.issuer} collate nocase` : undefined,
    query.signedBy
      ? exists(
          db
            .select({ one: sql`1` })
            .from(signatureSpans)
            .where(
              and(
                eq(signatureSpans.statementId, statements.id),
                eq(signatureSpans.organizationId, query.signedBy),
                isNull(signatureSpans.knownTo),
                isNull(signatureSpans.validTo),
              ),
            ),
        )
      : undefined,
  );
  if (query.q === undefined) {
    return db
      .select(withCount)
      .from(statements)
      .where(filters)
      .orderBy(asc(statements.seq))
      .limit(query.limit + 1)
      .all();
  }
  const match = ftsQuery(query.q);
  if (!match) return [];
  return db
    .select(withCount)
    .from(statementsFts)
    .innerJoin(statements, eq(statements.seq, statementsFts.rowid))
    .where(and(sql`statements_fts MATCH ${match}`, filters))
    .orderBy(sql`bm25(statements_fts)`, asc(statements.seq))
    .limit(query.limit + 1)
    .offset(query.offset ?? 0)
    .all();
}

export function updateStatement(
  db: Conn,
  id: string,
  patch: StatementPatch,
  matches: (revision: number) => boolean,
  actor: string,
  language?: string | null,
): Statement {
  return inTransaction(db, () => {
    reviseStatement(db, getLiveStatementRow(db, id), patch, matches, actor);
    return getLiveStatement(db, id, language);
  });
}

/** The next revision of a statement, with the patch applied, inside the caller's transaction (an import adds versions so). */
export function reviseStatement(
  tx: Conn,
  current: Row,
  patch: StatementPatch,
  matches: ((revision: number) => boolean) | null,
  actor: string,
): StatementState {
  const id = current.id;
  const now = nowIso();
  const next = {
    title: patch.title?.normalize('NFC') ?? current.title,
    issuer: patch.issuer?.normalize('NFC') ?? current.issuer,
    kind: patch.kind ?? current.kind,
    publishedOn: patch.publishedOn === undefined ? current.publishedOn : patch.publishedOn,
    language: patch.language === undefined ? current.language : patch.language,
    body: patch.body?.normalize('NFC') ?? current.body,
    versions: patch.versions === undefined ? current.versions : nfcVersions(patch.versions),
    sourceUrl: patch.sourceUrl === undefined ? current.sourceUrl : patch.sourceUrl,
    openForSignatures: patch.openForSignatures ?? current.openForSignatures,
    declaredCount: patch.declaredCount === undefined ? current.declaredCount : patch.declaredCount,
  };
  checkVersions(next.language, next.versions);
  return reviseHead(tx, {
    resource: 'statement',
    id,
    current,
    matches,
    action: 'update',
    actor,
    now,
    write: (revision) =>
      tx
        .update(statements)
        .set({ ...next, revision, updatedAt: now, searchText: statementSearchText(next) })
        .where(eq(statements.id, id))
        .returning()
        .get(),
    toState: toStatementState,
  });
}

export function deleteStatement(
  db: Conn,
  id: string,
  matches: ((revision: number) => boolean) | null,
  actor: string,
): void {
  inTransaction(db, () => {
    const current = getLiveStatementRow(db, id);
    const now = nowIso();
    reviseHead(db, {
      resource: 'statement',
      id,
      current,
      matches,
      action: 'delete',
      actor,
      now,
      write: (revision) =>
        db
          .update(statements)
          .set({ revision, updatedAt: now, deletedAt: now })
          .where(eq(statements.id, id))
          .returning()
          .get(),
      toState: toStatementState,
    });
  });
}

/** Used by the importer to find the statement a document speaks for: by its title or a version's. */
export function findStatementByIssuerAndTitle(db: Conn, issuer: string, title: string): Row | undefined {
  const titled = sql`(${statements.title} = ${title} collate nocase or exists (select 1 from json_each(${statements.versions}) v where v.value ->> 'title' = ${title} collate nocase))`;
  return db
    .select()
    .from(statements)
    .where(and(isNull(statements.deletedAt), sql`${statements.issuer} = ${issuer} collate nocase`, titled))
    .orderBy(desc(statements.seq))
    .get();
}
