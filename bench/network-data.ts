/**
 * The co-signature database, which is also the scale database (1M signatures, 100,000
 * organizations at the defaults): `statements` statements of `perList` signatories each, drawn
 * from a pool of organizations, plus a few "hubs" that sign a fifth of everything (as
 * coordinating bodies' core members do). Past the pool, `organizations` in all: the rest sign
 * nothing, so the lists (and the network reads) are what they were with the pool alone. The file
 * is made by the real migrations; organizations go through the project's own insert (rows,
 * revisions, name keys, search); statements are rows with their search text and no revisions
 * (nothing here reads them). Each list is one event (hashed by the project's own hashEvent,
 * logged by the triggers), so as-of reads have a timeline to read. The event items, signatures
 * and spans are written straight into their tables, because a million signatures through the
 * event path takes ten minutes: with those tables' secondary indexes and insert guards set
 * aside, rows inserted in key order by one prepared statement (the spans copied from the
 * signatures in SQL), then every index and trigger recreated from the migrations' own SQL, so the
 * file ends exactly as migrated. Signatures have no revisions (an API-built file would hold a
 * million more revisions and log entries). One more statement, made by the project's own
 * createStatement, is the appends' target. Runs as a child process:
 * `tsx bench/network-data.ts DB STATEMENTS PER_LIST POOL ORGANIZATIONS`, printing one JSON line.
 */
import { pathToFileURL } from 'node:url';
import { openMigratedDatabase } from '#dist/database.js';
import type { Conn } from '#dist/db/client.js';
import { insertOrganizations } from '#dist/modules/organizations/repository.js';
import { createStatement } from '#dist/modules/statements/repository.js';
import { hashEvent } from '#dist/lib/hash-chain.js';
import { newId } from '#dist/lib/ids.js';
import { searchText } from '#dist/lib/search-text.js';
import { APPEND_TARGET, type NetworkData } from './data.js';
import { organizationAt, random, sample } from './names.js';

const ACTOR = 'bench generator';
const HUBS = 5;
const DAY = 86_400_000;
const LIST_TABLES = ['signatures', 'signature_spans', 'signatory_event_items'];

/** Secondary indexes and triggers of the list tables, as the migrations made them: dropped for the load, then made again. */
function setAside(db: Conn): string[] {
  const rows = db.$client
    .prepare<string[], { type: string; name: string; sql: string }>(
      `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${LIST_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...LIST_TABLES);
  for (const row of rows) db.$client.exec(`DROP ${row.type === 'index' ? 'INDEX' : 'TRIGGER'} "${row.name}"`);
  return rows.map((row) => row.sql);
}

export function generateNetwork(
  path: string,
  statementCount: number,
  perList: number,
  poolSize: number,
  organizations: number,
): NetworkData & { phases: Record<string, number> } {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark) / 1000;
    mark = now;
  };
  const db = openMigratedDatabase(path);
  const client = db.$client;
  client.pragma('cache_size = -262144');
  // A throwaway file: no need to survive power loss (or a crash) while it is written.
  client.pragma('synchronous = OFF');
  client.pragma('journal_mode = OFF');
  // Index builds sort a million rows: in memory, and on a second thread where SQLite has one.
  client.pragma('temp_store = MEMORY');
  client.pragma('threads = 2');
  try {
    const pool: string[] = [];
    db.transaction(() => {
      for (let from = 0; from < Math.max(poolSize, organizations); from += 10_000) {
        const inputs = Array.from(
          { length: Math.min(Math.max(poolSize, organizations), from + 10_000) - from },
          (_, k) => {
            const { abbreviation, name, nameEn, country } = organizationAt(5_000_000 + from + k);
            return { abbreviation, name, nameEn, country };
          },
        );
        pool.push(...insertOrganizations(db, inputs, ACTOR).map((o) => o.id));
      }
    });
    phase('organizations');
    const rand = random(1848);
    const now = new Date().toISOString();
    // Statement rows with their search text (the search index follows by trigger); no revisions, which no read here needs.
    const insertStatement = client.prepare(
      `INSERT INTO statements (id, revision, title, issuer, kind, body, open_for_signatures, search_text, created_at, updated_at) VALUES (?, 1, ?, ?, 'declaration', ?, 1, ?, ?, ?)`,
    );
    const body = 'Generated for the network benchmark.';
    const lists = db.transaction(() =>
      Array.from({ length: statementCount }, (_, k) => {
        const statement = { id: newId('stm'), title: `Network statement ${k}` };
        insertStatement.run(
          statement.id,
          statement.title,
          `Issuer ${k % 50}`,
          body,
          searchText([statement.title, body]),
          now,
          now,
        );
        const asOf = new Date(Date.UTC(2015, 0, 1) + Math.floor(rand() * 3650) * DAY).toISOString().slice(0, 10);
        // Hubs sign every fifth statement; the rest of each list is drawn from the pool.
        const hubs = k % 5 === 0 ? pool.slice(0, HUBS) : [];
        const drawn = sample(rand, poolSize - HUBS, perList - hubs.length).map((i) => pool[HUBS + i] ?? '');
        return { statementId: statement.id, k, asOf, organizations: [...hubs, ...drawn] };
      }),
    );
    phase('statements');
    const kept = setAside(db);
    // In the order of the spans' primary key (statement, then signature), so every insert appends.
    lists.sort((a, b) => (a.statementId < b.statementId ? -1 : 1));
    const insert = client.prepare(
      `INSERT INTO signatures (id, revision, statement_id, organization_id, position, status, added_as_of, created_at, updated_at) VALUES (?, 1, ?, ?, ?, 'active', ?, ?, ?)`,
    );
    let written = 0;
    db.transaction(() => {
      for (const list of lists) {
        list.organizations.forEach((organizationId, i) =>
          insert.run(
            `sig_net_${list.k}_${String(i).padStart(3, '0')}`,
            list.statementId,
            organizationId,
            i + 1,
            list.asOf,
            now,
            now,
          ),
        );
        written += list.organizations.length;
      }
      client.exec(`INSERT INTO signature_spans (statement_id, signature_id, organization_id, position, valid_from, valid_to, known_from, known_to)
        SELECT statement_id, id, organization_id, position, added_as_of, NULL, 1, NULL FROM signatures ORDER BY seq`);
    });
    phase('lists');
    writeEvents(db, lists, now);
    phase('events');
    db.transaction(() => {
      for (const sql of kept) client.exec(sql);
    });
    phase('indexes');
    const appendTarget = createStatement(db, APPEND_TARGET, ACTOR);
    // No ANALYZE: the server's planner works without statistics, so the bench's does too.
    client.pragma('journal_mode = WAL');
    return {
      statements: statementCount,
      signatures: written,
      organizations: Math.max(poolSize, organizations),
      statementIds: lists.map((list) => list.statementId),
      appendTargetId: appendTarget.id,
      hubId: pool[0] ?? '',
      sampleIds: pool.slice(HUBS, HUBS + 50),
      seconds: (performance.now() - started) / 1000,
      phases,
    };
  } finally {
    client.close();
  }
}

/**
 * Each list as the one event that added it, seq 1, hashed with the project's own hashEvent (the
 * insert guards of signatory_events check the chain; its trigger logs it); its items in key order.
 */
function writeEvents(
  db: Conn,
  lists: { statementId: string; k: number; asOf: string; organizations: string[] }[],
  now: string,
) {
  const event = db.$client.prepare(
    `INSERT INTO signatory_events (statement_id, seq, as_of, recorded_at, recorded_by, source, note, total, prev_hash, hash, format, latest_total) VALUES (?, 1, ?, ?, ?, ?, NULL, ?, NULL, ?, 2, ?)`,
  );
  const item = db.$client.prepare(
    `INSERT INTO signatory_event_items (statement_id, seq, ord, kind, signature_id, organization_id, position) VALUES (?, 1, ?, 'add', ?, ?, ?)`,
  );
  const source = 'bench generator';
  db.transaction(() => {
    for (const list of lists) {
      const items = list.organizations.map((organizationId, i) => ({
        kind: 'add' as const,
        signatureId: `sig_net_${list.k}_${String(i).padStart(3, '0')}`,
        organizationId,
        position: i + 1,
        printedAs: null,
        printedNumber: null,
        reason: null,
      }));
      const total = items.length;
      const content = { statementId: list.statementId, seq: 1, asOf: list.asOf, recordedAt: now, recordedBy: ACTOR };
      const hash = hashEvent({
        ...content,
        source,
        note: null,
        total,
        prevHash: null,
        format: 2,
        items,
        document: null,
      });
      event.run(list.statementId, list.asOf, now, ACTOR, source, total, hash, total);
      items.forEach((it, ord) => item.run(list.statementId, ord, it.signatureId, it.organizationId, it.position));
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path, statements, perList, pool, organizations] = process.argv.slice(2);
  if (!path || !statements || !perList || !pool)
    throw new Error('usage: network-data.ts DB STATEMENTS PER_LIST POOL [ORGANIZATIONS]');
  const made = generateNetwork(path, Number(statements), Number(perList), Number(pool), Number(organizations ?? pool));
  process.stdout.write(`${JSON.stringify(made)}\n`);
}
