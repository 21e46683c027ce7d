import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organizations, signatures, signatureSpans, statements } from '../../db/schema.js';
import { eventAsOfAt, knownSeqAt } from './events.js';
import type { Signatory } from './schemas.js';

/**
 * The one read of the timeline: the list of a statement as of a date (valid time) as the database
 * knew it at a moment (transaction time). JSON, CSV, text, the CLI and the importer all use it.
 * It costs two index probes plus the rows of that statement's list: spans are keyed by statement.
 */

export interface ListQuery {
  /** The list as of this date; default the latest. */
  asOf?: string | undefined;
  /** As known at this moment; default now. */
  knownAt?: string | undefined;
}

export interface SignatoryListAt {
  /** The last event known at `knownAt`: the list reflects events 1..knownSeq. */
  knownSeq: number | null;
  /** The latest event date the list includes: the date a published list would print. */
  eventAsOf: string | null;
  total: number;
  items: Signatory[];
}

/** Later than any date an event may carry. */
const END_OF_TIME = '9999-12-31';

const columns = {
  position: signatureSpans.position,
  signatureId: signatureSpans.signatureId,
  addedAsOf: signatureSpans.validFrom,
  printedAs: signatures.printedAs,
  printedNumber: signatures.printedNumber,
  organization: { id: organizations.id, abbreviation: organizations.abbreviation, name: organizations.name, nameEn: organizations.nameEn, country: organizations.country },
};

const p = { statementId: sql.placeholder('statementId'), asOf: sql.placeholder('asOf'), knownSeq: sql.placeholder('knownSeq') };
const validAt = and(lte(signatureSpans.validFrom, p.asOf), or(isNull(signatureSpans.validTo), gt(signatureSpans.validTo, p.asOf)));

/** Statements prepared once per database: the hot reads never re-build or re-prepare SQL. */
function prepare(db: Db) {
  const listWhere = (known: ReturnType<typeof and>) =>
    db
      .select(columns)
      .from(signatureSpans)
      .innerJoin(signatures, eq(signatures.id, signatureSpans.signatureId))
      .innerJoin(organizations, eq(organizations.id, signatureSpans.organizationId))
      .where(and(eq(signatureSpans.statementId, p.statementId), known, validAt))
      .orderBy(asc(signatureSpans.position))
      .prepare();
  return {
    // As known now: the partial index on current spans serves it alone.
    current: listWhere(isNull(signatureSpans.knownTo)),
    known: listWhere(and(lte(signatureSpans.knownFrom, p.knownSeq), or(isNull(signatureSpans.knownTo), gt(signatureSpans.knownTo, p.knownSeq)))),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();
const prepared = (db: Db) => {
  let found = cache.get(db);
  if (!found) cache.set(db, (found = prepare(db)));
  return found;
};

/** The list after event `knownSeq` as of `asOf`; `latest` says knownSeq is the newest event. */
export function signatoriesAt(db: Db, statementId: string, knownSeq: number | null, asOf: string | undefined, latest: boolean): Signatory[] {
  if (knownSeq === null) return [];
  const q = prepared(db);
  const params = { statementId, asOf: asOf ?? END_OF_TIME, knownSeq };
  return latest ? q.current.all(params) : q.known.all(params);
}

export function signatoryListAt(db: Db, statementId: string, query: ListQuery = {}): SignatoryListAt {
  const latestSeq = knownSeqAt(db, statementId);
  const knownSeq = query.knownAt === undefined ? latestSeq : knownSeqAt(db, statementId, query.knownAt);
  const items = signatoriesAt(db, statementId, knownSeq, query.asOf, knownSeq === latestSeq);
  return { knownSeq, eventAsOf: eventAsOfAt(db, statementId, knownSeq, query.asOf), total: items.length, items };
}

/** Net change between two dates, as known at one moment: on one list and not the other, by organization. */
export function diffAt(db: Db, statementId: string, query: { from: string; to: string; knownAt?: string | undefined }) {
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
export function organizationSignaturesAt(db: Db, organizationId: string, query: ListQuery) {
  const rows = db
    .select({
      span: signatureSpans,
      printedAs: signatures.printedAs,
      statement: { id: statements.id, title: statements.title, issuer: statements.issuer, publishedOn: statements.publishedOn },
    })
    .from(signatureSpans)
    .innerJoin(signatures, eq(signatures.id, signatureSpans.signatureId))
    .innerJoin(statements, eq(statements.id, signatureSpans.statementId))
    .where(and(eq(signatureSpans.organizationId, organizationId), isNull(statements.deletedAt), query.knownAt === undefined ? isNull(signatureSpans.knownTo) : undefined))
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
      if (span.validFrom > asOf || (span.validTo !== null && span.validTo <= asOf)) return false;
      if (query.knownAt === undefined) return true;
      const k = knownSeqOf(span.statementId);
      return k !== null && span.knownFrom <= k && (span.knownTo === null || span.knownTo > k);
    })
    .map(({ span, printedAs, statement }) => ({ statement, signatureId: span.signatureId, position: span.position, addedAsOf: span.validFrom, printedAs }));
}
