import { asc, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { refreshSearchIndexes } from '../../db/fts.js';
import { checkHistory, type Resource } from '../../db/revisions.js';
import { organizations, statements } from '../../db/schema.js';
import { toOrganization } from '../organizations/head.js';
import { toStatementState } from '../statements/head.js';
import { mergeRecords, verifyMergeChain } from '../merges/records.js';
import { verifyLog, type LogIntegrity } from '../log/verify.js';
import { verifyDocuments, type DocumentIntegrity } from '../documents/verify.js';
import { verifyStatementTimeline, type StatementIntegrity } from '../timeline/verify.js';
import { verifyDerived, type DerivedIntegrity } from './derived.js';
import { checkTriggers } from './guards.js';

/**
 * `undersigned verify` and GET /v1/integrity: the whole database. SQLite's own integrity check,
 * the triggers against the migrations', every statement's timeline (chain, spans, signatures and their
 * histories), every organization's and statement's revision chain against its head, and the
 * tables derived from them (names, identifiers, search, merges) against what they give.
 */

export interface HistoryFault {
  resource: Resource | 'organization-merge';
  id: string;
  revision: number | null;
  detail: string;
}

export interface DatabaseIntegrity {
  valid: boolean;
  checkedAt: string;
  integrityCheck: string[];
  /** Triggers the migrations make that are missing, present with other SQL, or never made by them (guards.ts). */
  missingGuards: string[];
  changedGuards: string[];
  extraTriggers: string[];
  statements: StatementIntegrity[];
  histories: { checked: number; broken: HistoryFault[] };
  /** Tables served but not hashed, compared with what the hashed records give (derived.ts). */
  derived: DerivedIntegrity;
  /** The log over every record, recomputed and compared with the records both ways (log/verify.ts). */
  log: LogIntegrity;
  /** Kept documents: their bytes against their SHA-256, their captures against their hashes (documents/verify.ts). */
  documents: DocumentIntegrity;
}

export function verifyDatabase(db: Conn): DatabaseIntegrity {
  // One read transaction (a savepoint inside the worker's): every comparison is between tables as
  // they stood at one moment, whatever is written meanwhile.
  return db.$client.transaction(() => checkDatabase(db))();
}

function checkDatabase(db: Conn): DatabaseIntegrity {
  refreshSearchIndexes(db);
  const integrityCheck = db.all<{ integrity_check: string }>(sql`pragma integrity_check`).map((r) => r.integrity_check);
  const triggers = checkTriggers(db);
  const statementRows = db.select().from(statements).orderBy(asc(statements.seq)).all();
  const organizationRows = db.select().from(organizations).orderBy(asc(organizations.seq)).all();
  const mergeRows = mergeRecords(db);
  const timelines = statementRows.map((s) => verifyStatementTimeline(db, s.id));
  const broken: HistoryFault[] = [];
  for (const row of statementRows) {
    const fault = checkHistory(db, 'statement', row.id, toStatementState(row));
    if (fault) broken.push({ resource: 'statement', id: row.id, ...fault });
  }
  for (const row of organizationRows) {
    const fault = checkHistory(db, 'organization', row.id, toOrganization(row));
    if (fault) broken.push({ resource: 'organization', id: row.id, ...fault });
  }
  // The merge records' own chain (src/modules/merges): its faults are history faults too.
  const merges = verifyMergeChain(mergeRows);
  for (const fault of merges.broken)
    broken.push({ resource: 'organization-merge', id: String(fault.seq), revision: null, detail: fault.detail });
  const derived = verifyDerived(db, { organizations: organizationRows, statements: statementRows, merges: mergeRows });
  const log = verifyLog(db);
  const documents = verifyDocuments(db);
  const triggersAsMade = triggers.missing.length + triggers.changed.length + triggers.extra.length === 0;
  return {
    valid:
      integrityCheck.join() === 'ok' &&
      triggersAsMade &&
      timelines.every((t) => t.valid) &&
      broken.length === 0 &&
      derived.problems.length === 0 &&
      log.problems.length === 0 &&
      documents.problems.length === 0,
    checkedAt: new Date().toISOString(),
    integrityCheck,
    missingGuards: triggers.missing,
    changedGuards: triggers.changed,
    extraTriggers: triggers.extra,
    statements: timelines,
    histories: { checked: statementRows.length + organizationRows.length + merges.checked, broken },
    derived,
    log,
    documents,
  };
}
