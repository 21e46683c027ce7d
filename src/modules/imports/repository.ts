import { inSnapshot, inTransaction, type Conn } from '../../db/client.js';
import type { SourceDocument } from '../../lib/documents/types.js';
import { previewEvent } from '../timeline/append.js';
import { checkDocument } from './check.js';
import { planImport, type ImportPlan, type PlanOptions } from './plan.js';
import type { ImportResult } from './schemas.js';
import { writeImport } from './write.js';

export interface ImportOptions extends PlanOptions {
  /** Overrides (or supplies) the document's "as of" date. */
  asOf?: string | undefined;
  /** The document's language, overriding its header's. */
  language?: string | undefined;
  /** The document as sent: kept by its SHA-256 when the import writes, and named by its event. */
  document?: SourceDocument;
  /** A document kept already (its SHA-256), e.g. a watched source's: the event names it. */
  keptDocument?: string | undefined;
}

/**
 * Imports one published list as of its date, as the timeline appends: check (check.ts), plan
 * (plan.ts), write (write.ts). A new statement (by issuer and title) is created with its first
 * event. For a known statement the event carries the difference from its list as of that date, as
 * known now: entries now listed are added, signatories no longer listed are withdrawn. A date
 * earlier than the statement's events makes it a backfill, recorded as a correction. The same list
 * again writes no event. Entries that spell a known organization another way add that spelling to
 * its aliases, so search finds it as printed. A dry run checks and plans exactly as the real run
 * does, and stops after the plan: it reads one state of the database and writes nothing.
 */
export function importDocument(db: Conn, text: string, options: ImportOptions, actor: string): ImportResult {
  const checked = checkDocument(text, options);
  if (options.dryRun) return inSnapshot(db, () => previewImport(db, planImport(db, checked, options), actor));
  return inTransaction(db, () => writeImport(db, planImport(db, checked, options), options, actor));
}

/** A dry run's answer: the plan, with its event checked and planned as the write would (against no statement, for a new one). */
function previewImport(db: Conn, plan: ImportPlan, actor: string): ImportResult {
  if (plan.event === null) return plan.result;
  const preview = previewEvent(db, plan.existing?.id ?? null, plan.event, actor);
  return { ...plan.result, total: preview.event.total, redundantLater: preview.redundantLater };
}
