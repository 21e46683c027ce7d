import type { Conn } from '../../db/client.js';
import { countryName } from '../../lib/country-detect.js';
import { statementStateAsKnown } from '../statements/head.js';
import type { StatementState } from '../statements/schemas.js';
import { departuresAt, type Departure } from '../timeline/departures.js';
import { diffAt, signatoryListAt } from '../timeline/read.js';
import type { Signatory } from '../timeline/schemas.js';
import { requireStatement } from '../timeline/statement.js';
import type { StatementIntegrity } from '../timeline/verify.js';
import { END_OF_TIME } from '../../lib/bitemporal.js';

/**
 * What the statement page shows, read with the same functions as the JSON, CSV and text (the
 * list, the diff) and /integrity (the chain): the template only lays it out.
 */

export interface PageQuery {
  asOf?: string | undefined;
  knownAt?: string | undefined;
  since?: string | undefined;
}

/** A page prints at most this many rows; the downloads always have the whole list. */
export const PAGE_ROWS = 5000;

export interface Row {
  position: number;
  /** The number the published list printed, when it printed one. */
  number: number | null;
  /** The entry as printed, else the organization's name. */
  printed: string;
  nameEn: string | null;
  country: string | null;
  countryName: string | null;
  organizationId: string;
  addedAsOf: string | null;
  withdrawn: { asOf: string; reason: string | null } | null;
}

const toRow = (s: Signatory): Row => ({
  position: s.position,
  number: s.printedNumber,
  printed: s.printedAs ?? [s.organization.abbreviation, s.organization.name].filter(Boolean).join(' '),
  nameEn: s.organization.nameEn,
  country: s.organization.country,
  countryName: s.organization.country === null ? null : countryName(s.organization.country),
  organizationId: s.organization.id,
  addedAsOf: s.addedAsOf,
  withdrawn: null,
});

const departureRow = (d: Departure): Row => ({
  ...toRow({
    position: d.position,
    signatureId: d.signatureId,
    addedAsOf: d.asOf,
    printedAs: d.printedAs,
    printedNumber: null,
    organization: d.organization,
  }),
  addedAsOf: null,
  withdrawn: { asOf: d.asOf, reason: d.reason },
});

/** `path?query` with the given parameters, leaving out the absent ones. */
export function href(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export interface StatementPage {
  statement: StatementState;
  lang: string;
  query: PageQuery;
  knownSeq: number | null;
  eventAsOf: string | null;
  total: number;
  rows: Row[];
  truncated: boolean;
  retracted: Row[];
  counts: { signatories: number; countries: number; withdrawn: number; retracted: number };
  diff: { since: string; to: string | null; added: Row[]; withdrawn: Row[] } | null;
  chain: { length: number; head: string | null; valid: boolean; detail: string | null };
  links: Record<
    'page' | 'permalink' | 'json' | 'csv' | 'txt' | 'bundle' | 'integrity' | 'atom' | 'jsonFeed' | 'events',
    string
  >;
}

/** `verify` checks the statement's chain (the server's integrity worker: long lists take seconds). */
export async function statementPage(
  db: Conn,
  id: string,
  query: PageQuery,
  now: string,
  verify: (statementId: string) => Promise<StatementIntegrity>,
): Promise<StatementPage> {
  const row = requireStatement(db, id);
  const { asOf, knownAt, since } = query;
  const statement = statementStateAsKnown(db, row, knownAt);
  const list = signatoryListAt(db, id, { asOf, knownAt, limit: PAGE_ROWS });
  const onList = new Set(list.items.map((s) => s.signatureId));
  const departures = departuresAt(db, id, list.knownSeq, asOf, onList);
  const rows = [...list.items.map(toRow), ...departures.withdrawn.map(departureRow)].sort(
    (a, b) => a.position - b.position,
  );
  const diff = since === undefined ? null : diffAt(db, id, { from: since, to: asOf ?? END_OF_TIME, knownAt });
  const chain = await verify(id);
  const dates = { asOf, knownAt };
  const api = `/v1/statements/${encodeURIComponent(id)}`;
  const page = `/statements/${encodeURIComponent(id)}`;
  return {
    statement,
    lang: statement.language ?? 'en',
    query,
    knownSeq: list.knownSeq,
    eventAsOf: list.eventAsOf,
    total: list.total,
    rows,
    truncated: list.nextAfter !== null,
    retracted: departures.retracted.map(departureRow),
    counts: {
      signatories: list.total,
      countries: new Set(list.items.map((s) => s.organization.country).filter((c) => c !== null)).size,
      withdrawn: departures.withdrawn.length,
      retracted: departures.retracted.length,
    },
    diff:
      diff === null || since === undefined
        ? null
        : { since, to: asOf ?? null, added: diff.added.map(toRow), withdrawn: diff.withdrawn.map(toRow) },
    chain: { length: chain.length, head: chain.head, valid: chain.valid, detail: chain.detail },
    links: {
      page: href(page, { ...dates, since }),
      // Both dates pinned, knowledge no later than now: a link that shows the same page for good.
      permalink: href(page, {
        asOf: asOf ?? list.eventAsOf ?? undefined,
        knownAt: knownAt !== undefined && knownAt < now ? knownAt : now,
        since,
      }),
      json: href(`${api}/signatories`, dates),
      csv: href(`${api}/signatories.csv`, dates),
      txt: href(`${api}/signatories.txt`, dates),
      bundle: `${api}/bundle`,
      integrity: `${api}/integrity`,
      atom: `${api}/feed.atom`,
      jsonFeed: `${api}/feed.json`,
      events: `${api}/events`,
    },
  };
}
