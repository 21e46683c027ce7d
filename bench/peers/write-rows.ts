import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { fold } from '#dist/lib/fold.js';
import type { EventItem } from '#dist/lib/hash-chain.js';
import { searchText } from '#dist/lib/search-text.js';

/**
 * The rows of the core model that an event writes, by hand (the write peer, write-peer.ts): for
 * each addition an organization when it is new (its row, name keys, first revision), a signature
 * (row, first revision) and its span; for the event its row and items. Revisions and events are
 * hashed (SHA-256 over canonical JSON) and chained as the server's are; the log entries come from
 * the schema's own triggers. No checks beyond the schema's: the peer trusts its input.
 */

export interface NewOrganization {
  abbreviation: string;
  name: string;
  nameEn?: string | undefined;
  country: string;
}
export interface Addition {
  organizationId?: string | undefined;
  organization?: NewOrganization | undefined;
  printedNumber?: number | undefined;
}

const sha256 = (content: unknown) =>
  createHash('sha256')
    .update(canonicalize(content) ?? '', 'utf8')
    .digest('hex');
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

/** Every statement the peer runs, prepared once. */
export function prepareWrites(db: Database.Database) {
  const run = (sql: string) => db.prepare(sql);
  return {
    organization:
      run(`INSERT INTO organizations (id, revision, abbreviation, name, name_en, aliases, country, search_text, created_at, updated_at, names, identifiers, merged_ids)
      VALUES (?, 1, ?, ?, ?, '[]', ?, ?, ?, ?, '[]', '[]', '[]')`),
    nameKey: run('INSERT INTO organization_names (key, kind, organization_id) VALUES (?, ?, ?)'),
    // New organizations enter the search index in one statement per event, as the server's do.
    lastOrganizationSeq: db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM organizations').pluck(),
    indexOrganizations: db.prepare<[number]>(
      'INSERT INTO organizations_fts (rowid, search_text) SELECT seq, search_text FROM organizations WHERE seq > ?',
    ),
    findByKey: db.prepare<[string], { id: string }>(
      "SELECT organization_id AS id FROM organization_names WHERE key = ? AND kind = 'abbreviation-name' LIMIT 1",
    ),
    revision: run(
      'INSERT INTO revisions (resource, resource_id, revision, action, recorded_at, recorded_by, state, prev_hash, hash) VALUES (?, ?, 1, ?, ?, ?, ?, NULL, ?)',
    ),
    statement:
      run(`INSERT INTO statements (id, revision, title, issuer, kind, body, open_for_signatures, search_text, created_at, updated_at)
      VALUES (?, 1, ?, ?, 'declaration', ?, 1, ?, ?, ?)`),
    last: db.prepare<[string], { seq: number; hash: string; recordedAt: string }>(
      'SELECT seq, hash, recorded_at AS recordedAt FROM signatory_events WHERE statement_id = ? ORDER BY seq DESC LIMIT 1',
    ),
    maxPosition: db
      .prepare<[string], number>('SELECT coalesce(max(position), 0) FROM signatures WHERE statement_id = ?')
      .pluck(),
    onList: db
      .prepare<[string, string, string], number>(
        'SELECT count(*) FROM signature_spans WHERE statement_id = ? AND known_to IS NULL AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)',
      )
      .pluck(),
    event:
      run(`INSERT INTO signatory_events (statement_id, seq, as_of, recorded_at, recorded_by, source, note, total, prev_hash, hash, format, latest_total)
      VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 2, ?)`),
    item: run(`INSERT INTO signatory_event_items (statement_id, seq, ord, kind, signature_id, organization_id, position, printed_number)
      VALUES (?, ?, ?, 'add', ?, ?, ?, ?)`),
    signature:
      run(`INSERT INTO signatures (id, revision, statement_id, organization_id, position, status, added_as_of, created_at, updated_at, printed_number)
      VALUES (?, 1, ?, ?, ?, 'active', ?, ?, ?, ?)`),
    span: run(`INSERT INTO signature_spans (statement_id, signature_id, organization_id, position, valid_from, known_from, printed_number)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    events: db.prepare<
      [string],
      {
        seq: number;
        asOf: string;
        recordedAt: string;
        recordedBy: string;
        source: string | null;
        total: number;
        prevHash: string | null;
        hash: string;
      }
    >(
      'SELECT seq, as_of AS asOf, recorded_at AS recordedAt, recorded_by AS recordedBy, source, total, prev_hash AS prevHash, hash FROM signatory_events WHERE statement_id = ? ORDER BY seq',
    ),
    items: db.prepare<[string, number], EventItem>(
      'SELECT kind, signature_id AS signatureId, organization_id AS organizationId, position, printed_as AS printedAs, printed_number AS printedNumber, reason FROM signatory_event_items WHERE statement_id = ? AND seq = ? ORDER BY ord',
    ),
  };
}
export type Writes = ReturnType<typeof prepareWrites>;

/** A resource's first revision, hashed as a chain of one. */
function revise(w: Writes, resource: string, id: string, state: object, at: string, actor: string) {
  const content = {
    resource,
    resourceId: id,
    revision: 1,
    action: 'create',
    recordedAt: at,
    recordedBy: actor,
    state,
    prevHash: null,
  };
  w.revision.run(resource, id, 'create', at, actor, JSON.stringify(state), sha256(content));
}

/** A new organization: its row (its search text indexed by writeEvent), name keys, first revision. */
export function insertOrganization(w: Writes, o: NewOrganization, at: string, actor: string): string {
  const id = newId('org');
  const nameEn = o.nameEn ?? null;
  w.organization.run(
    id,
    o.abbreviation,
    o.name,
    nameEn,
    o.country,
    searchText([o.abbreviation, o.name, nameEn]),
    at,
    at,
  );
  const keys = new Map<string, string>([
    [`name\u0000${fold(o.name)}`, 'name'],
    [`abbreviation\u0000${fold(o.abbreviation)}`, 'abbreviation'],
    [`abbreviation-name\u0000${abbreviationNameKey(o)}`, 'abbreviation-name'],
  ]);
  if (nameEn) keys.set(`english-name\u0000${fold(nameEn)}`, 'english-name');
  for (const [key, kind] of keys) w.nameKey.run(key.slice(key.indexOf('\u0000') + 1), kind, id);
  const state = {
    id,
    abbreviation: o.abbreviation,
    name: o.name,
    nameEn,
    aliases: [],
    country: o.country,
    website: null,
    revision: 1,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  revise(w, 'organization', id, state, at, actor);
  return id;
}

export const abbreviationNameKey = (o: NewOrganization) => `${fold(o.abbreviation)}|${fold(o.name)}`;

/** A statement row and its first revision (an import makes one). */
export function insertStatement(w: Writes, title: string, at: string, actor: string): string {
  const id = newId('stm');
  const body = 'Imported by the write peer.';
  w.statement.run(id, title, 'BENCH', body, searchText([title, body]), at, at);
  const state = {
    id,
    title,
    issuer: 'BENCH',
    kind: 'declaration',
    publishedOn: null,
    language: null,
    body,
    sourceUrl: null,
    openForSignatures: true,
    revision: 1,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  revise(w, 'statement', id, state, at, actor);
  return id;
}

/** One event of additions, chained to the statement's last; call inside a transaction. */
export function writeEvent(
  w: Writes,
  statementId: string,
  input: { asOf: string; source: string; add: Addition[] },
  actor: string,
) {
  const now = new Date().toISOString();
  const last = w.last.get(statementId);
  const seq = (last?.seq ?? 0) + 1;
  const recordedAt = last && last.recordedAt > now ? last.recordedAt : now;
  let position = w.maxPosition.get(statementId) ?? 0;
  const lastOrganization = w.lastOrganizationSeq.get() ?? 0;
  const items = input.add.map((add) => {
    const organizationId =
      add.organizationId ??
      insertOrganization(w, add.organization ?? { abbreviation: '', name: '?', country: 'DE' }, recordedAt, actor);
    const signatureId = newId('sig');
    position++;
    const printedNumber = add.printedNumber ?? null;
    w.signature.run(
      signatureId,
      statementId,
      organizationId,
      position,
      input.asOf,
      recordedAt,
      recordedAt,
      printedNumber,
    );
    const state = {
      id: signatureId,
      statementId,
      organizationId,
      position,
      status: 'active',
      addedAsOf: input.asOf,
      withdrawnAsOf: null,
      withdrawal: null,
      retraction: null,
      signedOn: null,
      note: null,
      printedAs: null,
      printedNumber,
      revision: 1,
      createdAt: recordedAt,
      updatedAt: recordedAt,
    };
    revise(w, 'signature', signatureId, state, recordedAt, actor);
    w.span.run(statementId, signatureId, organizationId, position, input.asOf, seq, printedNumber);
    return { kind: 'add', signatureId, organizationId, position, printedAs: null, printedNumber, reason: null };
  });
  w.indexOrganizations.run(lastOrganization);
  const total = w.onList.get(statementId, input.asOf, input.asOf) ?? 0;
  const prevHash = last?.hash ?? null;
  const content = {
    statementId,
    seq,
    asOf: input.asOf,
    recordedAt,
    recordedBy: actor,
    source: input.source,
    note: null,
    total,
    prevHash,
    format: 2,
    items,
  };
  const hash = sha256(content);
  w.event.run(statementId, seq, input.asOf, recordedAt, actor, input.source, total, prevHash, hash, total);
  items.forEach((item, ord) =>
    w.item.run(statementId, seq, ord, item.signatureId, item.organizationId, item.position, item.printedNumber),
  );
  return { statementId, seq, asOf: input.asOf, recordedAt, total, prevHash, hash, items };
}

/** The chain of a statement's events recomputed from its rows: every link and every hash. */
export function checkChain(w: Writes, statementId: string): { valid: boolean; length: number } {
  let prev: string | null = null;
  const events = w.events.all(statementId);
  for (const e of events) {
    const items = w.items.all(statementId, e.seq);
    const { hash, ...rest } = e;
    if (e.prevHash !== prev || sha256({ statementId, ...rest, note: null, format: 2, items }) !== hash)
      return { valid: false, length: events.length };
    prev = hash;
  }
  return { valid: true, length: events.length };
}
