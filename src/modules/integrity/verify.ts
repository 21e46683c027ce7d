import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { refreshSearchIndexes } from '../../db/fts.js';
import { checkHistory, type Resource } from '../../db/revisions.js';
import { organizations, statements } from '../../db/schema.js';
import { toOrganization } from '../organizations/repository.js';
import { toStatementState } from '../statements/repository.js';
import { verifyMergeChain } from '../merges/repository.js';
import { verifyStatementTimeline, type StatementIntegrity } from '../timeline/verify.js';

/**
 * `undersigned verify` and GET /v1/integrity: the whole database. SQLite's own integrity check,
 * the guarding triggers, every statement's timeline (chain, spans, signatures and their
 * histories), and every organization's and statement's revision chain against its head.
 */

/** The triggers that make history append-only; a missing one means someone removed a guard. */
export const GUARDS = [
  'organization_merges_chained', 'organization_merges_no_delete', 'organization_merges_no_update',
  'organizations_identity_fixed', 'organizations_no_delete', 'organizations_no_replace',
  'outbox_message_fixed', 'outbox_no_delete',
  'revisions_chained', 'revisions_contiguous', 'revisions_no_delete', 'revisions_no_update',
  'signatory_event_items_append_only', 'signatory_event_items_no_delete', 'signatory_event_items_no_update',
  'signatory_events_in_order', 'signatory_events_no_delete', 'signatory_events_no_update',
  'signature_spans_close_once', 'signature_spans_no_delete', 'signature_spans_no_replace',
  'signatures_identity_fixed', 'signatures_no_delete', 'signatures_no_replace',
  'signing_keys_no_delete', 'signing_keys_no_replace', 'signing_keys_no_update',
  'statements_identity_fixed', 'statements_no_delete', 'statements_no_replace',
  'webhook_deliveries_no_delete', 'webhook_deliveries_no_replace', 'webhook_deliveries_no_update',
  'webhook_subscriptions_fixed', 'webhook_subscriptions_no_delete', 'webhook_subscriptions_no_replace',
] as const;

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
  missingGuards: string[];
  statements: StatementIntegrity[];
  histories: { checked: number; broken: HistoryFault[] };
}

export function verifyDatabase(db: Db): DatabaseIntegrity {
  refreshSearchIndexes(db);
  const integrityCheck = db.all<{ integrity_check: string }>(sql`pragma integrity_check`).map((r) => r.integrity_check);
  const present = new Set(db.all<{ name: string }>(sql`select name from sqlite_master where type = 'trigger'`).map((r) => r.name));
  const missingGuards = GUARDS.filter((g) => !present.has(g));
  const statementRows = db.select().from(statements).orderBy(asc(statements.seq)).all();
  const timelines = statementRows.map((s) => verifyStatementTimeline(db, s.id));
  const broken: HistoryFault[] = [];
  let checked = 0;
  for (const row of statementRows) {
    checked++;
    const fault = checkHistory(db, 'statement', row.id, toStatementState(row));
    if (fault) broken.push({ resource: 'statement', id: row.id, ...fault });
  }
  for (const row of db.select().from(organizations).orderBy(asc(organizations.seq)).all()) {
    checked++;
    const fault = checkHistory(db, 'organization', row.id, toOrganization(row));
    if (fault) broken.push({ resource: 'organization', id: row.id, ...fault });
  }
  // The merge record's own chain (src/modules/merges): its faults are history faults too.
  const merges = verifyMergeChain(db);
  checked += merges.checked;
  for (const fault of merges.broken) broken.push({ resource: 'organization-merge', id: String(fault.seq), revision: null, detail: fault.detail });
  return {
    valid: integrityCheck.join() === 'ok' && missingGuards.length === 0 && timelines.every((t) => t.valid) && broken.length === 0,
    checkedAt: new Date().toISOString(),
    integrityCheck,
    missingGuards,
    statements: timelines,
    histories: { checked, broken },
  };
}
