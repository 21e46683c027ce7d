import { and, eq, gt, inArray, min } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { signatoryEvents, signatures } from '../../db/schema.js';
import { fold } from '../../lib/fold.js';
import { findOrganizationRow } from '../organizations/head.js';
import { newSpellings } from '../organizations/repository.js';
import { getLiveStatementRow } from '../statements/head.js';
import { findStatementByIssuerAndTitle } from '../statements/search.js';
import { withVersion } from '../statements/versions.js';
import { signatoryListAt } from '../timeline/read.js';
import type { EventInput, Signatory } from '../timeline/schemas.js';
import type { CheckedDocument } from './check.js';
import { applyDecisions, refuseUndecided, type AmbiguousPolicy, type Decision } from './decisions.js';
import { namesToLearn, suggestStatement, type LearnedName } from './languages.js';
import { matchEntries, type FoundBy } from './matching.js';
import type { ImportResult } from './schemas.js';

/**
 * The plan step of an import: everything it decides, read from the database and written nowhere.
 * A dry run stops here (with the event previewed); a real import hands the plan to write.ts.
 */

type Entry = ImportResult['entries'][number];

export interface PlanOptions {
  dryRun: boolean;
  source?: string | undefined;
  statementId?: string | undefined;
  extracted?: Omit<NonNullable<ImportResult['extracted']>, 'text'> | null | undefined;
  decisions?: Decision[] | undefined;
  ambiguous?: AmbiguousPolicy | undefined;
  onEntry?: ((done: number, total: number) => void) | undefined;
}

export interface ImportPlan {
  /** The answer, less what only the write learns: the event, and the ids of new organizations. */
  result: ImportResult;
  checked: CheckedDocument;
  existing: ReturnType<typeof getLiveStatementRow> | undefined;
  /** The statement's revision the document makes (its version, its printed count); empty when none. */
  revised: { versions?: NonNullable<ReturnType<typeof withVersion>>['versions']; declaredCount?: number | null };
  namesLearned: LearnedName[];
  /** The event to append (without the document, which only a real import keeps); null when the list is unchanged. */
  event: EventInput | null;
  adds: Entry[];
}

export function planImport(db: Conn, checked: CheckedDocument, options: PlanOptions): ImportPlan {
  const { doc, issuer, asOf, language } = checked;
  const warnings = [...checked.warnings];
  const target = options.statementId === undefined ? undefined : getLiveStatementRow(db, options.statementId);
  const existing = target ?? findStatementByIssuerAndTitle(db, issuer, doc.title);
  if (target && fold(target.issuer) !== fold(issuer)) {
    warnings.push({ line: null, message: `the document's issuer is ${issuer}, the statement's ${target.issuer}` });
  }
  const version = target ? withVersion(target, { language, title: doc.title, body: doc.body }) : null;
  const current = existing ? signatoryListAt(db, existing.id, { asOf }).items : [];
  if (existing && existing.openForSignatures !== doc.openForSignatures) {
    warnings.push({
      line: null,
      message: `the document says the statement is ${doc.openForSignatures ? 'open' : 'closed'} for signatures, the statement says otherwise; PATCH it if that changed`,
    });
  }
  const entries = decideEntries(db, checked, current, options, warnings);
  if (!options.dryRun) refuseUndecided(entries);
  for (const e of entries) {
    if (e.action === 'undecided')
      warnings.push({
        line: e.line,
        message: `entry ${e.number} is undecided (${e.match.candidates.length} ${e.match.candidates.length === 1 ? 'candidate' : 'candidates'}): a real import is refused (409 ambiguous-match) until it is decided`,
      });
  }
  // An undecided entry's candidates are not taken as missing from the document.
  const kept = new Set(
    entries
      .flatMap((e) => [e.match.organizationId, ...e.match.candidates.map((c) => c.organizationId)])
      .filter((id): id is string => id !== null),
  );
  const withdrawn = current
    .filter((s) => !kept.has(s.organization.id))
    .map((s) => ({ organizationId: s.organization.id, name: s.organization.name, position: s.position }));
  const adds = entries.filter((e) => e.action === 'add');

  const backfillOf = existing ? laterEventDate(db, existing.id, asOf) : null;
  const declared = doc.declaredCount;
  // A printed count speaks for the statement's latest list: a backfill (an earlier list) leaves it.
  const declaredCount = declared && !backfillOf ? declared.count : (existing?.declaredCount ?? null);
  const statement = {
    id: existing?.id ?? null,
    issuer: existing?.issuer ?? issuer,
    title: existing?.title ?? doc.title,
    kind: existing?.kind ?? doc.kind,
    openForSignatures: existing?.openForSignatures ?? doc.openForSignatures,
    language: existing ? existing.language : language,
    declaredCount,
  };
  const matched = entries.flatMap((e) =>
    e.match.organizationId === null || e.action === 'skip'
      ? []
      : [{ organizationId: e.match.organizationId, translation: e.translation }],
  );
  const namesLearned = namesToLearn(db, matched);
  const suggestion = existing
    ? null
    : suggestStatement(
        db,
        issuer,
        matched.map((m) => m.organizationId),
        asOf,
      );
  if (suggestion) {
    warnings.push({
      line: null,
      message: `no ${issuer} statement has this title, but ${suggestion.statementId} ("${suggestion.title}") may be the same in another language (${suggestion.reason}); to add this list there as its ${language} version, import with statementId=${suggestion.statementId}`,
    });
  }
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

/**
 * Each entry matched and decided: kept (on the list already), added, skipped (a repeat) or
 * undecided. Entries printing countries that exclude each other are never the same organization.
 */
function decideEntries(
  db: Conn,
  checked: CheckedDocument,
  current: Signatory[],
  options: PlanOptions,
  warnings: ImportResult['warnings'],
): Entry[] {
  const onList = new Set(current.map((s) => s.organization.id));
  const used = new Map<string, { number: number; countries: string[] }[]>(); // organization id or folded new name -> entries
  const decided = applyDecisions(
    db,
    matchEntries(db, checked.entries),
    options.decisions ?? [],
    options.ambiguous ?? 'refuse',
  );
  return decided.map(({ entry, match }, i) => {
    options.onEntry?.(i + 1, checked.entries.length);
    const base = {
      number: entry.number,
      line: entry.line,
      lines: entry.lines,
      printedAs: entry.printedAs,
      abbreviation: entry.abbreviation,
      name: entry.name,
      nameEn: entry.nameEn,
      translation: entry.translation,
      country: entry.country,
      countries: entry.countries,
      newAliases: [],
    };
    if (match.reason === 'ambiguous') return { ...base, match, action: 'undecided' as const };
    const key = match.organizationId ?? `new:${fold(entry.abbreviation ?? '')}|${fold(entry.name)}`;
    const earlier = used.get(key) ?? [];
    const same = earlier.find((u) => compatible(u.countries, entry.countries));
    if (same) {
      warnings.push({ line: entry.line, message: `entry ${entry.number} repeats entry ${same.number}; skipped` });
      return {
        ...base,
        match: { ...match, reason: 'duplicate' as const, detail: `the same organization as entry ${same.number}` },
        action: 'skip' as const,
      };
    }
    used.set(key, [...earlier, { number: entry.number, countries: entry.countries }]);
    if (match.organizationId && earlier.length > 0 && match.reason !== 'decided') {
      return {
        ...base,
        match: otherCountryMatch(db, match.organizationId, match.reason, earlier[0]?.number ?? 0),
        action: 'undecided' as const,
      };
    }
    const newAliases = match.organizationId ? spellingsOf(db, match.organizationId, entry) : [];
    return {
      ...base,
      newAliases,
      match,
      action: match.organizationId && onList.has(match.organizationId) ? ('keep' as const) : ('add' as const),
    };
  });
}

/** Entries printing no country, or a country in common, may be the same organization. */
const compatible = (a: readonly string[], b: readonly string[]) =>
  a.length === 0 || b.length === 0 || a.some((c) => b.includes(c));

/** An organization of no known country matched by two entries printing different countries: it cannot be both, so the later is undecided. */
function otherCountryMatch(db: Conn, organizationId: string, reason: FoundBy | 'new', earlier: number): Entry['match'] {
  const org = findOrganizationRow(db, organizationId);
  const candidate = {
    organizationId,
    reason: reason === 'new' ? ('name' as const) : reason,
    country: org?.country ?? null,
    name: [org?.abbreviation, org?.name].filter(Boolean).join(' '),
  };
  return {
    organizationId: null,
    reason: 'ambiguous',
    detail: `${organizationId} was matched by entry ${earlier} too, which prints another country: it cannot be both`,
    candidates: [candidate],
  };
}

/** How the entry spells a known organization that it does not already go by: recorded as aliases. */
function spellingsOf(db: Conn, organizationId: string, entry: { abbreviation: string | null; name: string }): string[] {
  const org = findOrganizationRow(db, organizationId);
  return org ? newSpellings(org, [entry.name, entry.abbreviation]) : [];
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
