import { canonicalJson } from '../../lib/canonical-json.js';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import { checkHistory } from '../../db/revisions.js';
import { signatures, signatureSpans } from '../../db/schema.js';
import { hashEvent, uncoveredByFormat1 } from '../../lib/hash-chain.js';
import { toSignature } from '../signatures/repository.js';
import { contentOf, eventsWithItems, type EventRow, type ItemRow } from './events.js';
import { expectedHeads } from './signature-heads.js';
import { organizationTimeline, spanKey, spansOf } from './replay.js';
import type { RecordedItem, SpanRow } from './state.js';

/**
 * Verify a statement's timeline: recompute the hash chain, replay it, and compare the result
 * with everything a read returns (spans, positions, counts, signature heads and their histories).
 */

export type IntegrityPart = 'events' | 'spans' | 'signatures' | 'revisions';

export interface IntegrityProblem {
  part: IntegrityPart;
  /** The event where it shows (for spans: the event that opened or closed the row). */
  seq: number | null;
  /** The row: a signature id. */
  row: string | null;
  detail: string;
}

export interface StatementIntegrity {
  statementId: string;
  valid: boolean;
  length: number;
  head: string | null;
  firstBadSeq: number | null;
  detail: string | null;
  problems: IntegrityProblem[];
}

const spanRowKey = (s: Pick<SpanRow, 'signatureId' | 'validFrom' | 'knownFrom'>) =>
  `${s.signatureId}|${s.validFrom}|${s.knownFrom}`;

/** Dates kept sorted, to count those on or before a date in log time. */
class SortedDates {
  readonly #dates: string[] = [];
  /** How many are on or before `date`. */
  atOrBefore(date: string): number {
    let lo = 0;
    let hi = this.#dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#dates[mid] ?? '') <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  add(date: string) {
    this.#dates.splice(this.atOrBefore(date), 0, date);
  }
  remove(date: string) {
    const at = this.atOrBefore(date) - 1;
    if (this.#dates[at] === date) this.#dates.splice(at, 1);
  }
}

/**
 * Replays the chain into the spans every event should have left, checking hashes and totals on
 * the way. Each event re-derives only the organizations it names, from their own items, and the
 * totals come from sorted span dates: a statement of 4,000 one-entry events took 1.5 s when each
 * event rescanned every item and span before it.
 */
export function replayTimeline(db: Conn, statementId: string) {
  const problems: IntegrityProblem[] = [];
  const items: RecordedItem[] = [];
  const itemsOf = new Map<string, RecordedItem[]>(); // by organization
  const retracted = new Set<string>();
  const positions = new Map<string, number>();
  // One object per span, in `open` while current and in `expected` for good: closing it sets its
  // knownTo in place (the key does not include it), so a 100,000-span list is not held twice.
  const open = new Map<string, SpanRow[]>(); // by organization
  const expected = new Map<string, SpanRow>();
  // A span is on the list as of D when validFrom <= D < validTo: counted as (froms <= D) - (tos <= D).
  const froms = new SortedDates();
  const tos = new SortedDates();
  let latest = 0;
  const opened = (s: Pick<SpanRow, 'validFrom' | 'validTo'>, by: 1 | -1) => {
    if (by === 1) froms.add(s.validFrom);
    else froms.remove(s.validFrom);
    if (s.validTo === null) latest += by;
    else if (by === 1) tos.add(s.validTo);
    else tos.remove(s.validTo);
  };
  let prev: string | null = null;
  let length = 0;
  for (const { event, items: rows } of eventsWithItems(db, statementId)) {
    length++;
    const bad = (detail: string) => problems.push({ part: 'events', seq: event.seq, row: null, detail });
    problems.push(...checkLink(event, rows, length, prev));
    prev = event.hash;
    for (const r of rows) {
      const item = recordedItem(event, r);
      items.push(item);
      const own = itemsOf.get(r.organizationId);
      if (own) own.push(item);
      else itemsOf.set(r.organizationId, [item]);
      if (r.kind === 'retract') retracted.add(r.signatureId);
      if (!positions.has(r.signatureId)) positions.set(r.signatureId, r.position);
    }
    for (const orgId of new Set(rows.map((r) => r.organizationId))) {
      const next = spansOf(organizationTimeline(itemsOf.get(orgId) ?? [], retracted));
      const nextKeys = new Set(next.map(spanKey));
      const kept = (open.get(orgId) ?? []).filter((s) => {
        if (nextKeys.has(spanKey(s))) return true;
        s.knownTo = event.seq;
        opened(s, -1);
        return false;
      });
      const keptKeys = new Set(kept.map(spanKey));
      for (const span of next.filter((s) => !keptKeys.has(spanKey(s)))) {
        const row: SpanRow = {
          statementId,
          ...span,
          position: positions.get(span.signatureId) ?? 0,
          knownFrom: event.seq,
          knownTo: null,
        };
        kept.push(row);
        expected.set(spanRowKey(row), row);
        opened(row, 1);
      }
      open.set(orgId, kept);
    }
    const total = froms.atOrBefore(event.asOf) - tos.atOrBefore(event.asOf);
    if (total !== event.total) bad(`total is ${event.total}; replaying the events gives ${total}`);
    if (event.latestTotal !== null && latest !== event.latestTotal)
      bad(`the latest list's size is stored as ${event.latestTotal}; replaying the events gives ${latest}`);
  }
  return { problems, items, itemsOf, retracted, expected, length, head: prev };
}

/** One link of the chain: its place, its link to the one before, its hash over its content. */
function checkLink(event: EventRow, rows: ItemRow[], length: number, prev: string | null): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const bad = (detail: string) => problems.push({ part: 'events', seq: event.seq, row: null, detail });
  if (event.seq !== length) bad(`expected seq ${length}`);
  if (event.prevHash !== prev) bad("prevHash does not match the previous event's hash");
  const content = contentOf(event, rows);
  if (hashEvent(content) !== event.hash) bad("the stored hash does not match the event's content");
  if (event.format === 1)
    for (const { signatureId, detail } of uncoveredByFormat1(content.items))
      problems.push({ part: 'events', seq: event.seq, row: signatureId, detail });
  return problems;
}

/** An item as the replay reads it, with its event's dates. */
function recordedItem(event: EventRow, r: ItemRow): RecordedItem {
  return {
    seq: event.seq,
    ord: r.ord,
    asOf: event.asOf,
    kind: r.kind,
    signatureId: r.signatureId,
    organizationId: r.organizationId,
    position: r.position,
    reason: r.reason,
    printedAs: r.printedAs,
    printedNumber: r.printedNumber,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
  };
}

// Prepared once. The stored rows are read one at a time (a 100,000-signatory list has as many
// spans and signatures), each compared and dropped: held all at once beside the replay, they took
// the check's heap from some 170 MB to 290 MB.
const stored = preparedOnce((db) => {
  const spanColumns = Object.entries(getTableColumns(signatureSpans)).map(
    ([key, column]) => `${column.name} AS ${key}`,
  );
  return {
    spans: db.$client.prepare<[string], SpanRow & { statementId: string }>(
      `SELECT ${spanColumns.join(', ')} FROM signature_spans WHERE statement_id = ?`,
    ),
    signature: db
      .select()
      .from(signatures)
      .where(eq(signatures.id, sql.placeholder('id')))
      .prepare(),
    signatureIds: db.$client
      .prepare<[string], string>('SELECT id FROM signatures WHERE statement_id = ? ORDER BY position')
      .pluck(),
  };
});

/** Compares the stored spans with those the replay expects; `expected` is emptied on the way. */
function compareSpans(db: Conn, statementId: string, expected: Map<string, SpanRow>): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  for (const row of stored(db).spans.iterate(statementId)) {
    const key = spanRowKey(row);
    const want = expected.get(key);
    expected.delete(key);
    if (!want)
      problems.push({
        part: 'spans',
        seq: row.knownFrom,
        row: row.signatureId,
        detail: `a span from ${row.validFrom} that the events never opened`,
      });
    else if (canonicalJson(want) !== canonicalJson(row)) {
      problems.push({
        part: 'spans',
        seq: row.knownTo ?? row.knownFrom,
        row: row.signatureId,
        detail: `span from ${row.validFrom} differs from the replay: stored ${canonicalJson(row)}, expected ${canonicalJson(want)}`,
      });
    }
  }
  for (const want of expected.values()) {
    problems.push({
      part: 'spans',
      seq: want.knownFrom,
      row: want.signatureId,
      detail: `the span from ${want.validFrom} opened by event ${want.knownFrom} is missing`,
    });
  }
  return problems;
}

/** Each signature the events add (in order) against its stored head and history, looked up by id. */
function compareSignatures(
  db: Conn,
  statementId: string,
  { items, itemsOf, retracted }: Pick<ReturnType<typeof replayTimeline>, 'items' | 'itemsOf' | 'retracted'>,
): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const added = new Set<string>();
  for (const { first, head: want } of expectedHeads(items, itemsOf, retracted)) {
    const signatureId = first.signatureId;
    added.add(signatureId);
    const problem = (detail: string, seq: number | null = first.seq) =>
      problems.push({ part: 'signatures', seq, row: signatureId, detail });
    const row = stored(db).signature.get({ id: signatureId });
    if (!row || row.statementId !== statementId) {
      problem('is added by the events but has no signature row');
      continue;
    }
    if (row.organizationId !== first.organizationId || row.position !== first.position) {
      problem(
        `organization ${row.organizationId} at position ${row.position}; the events say ${first.organizationId} at ${first.position}`,
      );
    }
    const have = {
      status: row.status,
      addedAsOf: row.addedAsOf,
      withdrawnAsOf: row.withdrawnAsOf,
      withdrawal: row.withdrawal,
      retraction: row.retraction,
    };
    if (canonicalJson(want) !== canonicalJson(have))
      problem(`its standing is ${canonicalJson(have)}; the events say ${canonicalJson(want)}`, null);
    const history = checkHistory(db, 'signature', signatureId, toSignature(row));
    if (history)
      problems.push({
        part: 'revisions',
        seq: null,
        row: signatureId,
        detail: `revision ${history.revision ?? '-'}: ${history.detail}`,
      });
  }
  for (const id of stored(db).signatureIds.iterate(statementId))
    if (!added.has(id))
      problems.push({ part: 'signatures', seq: null, row: id, detail: 'no event ever added this signature' });
  return problems;
}

export function verifyStatementTimeline(db: Conn, statementId: string): StatementIntegrity {
  const replayed = replayTimeline(db, statementId);
  const { problems, expected, length, head } = replayed;
  problems.push(...compareSpans(db, statementId, expected), ...compareSignatures(db, statementId, replayed));
  const firstEvent = problems.find((p) => p.part === 'events');
  const first = problems[0];
  return {
    statementId,
    valid: problems.length === 0,
    length,
    head,
    firstBadSeq: firstEvent?.seq ?? first?.seq ?? null,
    detail: first
      ? `${first.part}${first.seq === null ? '' : ` at seq ${first.seq}`}${first.row ? `, ${first.row}` : ''}: ${first.detail}`
      : null,
    problems,
  };
}
