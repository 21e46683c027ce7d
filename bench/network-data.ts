/**
 * The co-signature database: `statements` statements of `perList` signatories each, drawn from a
 * pool of organizations, plus a few "hubs" that sign a fifth of everything (as coordinating
 * bodies' core members do). Statements and organizations go through the project's own inserts
 * (rows, revisions, name keys); the lists are written straight into the derived tables the
 * network reads use (signatures and signature_spans) with the project's bulk insert, because a
 * million signatures through the event path takes ten minutes. The file therefore holds no
 * events: it is for the read measurements, not for verify. Runs as a child process:
 * `tsx bench/network-data.ts DB STATEMENTS PER_LIST POOL`, printing one JSON line.
 */
import { pathToFileURL } from 'node:url';
import { openMigratedDatabase } from '#dist/database.js';
import { insertRows } from '#dist/db/bulk-insert.js';
import { signatures, signatureSpans } from '#dist/db/schema.js';
import { insertOrganizations } from '#dist/modules/organizations/repository.js';
import { insertStatement } from '#dist/modules/statements/repository.js';
import type { NetworkData } from './data.js';
import { organizationAt, random, sample } from './names.js';

const ACTOR = 'bench generator';
const HUBS = 5;
const DAY = 86_400_000;

export function generateNetwork(path: string, statementCount: number, perList: number, poolSize: number): NetworkData {
  const started = performance.now();
  const db = openMigratedDatabase(path);
  db.$client.pragma('cache_size = -524288');
  // A throwaway file: no need to survive power loss while it is written.
  db.$client.pragma('synchronous = OFF');
  try {
    const pool: string[] = [];
    for (let from = 0; from < poolSize; from += 10_000) {
      const inputs = Array.from({ length: Math.min(poolSize, from + 10_000) - from }, (_, k) => {
        const { abbreviation, name, nameEn, country } = organizationAt(5_000_000 + from + k);
        return { abbreviation, name, nameEn, country };
      });
      db.transaction(() => pool.push(...insertOrganizations(db, inputs, ACTOR).map((o) => o.id)));
    }
    const rand = random(1848);
    const now = new Date().toISOString();
    let written = 0;
    for (let first = 0; first < statementCount; first += 500) {
      db.transaction(() => {
        for (let k = first; k < Math.min(statementCount, first + 500); k++) {
          const statement = insertStatement(db, { title: `Network statement ${k}`, issuer: `Issuer ${k % 50}`, kind: 'declaration', body: 'Generated for the network benchmark.', openForSignatures: true }, ACTOR);
          const asOf = new Date(Date.UTC(2015, 0, 1) + Math.floor(rand() * 3650) * DAY).toISOString().slice(0, 10);
          // Hubs sign every fifth statement; the rest of each list is drawn from the pool.
          const hubs = k % 5 === 0 ? pool.slice(0, HUBS) : [];
          const drawn = sample(rand, poolSize - HUBS, perList - hubs.length).map((i) => pool[HUBS + i] ?? '');
          const orgs = [...hubs, ...drawn];
          const ids = orgs.map((_, i) => `sig_net_${k}_${i}`);
          insertRows(
            db,
            signatures,
            orgs.map((organizationId, i) => ({ id: ids[i] ?? '', revision: 1, statementId: statement.id, organizationId, position: i + 1, status: 'active' as const, addedAsOf: asOf, createdAt: now, updatedAt: now })),
          );
          insertRows(
            db,
            signatureSpans,
            orgs.map((organizationId, i) => ({ statementId: statement.id, signatureId: ids[i] ?? '', organizationId, position: i + 1, validFrom: asOf, validTo: null, knownFrom: 1, knownTo: null })),
          );
          written += orgs.length;
        }
      });
    }
    db.$client.pragma('optimize');
    return { statements: statementCount, signatures: written, organizations: poolSize, hubId: pool[0] ?? '', sampleIds: pool.slice(HUBS, HUBS + 50), seconds: (performance.now() - started) / 1000 };
  } finally {
    db.$client.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path, statements, perList, pool] = process.argv.slice(2);
  if (!path || !statements || !perList || !pool) throw new Error('usage: network-data.ts DB STATEMENTS PER_LIST POOL');
  process.stdout.write(`${JSON.stringify(generateNetwork(path, Number(statements), Number(perList), Number(pool)))}\n`);
}
