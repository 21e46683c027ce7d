import { and, asc, desc, eq, exists, gt, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { ftsQuery, refillSearchText, statementsFts } from '../../db/fts.js';
import { signatureSpans, statements } from '../../db/schema.js';
import { statementSearchText, withCount, type Row } from './head.js';

/** Finding statements: by words (FTS5), issuer, signatory, and the title a document gives. */

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
