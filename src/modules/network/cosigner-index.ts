import { END_OF_TIME } from '../../lib/bitemporal.js';
import type { CosignerCounts, SharedRow } from './repository.js';

/**
 * The latest lists in memory, for cosigner reads (held by cosigner-memory.ts): every span as
 * known now (`known_to IS NULL`) on a statement not deleted, with its valid stretch, so that any
 * `asOf` is answered; `knownAt` stays with SQL. Integers in typed arrays, not an object per signature: a span is 16 bytes. The
 * spans are grouped by statement; per organization, the places of its spans among them.
 * Organizations are numbered in id order, so that numbers compare as ids do; dates are numbered
 * in their order, so that "valid at" compares numbers as SQL compares the text.
 */
export interface CosignerIndex {
  bytes: number;
  counts: (organizationId: string, query: { asOf?: string | undefined; minShared: number }) => CosignerCounts;
}

/**
 * One row per statement with its spans as three JSON arrays: SQLite builds them, and one
 * JSON.parse is several times cheaper than a row object per span (1M spans: ~0.8 s, not ~3 s).
 * The partial index of current spans is ordered by statement, so the groups stream as they form.
 */
export const LISTS_SQL = `SELECT json_group_array(s.organization_id), json_group_array(s.valid_from), json_group_array(s.valid_to)
  FROM signature_spans s INDEXED BY signature_spans_current_idx
  WHERE s.known_to IS NULL AND EXISTS (SELECT 1 FROM statements st WHERE st.id = s.statement_id AND st.deleted_at IS NULL)
  GROUP BY s.statement_id`;
export type ListRow = [organizations: string, validFrom: string, validTo: string];

/** valid_to NULL (still on); also the most dates a 16-bit date number can tell apart. */
const OPEN = 0xffff;
/** What a Map entry and a string's header cost beside its characters (an estimate: V8 does not say). */
const PER_STRING = 64;

/** A typed array that doubles as it fills; `bytes` is what it holds, used or not. */
class Column<A extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(
    public data: A,
    private readonly make: (n: number) => A,
  ) {}
  push(value: number) {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  get bytes() {
    return this.data.byteLength;
  }
}
const u32 = () => new Column(new Uint32Array(1024), (n) => new Uint32Array(n));
const u16 = () => new Column(new Uint16Array(1024), (n) => new Uint16Array(n));

/** Interns strings as numbers in the order first seen. */
class Names {
  readonly of = new Map<string, number>();
  readonly list: string[] = [];
  chars = 0;
  number(name: string): number {
    let n = this.of.get(name);
    if (n === undefined) {
      this.of.set(name, (n = this.list.length));
      this.list.push(name);
      this.chars += name.length;
    }
    return n;
  }
  get bytes() {
    return this.list.length * PER_STRING + this.chars * 2;
  }
  /** The names sorted as JS compares strings, and each first-seen number's place among them. */
  sorted(): { names: string[]; place: Uint32Array } {
    const names = [...this.list].sort();
    const place = new Uint32Array(this.list.length);
    names.forEach((name, i) => (place[this.of.get(name) ?? 0] = i));
    return { names, place };
  }
}

/**
 * Reads the lists into the index's arrays, or refuses as soon as they would pass `maxBytes` (or
 * hold more dates than 16 bits tell apart). The rows are one statement's: one snapshot.
 */
export function readLists(rows: Iterable<ListRow>, maxBytes: number): CosignerLists | 'refused' {
  const organizations = new Names();
  const dates = new Names();
  const [org, listStart] = [u32(), u32()];
  const [from, to] = [u16(), u16()];
  const bytes = () => org.bytes + listStart.bytes + from.bytes + to.bytes + organizations.bytes + dates.bytes;
  for (const [orgsJson, fromJson, toJson] of rows) {
    const orgs = JSON.parse(orgsJson) as string[];
    const starts = JSON.parse(fromJson) as string[];
    const ends = JSON.parse(toJson) as (string | null)[];
    listStart.push(org.length);
    for (let i = 0; i < orgs.length; i++) {
      org.push(organizations.number(orgs[i] ?? ''));
      from.push(dates.number(starts[i] ?? ''));
      const end = ends[i];
      to.push(end === null || end === undefined ? OPEN : dates.number(end));
    }
    if (bytes() > maxBytes || dates.list.length >= OPEN) return 'refused';
  }
  listStart.push(org.length);
  return arrange(org, from, to, listStart, organizations, dates, maxBytes);
}

/** Numbers organizations and dates in their order, and indexes the spans by organization. */
function arrange(
  spanOrg: Column<Uint32Array>,
  spanFrom: Column<Uint16Array>,
  spanTo: Column<Uint16Array>,
  listStart: Column<Uint32Array>,
  organizations: Names,
  dateNames: Names,
  maxBytes: number,
): CosignerLists | 'refused' {
  const spans = spanOrg.length;
  const orgs = organizations.sorted();
  const dates = dateNames.sorted();
  const org = spanOrg.data.slice(0, spans);
  const from = spanFrom.data.slice(0, spans);
  const to = spanTo.data.slice(0, spans);
  for (let i = 0; i < spans; i++) {
    org[i] = orgs.place[org[i] ?? 0] ?? 0;
    from[i] = dates.place[from[i] ?? 0] ?? 0;
    if (to[i] !== OPEN) to[i] = dates.place[to[i] ?? 0] ?? 0;
  }
  const lists = listStart.data.slice(0, listStart.length);
  // Each span's list, and per organization the places of its spans (a counting sort by organization).
  const listOf = new Uint32Array(spans);
  for (let l = 0; l + 1 < lists.length; l++) listOf.fill(l, lists[l], lists[l + 1]);
  const orgStart = new Uint32Array(orgs.names.length + 1);
  for (let i = 0; i < spans; i++) {
    const o = (org[i] ?? 0) + 1;
    orgStart[o] = (orgStart[o] ?? 0) + 1;
  }
  for (let o = 0; o < orgs.names.length; o++) orgStart[o + 1] = (orgStart[o + 1] ?? 0) + (orgStart[o] ?? 0);
  const filled = orgStart.slice(0, orgs.names.length);
  const orgSpans = new Uint32Array(spans);
  for (let i = 0; i < spans; i++) {
    const o = org[i] ?? 0;
    const place = filled[o] ?? 0;
    orgSpans[place] = i;
    filled[o] = place + 1;
  }
  // `filled`, emptied, becomes the counts each read reuses; the strings (and their Maps) as counted while reading.
  const shared = filled.fill(0);
  const arrays = { org, from, to, lists, listOf, orgStart, orgSpans, shared };
  const bytes = Object.values(arrays).reduce((sum, a) => sum + a.byteLength, 0) + organizations.bytes + dateNames.bytes;
  return bytes > maxBytes ? 'refused' : { names: orgs.names, dates: dates.names, ...arrays, bytes };
}

/** The buffers a worker hands over rather than copies. */
export const buffersOf = (l: CosignerLists) =>
  [l.org, l.from, l.to, l.lists, l.listOf, l.orgStart, l.orgSpans, l.shared].map((a) => a.buffer);

/** The index as data: what a worker thread hands back. */
export interface CosignerLists {
  /** Organization ids in order; a span's organization is its place here. */
  names: string[];
  /** The dates of valid_from and valid_to, in order. */
  dates: string[];
  org: Uint32Array<ArrayBuffer>;
  from: Uint16Array<ArrayBuffer>;
  to: Uint16Array<ArrayBuffer>;
  /** Where each list's spans begin (one more entry: the end). */
  lists: Uint32Array<ArrayBuffer>;
  listOf: Uint32Array<ArrayBuffer>;
  /** Where each organization's entries in orgSpans begin (one more entry: the end). */
  orgStart: Uint32Array<ArrayBuffer>;
  orgSpans: Uint32Array<ArrayBuffer>;
  bytes: number;
  /** A count per organization, zero between reads. */
  shared: Uint32Array<ArrayBuffer>;
}

/** The places of dates <= `at`: a span holds at `at` when it began before that place and ends at or after it. */
function datesUpTo(dates: string[], at: string): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[mid] ?? '') <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function memoryIndex(a: CosignerLists): CosignerIndex {
  const rank = new Map(a.names.map((id, i) => [id, i]));
  // Reused by every read: reads are synchronous, one at a time.
  const { shared } = a;
  const ownSpans = (o: number, at: number, each: (span: number) => void) => {
    for (let k = a.orgStart[o] ?? 0, end = a.orgStart[o + 1] ?? 0; k < end; k++) {
      const span = a.orgSpans[k] ?? 0;
      if ((a.from[span] ?? 0) < at && (a.to[span] ?? 0) >= at) each(span);
    }
  };
  return {
    bytes: a.bytes,
    counts(organizationId, query) {
      const at = datesUpTo(a.dates, query.asOf ?? END_OF_TIME);
      const subject = rank.get(organizationId);
      if (subject === undefined) return { signed: 0, shared: [], signedOf: () => new Map() };
      let signed = 0;
      const met: number[] = [];
      ownSpans(subject, at, (span) => {
        signed++;
        const list = a.listOf[span] ?? 0;
        for (let i = a.lists[list] ?? 0, end = a.lists[list + 1] ?? 0; i < end; i++) {
          const o = a.org[i] ?? 0;
          if (o === subject || (a.from[i] ?? 0) >= at || (a.to[i] ?? 0) < at) continue;
          const n = shared[o] ?? 0;
          if (n === 0) met.push(o);
          shared[o] = n + 1;
        }
      });
      const rows: SharedRow[] = [];
      for (const o of met) {
        if ((shared[o] ?? 0) >= query.minShared) rows.push({ id: a.names[o] ?? '', shared: shared[o] ?? 0 });
        shared[o] = 0;
      }
      const signedOf = (ids: string[]) =>
        new Map(
          ids.map((id) => {
            let n = 0;
            const o = rank.get(id);
            if (o !== undefined) ownSpans(o, at, () => n++);
            return [id, n];
          }),
        );
      return { signed, shared: rows, signedOf };
    },
  };
}
