import { and, eq, gt, inArray, min } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { signatoryEvents, signatures } from '../../db/schema.js';
import { fold } from '../../lib/fold.js';
import { getLiveStatementRow } from '../statements/head.js';
import { findStatementByIssuerAndTitle } from '../statements/search.js';
import { withVersion } from '../statements/versions.js';
import { signatoryListAt } from '../timeline/read.js';
import type { EventInput, Signatory } from '../timeline/schemas.js';
import type { CheckedDocument } from './check.js';
import { refuseUndecided } from './decisions.js';
import {
  decideEntries,
  matchedOrganizations,
  undecidedWarnings,
  type Entry,
  type EntryOptions,
} from './entry-actions.js';
import { namesToLearn, suggestStatement, type LearnedName } from './languages.js';
import type { ImportResult } from './schemas.js';

/**
 * The plan step of an import: everything it decides, read from the database and written nowhere.
 * A dry run stops here (with the event previewed); a real import hands the plan to write.ts.
 */

export interface PlanOptions extends EntryOptions {
  dryRun: boolean;
  source?: string | undefined;
  statementId?: string | undefined;
  extracted?: Omit<NonNullable<ImportResult['extracted']>, 'text'> | null | undefined;
}

type StatementRow = ReturnType<typeof getLiveStatementRow>;

export interface ImportPlan {
  /** The answer, less what only the write learns: the event, and the ids of new organizations. */
  result: ImportResult;
  checked: CheckedDocument;
  existing: StatementRow | undefined;
  /** The statement's revision the document makes (its version, its printed count); empty when none. */
  revised: { versions?: NonNullable<ReturnType<typeof withVersion>>['versions']; declaredCount?: number | null };
  namesLearned: LearnedName[];
  /** The event to append (without the document, which only a real import keeps); null when the list is unchanged. */
  event: EventInput | null;
  adds: Entry[];
}

/**
 * The statement the document speaks for: the one asked for (the document is then its version),
 * else the issuer's statement of that title, if any; with what the document says otherwise of it.
 */
function statementFor(
  db: Conn,
  { doc, issuer, language }: CheckedDocument,
  statementId: string | undefined,
  warnings: ImportResult['warnings'],
): { existing: StatementRow | undefined; version: ReturnType<typeof withVersion> | null } {
  const target = statementId === undefined ? undefined : getLiveStatementRow(db, statementId);
  const existing = target ?? findStatementByIssuerAndTitle(db, issuer, doc.title);
  if (target && fold(target.issuer) !== fold(issuer)) {
    warnings.push({ line: null, message: `the document's issuer is ${issuer}, the statement's ${target.issuer}` });
  }
  const version = target ? withVersion(target, { language, title: doc.title, body: doc.body }) : null;
  if (existing && existing.openForSignatures !== doc.openForSignatures) {
    warnings.push({
      line: null,
      message: `the document says the statement is ${doc.openForSignatures ? 'open' : 'closed'} for signatures, the statement says otherwise; PATCH it if that changed`,
    });
  }
  return { existing, version };
}

/** Signatories on the current list that no entry is, or may be (an undecided entry's candidates). */
function withdrawnFrom(current: Signatory[], entries: Entry[]): ImportResult['withdrawn'] {
  const kept = new Set(
    entries
      .flatMap((e) => [e.match.organizationId, ...e.match.candidates.map((c) => c.organizationId)])
      .filter((id): id is string => id !== null),
  );
  return current
    .filter((s) => !kept.has(s.organization.id))
    .map((s) => ({ organizationId: s.organization.id, name: s.organization.name, position: s.position }));
}

/** No statement has the document's title: one of the issuer's in another language may be it. */
function suggestionFor(
  db: Conn,
  { issuer, asOf, language }: CheckedDocument,
  organizationIds: string[],
  warnings: ImportResult['warnings'],
): ImportResult['suggestion'] {
  const suggestion = suggestStatement(db, issuer, organizationIds, asOf);
  if (suggestion) {
    warnings.push({
      line: null,
      message: `no ${issuer} statement has this title, but ${suggestion.statementId} ("${suggestion.title}") may be the same in another language (${suggestion.reason}); to add this list there as its ${language} version, import with statementId=${suggestion.statementId}`,
    });
  }
  return suggestion;
}

/** The statement as the answer shows it: the existing one's fields, else those the document gives. */
function statementSummary(
  existing: StatementRow | undefined,
  { doc, issuer, language }: CheckedDocument,
  declaredCount: number | null,
): ImportResult['statement'] {
  return {
    id: existing?.id ?? null,
    issuer: existing?.issuer ?? issuer,
    title: existing?.title ?? doc.title,
    kind: existing?.kind ?? doc.kind,
    openForSignatures: existing?.openForSignatures ?? doc.openForSignatures,
    language: existing ? existing.language : language,
    declaredCount,
  };
}

export function planImport(db: Conn, checked: CheckedDocument, options: PlanOptions): ImportPlan {
  const { doc, asOf, language } = checked;
  const warnings = [...checked.warnings];
  const { existing, version } = statementFor(db, checked, options.statementId, warnings);
  const current = existing ? signatoryListAt(db, existing.id, { asOf }).items : [];
  const entries = decideEntries(db, checked, current, options, warnings);
  if (!options.dryRun) refuseUndecided(entries);
  warnings.push(...undecidedWarnings(entries));
  const withdrawn = withdrawnFrom(current, entries);
  const adds = entries.filter((e) => e.action === 'add');

  const backfillOf = existing ? laterEventDate(db, existing.id, asOf) : null;
  const declared = doc.declaredCount;
  // A printed count speaks for the statement's latest list: a backfill (an earlier list) leaves it.
  const declaredCount = declared && !backfillOf ? declared.count : (existing?.declaredCount ?? null);
  const statement = statementSummary(existing, checked, declaredCount);
  const matched = matchedOrganizations(entries);
  const namesLearned = namesToLearn(db, matched);
  const suggestion = existing
    ? null
    : suggestionFor(
        db,
        checked,
        matched.map((m) => m.organizationId),
        warnings,
      );
  const outcome: ImportResult['outcome'] = !existing
    ? 'created'
    : adds.length || withdrawn.length
      ? 'appended'
      : 'unchanged';
  const result: ImportResult = {
    dryRun: options.dryRun,
    outcome,
    statement,
    language,
    version: version?.change ?? null,
    suggestion,
    namesLearned,
    asOf,
    backfill: backfillOf !== null,
    declaredCount: declared?.count ?? null,
    entries,
    withdrawn,
    total: current.length,
    redundantLater: [],
    event: null,
    warnings,
    extracted: options.extracted ? { ...options.extracted, text: checked.text } : null,
  };
  const revised = {
    ...(version && version.change !== 'unchanged' ? { versions: version.versions } : {}),
    ...(existing && declaredCount !== existing.declaredCount ? { declaredCount } : {}),
  };
  const plan: ImportPlan = { result, checked, existing, revised, namesLearned, event: null, adds };
  if (outcome === 'unchanged') return plan;
  if (backfillOf) warnings.push(...backfillWarnings(db, existing?.id ?? '', backfillOf, adds));
  if (existing) warnings.push(...retractedWarnings(db, existing.id, adds));
  return { ...plan, event: eventOf(asOf, adds, withdrawn, options.source, backfillOf !== null) };
}

/** The event the import appends: entries newly listed are added, signatories no longer listed withdrawn. */
function eventOf(
  asOf: string,
  adds: Entry[],
  withdrawn: ImportResult['withdrawn'],
  source: string | undefined,
  backfill: boolean,
): EventInput {
  return {
    asOf,
    add: adds.map((e) => ({
      ...(e.match.organizationId ? { organizationId: e.match.organizationId } : { organization: newOrganization(e) }),
      printedAs: e.printedAs,
      printedNumber: e.number,
    })),
    withdraw: withdrawn.map((w) => ({
      organizationId: w.organizationId,
      reason: `not on the published list as of ${asOf}`,
    })),
    retract: [],
    source,
    note: backfill
      ? 'imported from a published list (a backfill: later lists were recorded first)'
      : 'imported from a published list',
  };
}
/** A printed entry as a new organization: a translation in the document's language is its name in that language. */
function newOrganization(e: Entry) {
  const names = e.translation && e.translation.lang !== 'en' ? [e.translation] : [];
  return { abbreviation: e.abbreviation, name: e.name, nameEn: e.nameEn, names, country: e.country };
}

/** The date of the statement's next event after `asOf`, when there is one: the import is then a backfill. */
function laterEventDate(db: Conn, statementId: string, asOf: string): string | null {
  return (
    db
      .select({ d: min(signatoryEvents.asOf) })
      .from(signatoryEvents)
      .where(and(eq(signatoryEvents.statementId, statementId), gt(signatoryEvents.asOf, asOf)))
      .get()?.d ?? null
  );
}

/** An organization retracted from this statement ("it never signed") is listed again: say so before adding it. */
function retractedWarnings(db: Conn, statementId: string, adds: Entry[]) {
  const ids = adds.flatMap((e) => (e.match.organizationId ? [e.match.organizationId] : []));
  const retracted = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of db
      .select()
      .from(signatures)
      .where(
        and(
          eq(signatures.statementId, statementId),
          eq(signatures.status, 'retracted'),
          inArray(signatures.organizationId, ids.slice(i, i + 500)),
        ),
      )
      .all()) {
      retracted.set(row.organizationId, row.retraction?.reason ?? 'no reason given');
    }
  }
  return adds
    .filter((e) => e.match.organizationId !== null && retracted.has(e.match.organizationId))
    .map((e) => ({
      line: e.line,
      message: `entry ${e.number} was retracted from this statement ("${retracted.get(e.match.organizationId ?? '') ?? ''}"); it is added again as a new signature`,
    }));
}

/** A backfilled entry missing from the next later list stays on from now on: say so, so nobody is surprised. */
function backfillWarnings(db: Conn, statementId: string, laterDate: string, adds: Entry[]) {
  const later = new Set(signatoryListAt(db, statementId, { asOf: laterDate }).items.map((s) => s.organization.id));
  return adds
    .filter((e) => e.match.organizationId === null || !later.has(e.match.organizationId))
    .map((e) => ({
      line: e.line,
      message: `entry ${e.number} is not on the list as of ${laterDate}, which was recorded first; it will now show on lists from this date on until it is withdrawn`,
    }));
}
