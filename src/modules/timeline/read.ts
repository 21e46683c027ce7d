import { and, asc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { preparedOnce, type Conn } from '../../db/client.js';
import { organizations, signatures, signatureSpans, statements } from '../../db/schema.js';
import { END_OF_TIME, holds, holdsAt } from '../../lib/bitemporal.js';
import { eventAsOfAt, knownSeqAt } from './events.js';
import { rowsOf } from './list-rows.js';
import type { Signatory } from './schemas.js';

/**
 * The one read of the timeline: the list of a statement as of a date (valid time) as the database
 * knew it at a moment (transaction time). JSON, CSV, text, the CLI and the importer all use it.
 * It costs two index probes plus the rows of that statement's list: spans are keyed by statement.
 */

export interface ListQuery {
  /** The list as of this date; default the latest. */
  asOf?: string | undefined;
  /** As known at this moment; default now. Organization details are then as known at it too. */
  knownAt?: string | undefined;
  /** A page: at most `limit` signatories after position `after`. Default: the whole list. */
  limit?: number | undefined;
  after?: number | undefined;
  /** Hold the knowledge at this event (a long export read page by page) with current organization details. */
  atSeq?: number | undefined;
  /** Keeps a list's size, which for a knowledge and date never changes (the server's read cache). */
  sizes?: Remember<number> | undefined;
}

/** A value kept under a key, made when there is none (ReadCache.memo). */
export type Remember<T> = (key: string, make: () => T) => T;

export interface SignatoryListAt {
  /** The last event known at `knownAt`: the list reflects events 1..knownSeq. */
  knownSeq: number | null;
  /** The latest event date the list includes: the date a published list would print. */
  eventAsOf: string | null;
  /** The whole list's size, whatever the page. */
  total: number;
  items: Signatory[];
  /** The position to continue after, when the page is not the end of the list. */
  nextAfter: number | null;
}

/** No limit on a page: the whole list. */
const NO_LIMIT = -1;

/** An organization as a list shows it (OrganizationRef). */
export const organizationColumns = {
  id: organizations.id,
  abbreviation: organizations.abbreviation,
  name: organizations.name,
  nameEn: organizations.nameEn,
  names: organizations.names,
  country: organizations.country,
};
/** The entry as printed by the list that began this stretch (kept on the span), else as first recorded. */
const spanColumns = {
  position: signatureSpans.position,
  signatureId: signatureSpans.signatureId,
  addedAsOf: signatureSpans.validFrom,
  printedAs: sql<string | null>`coalesce(${signatureSpans.printedAs}, ${signatures.printedAs})`,
  printedNumber: sql<number | null>`coalesce(${signatureSpans.printedNumber}, ${signatures.printedNumber})`,
};

const p = {
  statementId: sql.placeholder('statementId'),
  asOf: sql.placeholder('asOf'),
  knownSeq: sql.placeholder('knownSeq'),
  knownAt: sql.placeholder('knownAt'),
  after: sql.placeholder('after'),
  limit: sql.placeholder('limit'),
};
const validAt = holdsAt(sql, signatureSpans.validFrom, signatureSpans.validTo, p.asOf);
const knownNow = isNull(signatureSpans.knownTo);
const knownThen = holdsAt(sql, signatureSpans.knownFrom, signatureSpans.knownTo, p.knownSeq);

/** An organization as the database knew it at `knownAt`: its last revision recorded by then. */
const stateAsKnown = sql<string | null>`(select r.state from revisions r where r.resource = 'organization'
  and r.resource_id = ${signatureSpans.organizationId} and r.recorded_at <= ${p.knownAt} order by r.revision desc limit 1)`;

const organizationState = z.object({
  id: z.string(),
  abbreviation: z.string().nullable(),
  name: z.string(),
  nameEn: z.string().nullable(),
  names: z.array(z.object({ lang: z.string(), name: z.string() })).default([]),
  country: z.string().nullable(),
});

/** Statements prepared once per database: the hot reads never re-build or re-prepare SQL. */
const prepared = preparedOnce((db) => {
  const page = and(eq(signatureSpans.statementId, p.statementId), gt(signatureSpans.position, p.after), validAt);
  // A page of the list as known by `known`, spans joined to their signatures and organizations.
  const listPage = <Q extends SQLiteSelect>(query: Q, known: SQL | undefined) =>
    query
      .innerJoin(signatures, eq(signatures.id, signatureSpans.signatureId))
      .innerJoin(organizations, eq(organizations.id, signatureSpans.organizationId))
      .where(and(page, known))
      .orderBy(asc(signatureSpans.position))
      .limit(p.limit);
  const current = (known: SQL | undefined) =>
    rowsOf(
      db,
      listPage(
        db
          .select({ ...spanColumns, organization: organizationColumns })
          .from(signatureSpans)
          .$dynamic(),
        known,
      ),
    );
  const count = (known: SQL | undefined) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(signatureSpans)
      .where(and(eq(signatureSpans.statementId, p.statementId), known, validAt))
      .prepare();
  return {
    // As known now: the partial index on current spans serves it alone.
    latest: current(knownNow),
    // As known after one event, organizations as they are: for pages of one long export.
    atSeq: current(knownThen),
    // As known then, with organizations as known then, so the answer never changes afterwards.
    asKnown: listPage(
      db
        .select({
          ...spanColumns,
          organizationId: signatureSpans.organizationId,
          state: stateAsKnown,
          organization: organizationColumns,
        })
        .from(signatureSpans)
        .$dynamic(),
      knownThen,
    ).prepare(),
    countKnown: count(knownThen),
  };
});

/**
 * The list after event `knownSeq` as of `asOf`. `knownAt` absent: knownSeq is the newest event
 * and organizations are their current selves; present: organizations as known at that moment.
 */
export function signatoriesAt(
  db: Conn,
  statementId: string,
  knownSeq: number | null,
  query: ListQuery = {},
): Signatory[] {
  if (knownSeq === null) return [];
  const q = prepared(db);
  const params = {
    statementId,
    asOf: query.asOf ?? END_OF_TIME,
    knownSeq,
    knownAt: query.knownAt ?? '',
    after: query.after ?? 0,
    limit: query.limit ?? NO_LIMIT,
  };
  if (query.knownAt === undefined) return (query.atSeq === undefined ? q.latest : q.atSeq).all(params);
  return q.asKnown.all(params).map(({ state, organizationId: _id, organization, ...rest }) => {
    const then = state === null ? null : organizationState.safeParse(JSON.parse(state));
    return { ...rest, organization: then?.success ? then.data : organization };
  });
}

const highestPosition = preparedOnce((db) =>
  db
    .select({ n: sql<number>`coalesce(max(${signatures.position}), 0)` })
    .from(signatures)
    .where(eq(signatures.statementId, sql.placeholder('statementId')))
    .prepare(),
);

/** No list of the statement, at any date or knowledge, is longer than this: one index probe. */
export const longestListBound = (db: Conn, statementId: string): number =>
  highestPosition(db).get({ statementId })?.n ?? 0;

// Prepared once: an append counts its list, an import each candidate statement's.
const listSize = preparedOnce((db) => {
  const count = (validThen: SQL) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(signatureSpans)
      .where(
        and(eq(signatureSpans.statementId, sql.placeholder('statementId')), isNull(signatureSpans.knownTo), validThen),
      )
      .prepare();
  return {
    latest: count(isNull(signatureSpans.validTo)),
    asOf: count(holdsAt(sql, signatureSpans.validFrom, signatureSpans.validTo, sql.placeholder('asOf'))),
  };
});

/** The list's size as of `asOf` as known now (no date: the latest list), for writes and imports: one count. */
export function listSizeKnownNow(db: Conn, statementId: string, asOf?: string): number {
  const row =
    asOf === undefined ? listSize(db).latest.get({ statementId }) : listSize(db).asOf.get({ statementId, asOf });
  return row?.n ?? 0;
}

export function signatoryListAt(db: Conn, statementId: string, query: ListQuery = {}): SignatoryListAt {
  const knownSeq = query.atSeq ?? knownSeqAt(db, statementId, query.knownAt);
  const limit = query.limit;
  const rows = signatoriesAt(db, statementId, knownSeq, {
    ...query,
    limit: limit === undefined ? undefined : limit + 1,
  });
  const items = limit === undefined ? rows : rows.slice(0, limit);
  const more = limit !== undefined && rows.length > limit;
  const countParams = { statementId, asOf: query.asOf ?? END_OF_TIME, knownSeq: knownSeq ?? 0 };
  const q = prepared(db);
  const counted = () => q.countKnown.get(countParams)?.n ?? 0;
  // A list's size for a given knowledge and date never changes: counted once where it is kept.
  const total =
    knownSeq === null
      ? 0
      : !more && query.after === undefined
        ? items.length
        : query.sizes
          ? query.sizes(`${statementId}|${knownSeq}|${countParams.asOf}`, counted)
          : counted();
  return {
    knownSeq,
    eventAsOf: eventAsOfAt(db, statementId, knownSeq, query.asOf),
    total,
    items,
    nextAfter: more ? (items.at(-1)?.position ?? null) : null,
  };
}

/** Net change between two dates, as known at one moment: on one list and not the other, by organization. */
export function diffAt(
  db: Conn,
  statementId: string,
  query: { from: string; to: string; knownAt?: string | undefined },
) {
  const from = signatoryListAt(db, statementId, { asOf: query.from, knownAt: query.knownAt });
  const to = signatoryListAt(db, statementId, { asOf: query.to, knownAt: query.knownAt });
  const fromOrgs = new Set(from.items.map((s) => s.organization.id));
  const toOrgs = new Set(to.items.map((s) => s.organization.id));
  return {
    knownSeq: to.knownSeq,
    added: to.items.filter((s) => !fromOrgs.has(s.organization.id)),
    withdrawn: from.items.filter((s) => !toOrgs.has(s.organization.id)),
  };
}

/** What one organization had signed as of a date, as known at a moment, per statement's own timeline. */
export function organizationSignaturesAt(db: Conn, organizationId: string, query: ListQuery) {
  const rows = db
    .select({
      span: signatureSpans,
      printedAs: signatures.printedAs,
      statement: {
        id: statements.id,
        title: statements.title,
        issuer: statements.issuer,
        publishedOn: statements.publishedOn,
      },
    })
    .from(signatureSpans)
    .innerJoin(signatures, eq(signatures.id, signatureSpans.signatureId))
    .innerJoin(statements, eq(statements.id, signatureSpans.statementId))
    .where(
      and(
        eq(signatureSpans.organizationId, organizationId),
        isNull(statements.deletedAt),
        query.knownAt === undefined ? isNull(signatureSpans.knownTo) : undefined,
      ),
    )
    .orderBy(asc(statements.seq), asc(signatureSpans.position))
    .all();
  const asOf = query.asOf ?? END_OF_TIME;
  const knownSeqs = new Map<string, number | null>();
  const knownSeqOf = (statementId: string) => {
    if (!knownSeqs.has(statementId)) knownSeqs.set(statementId, knownSeqAt(db, statementId, query.knownAt));
    return knownSeqs.get(statementId) ?? null;
  };
  return rows
    .filter(({ span }) => {
      if (!holds(span.validFrom, span.validTo, asOf)) return false;
      if (query.knownAt === undefined) return true;
      const k = knownSeqOf(span.statementId);
      return k !== null && holds(span.knownFrom, span.knownTo, k);
    })
    .map(({ span, printedAs, statement }) => ({
      statement,
      signatureId: span.signatureId,
      position: span.position,
      addedAsOf: span.validFrom,
      printedAs,
    }));
}
