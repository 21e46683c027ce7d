import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Conn } from './db/client.js';
import { importDocument } from './modules/imports/repository.js';

/** The ICOR resolution every install starts with (data/sample/, two levels above src/ and dist/). */
export const SAMPLE_PATH = new URL('../data/sample/icor-kazakhstan-2022-01-21.txt', import.meta.url);
export const SEED_ACTOR = 'seed (bundled sample)';

/**
 * On a database that has never held a statement, import the bundled sample so a new user's first
 * GET /v1/statements shows real data. A database whose statements were all deleted stays empty.
 */
export function seedSample(db: Conn, log: FastifyBaseLogger): void {
  const any = db.get<{ n: number }>(sql`select count(*) as n from statements`);
  if (any && any.n > 0) return;
  const bytes = readFileSync(SAMPLE_PATH);
  // Kept like any imported document: the sample's first event names the text it was read from.
  const document = {
    bytes,
    mediaType: 'text/plain' as const,
    fileName: 'icor-kazakhstan-2022-01-21.txt',
    charset: 'utf-8',
  };
  const result = importDocument(
    db,
    bytes.toString('utf8'),
    { dryRun: false, source: 'bundled sample: ICOR resolution of January 2022', document },
    SEED_ACTOR,
  );
  log.info(
    { statementId: result.statement.id, signatories: result.event?.total },
    'imported the bundled sample statement',
  );
}
