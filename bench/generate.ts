/**
 * Test data, written before any server starts, with the project's own code from dist/ (the same
 * inserts, plans, hashes and revisions the API uses), so the database looks exactly as if it had
 * been filled through the API. Runs as a child process (`tsx bench/generate.ts main|big …`) so
 * two databases can be generated in parallel on the two cores; it prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { openMigratedDatabase } from '#dist/database.js';
import type { Conn } from '#dist/db/client.js';
import { importDocument } from '#dist/modules/imports/repository.js';
import { insertOrganizations } from '#dist/modules/organizations/repository.js';
import { createStatement, insertStatement } from '#dist/modules/statements/repository.js';
import { appendEvent } from '#dist/modules/timeline/append.js';
import type { EventInput } from '#dist/modules/timeline/schemas.js';
import { SAMPLE_PATH, SEED_ACTOR } from '#dist/seed.js';
import { APPEND_TARGET, type BigData, type MainData } from './data.js';
import { organizationAt, random, sample } from './names.js';

const ACTOR = 'bench generator';
const DAY = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const addOf = (organizationId: string, printedNumber: number): EventInput['add'][number] => ({
  organizationId,
  printedNumber,
});
const event = (asOf: string, parts: Partial<Pick<EventInput, 'add' | 'withdraw'>>): EventInput => ({
  asOf,
  add: parts.add ?? [],
  withdraw: parts.withdraw ?? [],
  retract: [],
  source: 'bench generator',
});

/**
 * The project's own open (migrations, WAL, triggers), plus a page cache big enough for a million
 * signatures' random-id indexes: without it the load slows down as the file outgrows the
 * default 2 MB cache. Connection settings only; nothing about the file differs.
 */
function openForGeneration(path: string): Conn {
  const db = openMigratedDatabase(path);
  db.$client.pragma('cache_size = -524288');
  return db;
}

/** The bundled sample, imported exactly as the server's own seed does (it only seeds an empty database). */
function seedSampleStatement(db: Conn): string {
  const result = importDocument(
    db,
    readFileSync(SAMPLE_PATH, 'utf8'),
    { dryRun: false, source: 'bundled sample: ICOR resolution of January 2022' },
    SEED_ACTOR,
  );
  if (!result.statement.id) throw new Error('the sample import created no statement');
  return result.statement.id;
}

/** Organizations 0…count-1 of names.ts, with the project's bulk insert, in transactions of `batch`; their ids in order. */
function addOrganizations(db: Conn, count: number, batch: number): string[] {
  const ids: string[] = [];
  for (let from = 0; from < count; from += batch) {
    const inputs = Array.from({ length: Math.min(count, from + batch) - from }, (_, k) => {
      const { abbreviation, name, nameEn, country } = organizationAt(from + k);
      return { abbreviation, name, nameEn, country };
    });
    db.transaction(() => ids.push(...insertOrganizations(db, inputs, ACTOR).map((o) => o.id)));
  }
  return ids;
}

/**
 * `signatures` signatures over statements of ~100 signatories from a pool of organizations (a
 * tenth as many, so each organization has signed about ten statements). Each statement gets a
 * first list, a later one, and a third event that is a later addition, a withdrawal (every
 * tenth statement) or a backdated correction (another tenth). Many statements per transaction.
 */
export async function generateMain(path: string, signatures: number): Promise<MainData> {
  const started = performance.now();
  const db = openForGeneration(path);
  try {
    const sampleId = seedSampleStatement(db);
    await sleep(5);
    const knownAt = new Date().toISOString();
    await sleep(5);
    // Two later, backdated events that cancel out: the sample's list stays the 31 signatories,
    // but a read "as known at the seed" now takes the bitemporal path instead of the latest one.
    const extra = organizationAt(9_000_000);
    const added = appendEvent(
      db,
      sampleId,
      event('2022-01-10', {
        add: [
          {
            organization: {
              abbreviation: extra.abbreviation,
              name: extra.name,
              nameEn: extra.nameEn,
              country: extra.country,
            },
          },
        ],
      }),
      ACTOR,
    );
    const extraId = added.items[0]?.organizationId;
    if (!extraId) throw new Error('the sample correction added nobody');
    appendEvent(
      db,
      sampleId,
      event('2022-01-15', { withdraw: [{ organizationId: extraId, reason: 'bench: a correction that cancels out' }] }),
      ACTOR,
    );

    const poolSize = Math.max(500, Math.ceil(signatures / 10));
    const pool = addOrganizations(db, poolSize, 10_000);
    const rand = random(20220121);
    const statementCount = Math.max(1, Math.round(signatures / 100));
    const statementIds: string[] = [];
    let diff: MainData['diff'] | null = null;
    let events = 0;
    let written = 0;
    const perTransaction = 50;
    for (let first = 0; first < statementCount; first += perTransaction) {
      db.transaction(() => {
        for (let k = first; k < Math.min(statementCount, first + perTransaction); k++) {
          // Spread the remainder so the total is exactly `signatures`.
          const size =
            Math.floor(((k + 1) * signatures) / statementCount) - Math.floor((k * signatures) / statementCount);
          const orgs = sample(rand, poolSize, size).map((i) => pool[i] ?? '');
          const d0 = addDays('2019-01-01', Math.floor(rand() * 1600));
          const statement = insertStatement(
            db,
            {
              title: `Generated statement ${k}`,
              issuer: `Issuer ${k % 20}`,
              kind: 'declaration',
              body: 'Generated for the benchmark.',
              openForSignatures: true,
            },
            ACTOR,
          );
          statementIds.push(statement.id);
          const firstCut = Math.ceil(size * 0.6);
          const secondCut = Math.max(firstCut, size - Math.min(5, Math.floor(size / 10)));
          const numbered = orgs.map((id, i) => addOf(id, i + 1));
          appendEvent(db, statement.id, event(d0, { add: numbered.slice(0, firstCut) }), ACTOR);
          events++;
          if (secondCut > firstCut) {
            appendEvent(db, statement.id, event(addDays(d0, 30), { add: numbered.slice(firstCut, secondCut) }), ACTOR);
            events++;
          }
          if (secondCut < size) {
            // A late-found list dated before the first one is a correction; otherwise a later addition.
            const asOf = k % 10 === 5 ? addDays(d0, -10) : addDays(d0, 45);
            appendEvent(db, statement.id, event(asOf, { add: numbered.slice(secondCut) }), ACTOR);
            events++;
          }
          if (k % 10 === 0 && size >= 4) {
            const withdraw = orgs
              .slice(1, 3)
              .map((organizationId) => ({ organizationId, reason: 'left the coalition' }));
            appendEvent(db, statement.id, event(addDays(d0, 60), { withdraw }), ACTOR);
            events++;
            diff ??= { statementId: statement.id, from: d0, to: addDays(d0, 60) };
          }
          written += size;
        }
      });
    }
    // Appends go to a statement of their own, so the lists read above do not change under them.
    const appendTarget = createStatement(db, APPEND_TARGET, ACTOR);
    const fallbackDiff = { statementId: sampleId, from: '2022-01-10', to: '2022-01-21' };
    return {
      sampleId,
      knownAt,
      appendTargetId: appendTarget.id,
      diff: diff ?? fallbackDiff,
      organizationId: pool[0] ?? '',
      statementIds,
      organizations: poolSize,
      signatures: written,
      events,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    db.$client.close();
  }
}

/**
 * The big database: `organizations` organizations inserted in one transaction (for the importer's
 * dry run to match against), and one statement whose list has `listSize` of them, added in
 * events of 10,000 (the API's own per-event limit is 20,000) in one transaction; and an empty
 * statement for the list the run builds through the API (build-list.ts).
 */
export function generateBig(path: string, organizations: number, listSize: number): BigData {
  const started = performance.now();
  const db = openForGeneration(path);
  try {
    const sampleId = seedSampleStatement(db);
    const ids = addOrganizations(db, organizations, organizations);
    const big = db.transaction(() => {
      const statement = insertStatement(
        db,
        {
          title: 'The biggest list',
          issuer: 'BENCH',
          kind: 'petition',
          body: 'One statement with a very long list.',
          openForSignatures: true,
        },
        ACTOR,
      );
      for (let from = 0, day = 0; from < listSize; from += 10_000, day += 7) {
        const add = ids.slice(from, Math.min(listSize, from + 10_000)).map((id, i) => addOf(id, from + i + 1));
        appendEvent(db, statement.id, event(addDays('2021-01-04', day), { add }), ACTOR);
      }
      return statement.id;
    });
    const build = insertStatement(
      db,
      {
        title: 'Built through the API',
        issuer: 'BENCH',
        kind: 'petition',
        body: 'Events of 5,000.',
        openForSignatures: true,
      },
      ACTOR,
    );
    return {
      sampleId,
      bigId: big,
      buildId: build.id,
      organizations,
      signatures: Math.min(listSize, organizations),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    db.$client.close();
  }
}

// As a child process: `generate.ts main DB SIGNATURES` or `generate.ts big DB ORGANIZATIONS LIST`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [kind, path, a, b] = process.argv.slice(2);
  if (!path || !a) throw new Error('usage: generate.ts main DB SIGNATURES | big DB ORGANIZATIONS LIST');
  const result = kind === 'main' ? await generateMain(path, Number(a)) : generateBig(path, Number(a), Number(b ?? a));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
