import { END_OF_TIME, type Queries } from './sqlite-queries.js';

/** The signatory list as the sqlite peer serves it: the semantics of signatoryListAt, by hand. */

interface LanguageName {
  lang: string;
  name: string;
}
interface OrganizationRef {
  id: string;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  names: LanguageName[];
  country: string | null;
}

/** Names in other languages as the organizations table stores them (JSON), or as a revision holds them (absent while empty). */
export function languageNames(value: unknown): LanguageName[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((n: unknown) =>
    typeof n === 'object' &&
    n !== null &&
    'lang' in n &&
    'name' in n &&
    typeof n.lang === 'string' &&
    typeof n.name === 'string'
      ? [{ lang: n.lang, name: n.name }]
      : [],
  );
}

/** An organization as a revision stored it, when the revision says what the list shows. */
function organizationThen(state: string | null): OrganizationRef | null {
  if (state === null) return null;
  const value: unknown = JSON.parse(state);
  if (typeof value !== 'object' || value === null) return null;
  const field = (key: string): unknown => (key in value ? Reflect.get(value, key) : undefined);
  const id = field('id');
  const name = field('name');
  const nullableText = (key: string) => {
    const v = field(key);
    return typeof v === 'string' ? v : null;
  };
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  return {
    id,
    abbreviation: nullableText('abbreviation'),
    name,
    nameEn: nullableText('nameEn'),
    names: languageNames(field('names')),
    country: nullableText('country'),
  };
}

/** A page of the list as of a date as known at a moment: the semantics of signatoryListAt. */
export function listAt(
  q: Queries,
  statementId: string,
  query: { asOf?: string | undefined; knownAt?: string | undefined; limit?: number; after?: number | undefined },
) {
  const knownSeq =
    (query.knownAt === undefined ? q.latestSeq.get(statementId) : q.knownSeq.get(statementId, query.knownAt))?.seq ??
    null;
  const asOf = query.asOf ?? END_OF_TIME;
  const limit = query.limit;
  const params = {
    statementId,
    asOf,
    knownSeq: knownSeq ?? 0,
    knownAt: query.knownAt ?? '',
    after: query.after ?? 0,
    limit: limit === undefined ? -1 : limit + 1,
  };
  const rows = knownSeq === null ? [] : (query.knownAt === undefined ? q.latest : q.asKnown).all(params);
  const page = limit === undefined ? rows : rows.slice(0, limit);
  const more = limit !== undefined && rows.length > limit;
  const items = page.map((r) => ({
    position: r.position,
    signatureId: r.signatureId,
    addedAsOf: r.addedAsOf,
    printedAs: r.printedAs,
    printedNumber: r.printedNumber,
    organization: organizationThen(r.state) ?? {
      id: r.id,
      abbreviation: r.abbreviation,
      name: r.name,
      nameEn: r.nameEn,
      names: languageNames(r.names),
      country: r.country,
    },
  }));
  const counted = () =>
    (query.knownAt === undefined
      ? q.countLatest.get({ statementId, asOf })
      : q.countKnown.get({ statementId, asOf, knownSeq: knownSeq ?? 0 })
    )?.n ?? 0;
  const total = knownSeq === null ? 0 : !more && query.after === undefined ? items.length : counted();
  const eventAsOf = knownSeq === null ? null : (q.eventAsOf.get(statementId, knownSeq, asOf)?.asOf ?? null);
  return { knownSeq, eventAsOf, total, items, nextAfter: more ? (items.at(-1)?.position ?? null) : null };
}
