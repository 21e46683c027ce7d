import { and, eq, gt, inArray, min } from 'drizzle-orm';
import type { Conn, Db } from '../../db/client.js';
import { signatoryEvents, signatures } from '../../db/schema.js';
import { invalid } from '../../lib/domain-error.js';
import { fold } from '../../lib/fold.js';
import { addAliases, findOrganizationRow, newSpellings } from '../organizations/repository.js';
import { findStatementByIssuerAndTitle, getLiveStatementRow, insertStatement, reviseStatement } from '../statements/repository.js';
import { withVersion } from '../statements/versions.js';
import { learnNames, namesToLearn, retagEntries, suggestStatement } from './languages.js';
import { previewEvent } from '../timeline/append.js';
import { signatoryListAt } from '../timeline/read.js';
import type { SnapshotInput } from '../timeline/schemas.js';
import { writeEvent } from '../timeline/write.js';
import { applyDecisions, refuseUndecided, type AmbiguousPolicy, type Decision } from './decisions.js';
import { matchEntries, type FoundBy } from './matching.js';
import { unsafeNames } from './unsafe-names.js';
import { parseDocument } from '../../lib/published-list/document.js';
import { ParseError, type ParsedDocument } from '../../lib/published-list/types.js';
import type { SourceDocument } from '../../lib/documents/types.js';
import { keepDocument } from '../documents/repository.js';
import type { ImportResult } from './schemas.js';

export interface ImportOptions {
  dryRun: boolean;
  /** Overrides (or supplies) the document's "as of" date. */
  asOf?: string | undefined;
  /** Recorded as the event's source, e.g. the file name or URL. */
  source?: string | undefined;
  /** The document's language, overriding its header's. */
  language?: string | undefined;
  /** Import into this statement, as the version in the document's language. */
  statementId?: string | undefined;
  /** Where the text was read from (a page, a PDF): the result says so, with the text. */
  extracted?: Omit<NonNullable<ImportResult['extracted']>, 'text'> | null;
  /** The document as sent: kept by its SHA-256 when the import writes, and named by its event. */
  document?: SourceDocument;
  /** A document kept already (its SHA-256), e.g. a watched source's: the event names it. */
  keptDocument?: string | undefined;
  /** Entries decided by whoever imports, by line: an organization or "new" (see decisions.ts). */
  decisions?: Decision[] | undefined;
  /** What undecided entries become in a real import: refused (409), or new organizations. */
  ambiguous?: AmbiguousPolicy | undefined;
  /** Called after each entry is matched: for progress bars. */
  onEntry?: (done: number, total: number) => void;
}

export function parseOrProblem(text: string): ParsedDocument {
  try {
    return parseDocument(text);
  } catch (error) {
    if (error instanceof ParseError) {
      // The lines it is about follow, as printed, so the refusal can be acted on without the file at hand.
      throw invalid('unparseable-document', `The document could not be read: ${error.message}.`, [
        { field: error.line === null ? '' : `line ${error.line}`, detail: error.message },
        ...error.shown.map((l) => ({ field: `line ${l.line}`, detail: `reads ${JSON.stringify(l.text)}` })),
      ]);
    }
    throw error;
  }
}

/**
 * Imports one published list as of its date. A new statement (by issuer and title) is created
 * with its first event. For a known statement the event carries the difference from its list as
 * of that date, as known now: entries now listed are added, signatories no longer listed are
 * withdrawn. A date earlier than the statement's events makes it a backfill, recorded as a
 * correction. The same list again writes no event. Entries that spell a known organization another
 * way add that spelling to its aliases (a new revision of it), so search finds it as printed. A dry run checks and plans exactly as the real
 * run does (the same functions), and stops before writing.
 */
export function importDocument(db: Db, text: string, options: ImportOptions, actor: string): ImportResult {
  const doc = parseOrProblem(text);
  const unsafe = unsafeNames(doc.entries);
  if (unsafe.length > 0) {
    throw invalid('validation-error', `The document names organizations in a way that cannot be stored: ${unsafe.map((f) => `${f.field}: ${f.detail}`).join('; ')}.`, unsafe);
  }
  if (!doc.issuer) {
    throw invalid('unparseable-document', 'The document names no issuer: its first line should read like "ICOR resolution:".');
  }
  const issuer = doc.issuer;
  const asOf = options.asOf ?? doc.asOf;
  if (!asOf) {
    throw invalid('missing-as-of', 'The document gives no "as of" date for its signatories; pass one (asOf=YYYY-MM-DD).', [
      { field: 'asOf', detail: 'is required when the document gives no date' },
    ]);
  }
  const warnings: ImportResult['warnings'] = doc.warnings.map((w) => ({ line: w.line, message: w.message }));
  const declared = doc.declaredCount;
  if (declared && declared.count !== doc.entries.length) {
    warnings.push({ line: declared.line, message: `the document prints "${declared.printed}" as its count, but lists ${doc.entries.length} ${doc.entries.length === 1 ? 'entry' : 'entries'}` });
  }
  const language = options.language ?? doc.language;
  const parsedEntries = options.language ? retagEntries(doc.entries, doc.language, options.language) : doc.entries;

  return db.transaction(
    (tx) => {
      const target = options.statementId === undefined ? undefined : getLiveStatementRow(tx, options.statementId);
      const existing = target ?? findStatementByIssuerAndTitle(tx, issuer, doc.title);
      if (target && fold(target.issuer) !== fold(issuer)) {
        warnings.push({ line: null, message: `the document's issuer is ${issuer}, the statement's ${target.issuer}` });
      }
      const version = target ? withVersion(target, { language, title: doc.title, body: doc.body }) : null;
      const current = existing ? signatoryListAt(db, existing.id, { asOf }).items : [];
      const onList = new Map(current.map((s) => [s.organization.id, s]));
      if (existing && existing.openForSignatures !== doc.openForSignatures) {
        warnings.push({
          line: null,
          message: `the document says the statement is ${doc.openForSignatures ? 'open' : 'closed'} for signatures, the statement says otherwise; PATCH it if that changed`,
        });
      }

      // Entries printing countries that exclude each other are never the same organization.
      const used = new Map<string, { number: number; countries: string[] }[]>(); // organization id or folded new name -> entries
      const decided = applyDecisions(tx, matchEntries(tx, parsedEntries), options.decisions ?? [], options.ambiguous ?? 'refuse');
      const entries: ImportResult['entries'] = decided.map(({ entry, match }, i) => {
        options.onEntry?.(i + 1, parsedEntries.length);
        const base = { number: entry.number, line: entry.line, lines: entry.lines, printedAs: entry.printedAs, abbreviation: entry.abbreviation, name: entry.name, nameEn: entry.nameEn, translation: entry.translation, country: entry.country, countries: entry.countries, newAliases: [] };
        if (match.reason === 'ambiguous') return { ...base, match, action: 'undecided' as const };
        const key = match.organizationId ?? `new:${fold(entry.abbreviation ?? '')}|${fold(entry.name)}`;
        const earlier = used.get(key) ?? [];
        const same = earlier.find((u) => compatible(u.countries, entry.countries));
        if (same) {
          warnings.push({ line: entry.line, message: `entry ${entry.number} repeats entry ${same.number}; skipped` });
          return { ...base, match: { ...match, reason: 'duplicate' as const, detail: `the same organization as entry ${same.number}` }, action: 'skip' as const };
        }
        used.set(key, [...earlier, { number: entry.number, countries: entry.countries }]);
        if (match.organizationId && earlier.length > 0 && match.reason !== 'decided') {
          return { ...base, match: otherCountryMatch(tx, match.organizationId, match.reason, earlier[0]?.number ?? 0), action: 'undecided' as const };
        }
        const newAliases = match.organizationId ? spellingsOf(tx, match.organizationId, entry) : [];
        return { ...base, newAliases, match, action: match.organizationId && onList.has(match.organizationId) ? ('keep' as const) : ('add' as const) };
      });
      if (!options.dryRun) refuseUndecided(entries);
      for (const e of entries) {
        if (e.action === 'undecided') warnings.push({ line: e.line, message: `entry ${e.number} is undecided (${e.match.candidates.length} ${e.match.candidates.length === 1 ? 'candidate' : 'candidates'}): a real import is refused (409 ambiguous-match) until it is decided` });
      }
      // An undecided entry's candidates are not taken as missing from the document.
      const kept = new Set(entries.flatMap((e) => [e.match.organizationId, ...e.match.candidates.map((c) => c.organizationId)]).filter((id): id is string => id !== null));
      const withdrawn = current
        .filter((s) => !kept.has(s.organization.id))
        .map((s) => ({ organizationId: s.organization.id, name: s.organization.name, position: s.position }));
      const adds = entries.filter((e) => e.action === 'add');

      const backfillOf = existing ? laterEventDate(tx, existing.id, asOf) : null;
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
      const matched = entries.flatMap((e) => (e.match.organizationId === null || e.action === 'skip' ? [] : [{ organizationId: e.match.organizationId, translation: e.translation }]));
      const namesLearned = namesToLearn(tx, matched);
      const suggestion = existing ? null : suggestStatement(tx, issuer, matched.map((m) => m.organizationId), asOf);
      if (suggestion) {
        warnings.push({
          line: null,
          message: `no ${issuer} statement has this title, but ${suggestion.statementId} ("${suggestion.title}") may be the same in another language (${suggestion.reason}); to add this list there as its ${language} version, import with statementId=${suggestion.statementId}`,
        });
      }
      if (!options.dryRun) {
        const revised = {
          ...(version && version.change !== 'unchanged' ? { versions: version.versions } : {}),
          ...(existing && declaredCount !== existing.declaredCount ? { declaredCount } : {}),
        };
        if (existing && Object.keys(revised).length > 0) reviseStatement(tx, existing, revised, null, actor);
        learnNames(db, namesLearned, actor);
      }
      const outcome: ImportResult['outcome'] = !existing ? 'created' : adds.length || withdrawn.length ? 'appended' : 'unchanged';
      const base: ImportResult = {
        dryRun: options.dryRun, outcome, statement, language, version: version?.change ?? null, suggestion, namesLearned,
        asOf, backfill: backfillOf !== null, declaredCount: declared?.count ?? null, entries, withdrawn, total: current.length, redundantLater: [], event: null, warnings,
        extracted: options.extracted ? { ...options.extracted, text } : null,
      };
      if (!options.dryRun) for (const e of entries) if (e.match.organizationId && e.newAliases.length) addAliases(tx, e.match.organizationId, e.newAliases, actor);
      if (outcome === 'unchanged') return base;

      const documentHash = options.dryRun ? undefined : (options.keptDocument ?? (options.document ? keepImported(tx, options.document, actor) : undefined));
      const input: SnapshotInput = {
        asOf,
        add: adds.map((e) => ({
          ...(e.match.organizationId ? { organizationId: e.match.organizationId } : { organization: newOrganization(e) }),
          printedAs: e.printedAs,
          printedNumber: e.number,
        })),
        withdraw: withdrawn.map((w) => ({ organizationId: w.organizationId, reason: `not on the published list as of ${asOf}` })),
        retract: [],
        source: options.source,
        // The document is kept, and named, only by an import that writes: a dry run keeps nothing.
        ...(documentHash ? { document: documentHash } : {}),
        note: backfillOf ? 'imported from a published list (a backfill: later lists were recorded first)' : 'imported from a published list',
      };
      if (backfillOf) warnings.push(...backfillWarnings(db, existing?.id ?? '', backfillOf, adds));
      if (existing) warnings.push(...retractedWarnings(tx, existing.id, adds));
      // A new statement's first event is planned against the statement once it exists (the same
      // plan a dry run shows, with the real id); a known statement's is planned once and written.
      const statementId = existing?.id ?? (options.dryRun ? null : insertStatement(tx, { title: doc.title, issuer, kind: doc.kind, language, body: doc.body, openForSignatures: doc.openForSignatures, declaredCount }, actor).id);
      const plan = previewEvent(db, statementId, input, actor);
      const planned = { ...base, total: plan.event.total, redundantLater: plan.redundantLater };
      if (options.dryRun || statementId === null) return planned;
      writeEvent(db, plan);
      const event = plan.event;
      // Entries that became new organizations learn their ids from the event, in order.
      adds.forEach((e, i) => {
        e.match.organizationId = event.items[i]?.organizationId ?? null;
      });
      return { ...planned, statement: { ...statement, id: statementId }, event };
    },
    { behavior: options.dryRun ? 'deferred' : 'immediate' },
  );
}

/** Keeps the imported document (its bytes, their media type and charset, the file's name): the event names its SHA-256. */
function keepImported(tx: Conn, document: SourceDocument, actor: string): string {
  const mediaType = document.charset ? `${document.mediaType}; charset=${document.charset.toLowerCase()}` : document.mediaType;
  return keepDocument(tx, { bytes: document.bytes, mediaType }, { fileName: document.fileName ?? null, recordedBy: actor }).sha256;
}

/** Entries printing no country, or a country in common, may be the same organization. */
const compatible = (a: readonly string[], b: readonly string[]) => a.length === 0 || b.length === 0 || a.some((c) => b.includes(c));

/** An organization of no known country matched by two entries printing different countries: it cannot be both, so the later is undecided. */
function otherCountryMatch(tx: Conn, organizationId: string, reason: FoundBy | 'new', earlier: number): ImportResult['entries'][number]['match'] {
  const org = findOrganizationRow(tx, organizationId);
  const candidate = { organizationId, reason: reason === 'new' ? ('name' as const) : reason, country: org?.country ?? null, name: [org?.abbreviation, org?.name].filter(Boolean).join(' ') };
  return { organizationId: null, reason: 'ambiguous', detail: `${organizationId} was matched by entry ${earlier} too, which prints another country: it cannot be both`, candidates: [candidate] };
}

/** How the entry spells a known organization that it does not already go by: recorded as aliases. */
function spellingsOf(tx: Conn, organizationId: string, entry: { abbreviation: string | null; name: string }): string[] {
  const org = findOrganizationRow(tx, organizationId);
  return org ? newSpellings(org, [entry.name, entry.abbreviation]) : [];
}

/** A printed entry as a new organization: a translation in the document's language is its name in that language. */
function newOrganization(e: ImportResult['entries'][number]) {
  const names = e.translation && e.translation.lang !== 'en' ? [e.translation] : [];
  return { abbreviation: e.abbreviation, name: e.name, nameEn: e.nameEn, names, country: e.country };
}

/** The date of the statement's next event after `asOf`, when there is one: the import is then a backfill. */
function laterEventDate(tx: Conn, statementId: string, asOf: string): string | null {
  return tx.select({ d: min(signatoryEvents.asOf) }).from(signatoryEvents).where(and(eq(signatoryEvents.statementId, statementId), gt(signatoryEvents.asOf, asOf))).get()?.d ?? null;
}

/** An organization retracted from this statement ("it never signed") is listed again: say so before adding it. */
function retractedWarnings(tx: Conn, statementId: string, adds: ImportResult['entries']) {
  const ids = adds.flatMap((e) => (e.match.organizationId ? [e.match.organizationId] : []));
  const retracted = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of tx.select().from(signatures).where(and(eq(signatures.statementId, statementId), eq(signatures.status, 'retracted'), inArray(signatures.organizationId, ids.slice(i, i + 500)))).all()) {
      retracted.set(row.organizationId, row.retraction?.reason ?? 'no reason given');
    }
  }
  return adds
    .filter((e) => e.match.organizationId !== null && retracted.has(e.match.organizationId))
    .map((e) => ({ line: e.line, message: `entry ${e.number} was retracted from this statement ("${retracted.get(e.match.organizationId ?? '') ?? ''}"); it is added again as a new signature` }));
}

/** A backfilled entry missing from the next later list stays on from now on: say so, so nobody is surprised. */
function backfillWarnings(db: Db, statementId: string, laterDate: string, adds: ImportResult['entries']) {
  const later = new Set(signatoryListAt(db, statementId, { asOf: laterDate }).items.map((s) => s.organization.id));
  return adds
    .filter((e) => e.match.organizationId === null || !later.has(e.match.organizationId))
    .map((e) => ({
      line: e.line,
      message: `entry ${e.number} is not on the list as of ${laterDate}, which was recorded first; it will now show on lists from this date on until it is withdrawn`,
    }));
}
