import type { Db } from '../../db/client.js';
import { HttpProblem } from '../../http/problem.js';
import { fold } from '../../lib/fold.js';
import { nowIso } from '../../lib/ids.js';
import { findStatementByIssuerAndTitle, insertStatement } from '../statements/repository.js';
import { appendEventIn, signatoriesAt, visibleSeq } from '../timeline/repository.js';
import type { SnapshotInput } from '../timeline/schemas.js';
import { matchEntry } from './matching.js';
import { parseDocument } from '../../lib/published-list/document.js';
import { ParseError, type ParsedDocument } from '../../lib/published-list/types.js';
import type { ImportResult } from './schemas.js';

export interface ImportOptions {
  dryRun: boolean;
  /** Overrides (or supplies) the document's "as of" date. */
  asOf?: string | undefined;
  /** Recorded as the event's source, e.g. the file name or URL. */
  source?: string | undefined;
  /** Called after each entry is matched: for progress bars. */
  onEntry?: (done: number, total: number) => void;
}

export function parseOrProblem(text: string): ParsedDocument {
  try {
    return parseDocument(text);
  } catch (error) {
    if (error instanceof ParseError) {
      throw new HttpProblem(400, 'unparseable-document', `The document could not be read: ${error.message}.`, {
        errors: [{ in: 'body', field: error.line === null ? '' : `line ${error.line}`, detail: error.message }],
      });
    }
    throw error;
  }
}

/**
 * Imports one published list. A new statement (by issuer and title) is created with its first
 * event; for a known statement the event carries the difference from its latest list: entries
 * now listed are added, signatories no longer listed are withdrawn. The same list again writes
 * nothing. Everything happens in one BEGIN IMMEDIATE transaction; a dry run plans the same way
 * and writes nothing.
 */
export function importDocument(db: Db, text: string, options: ImportOptions, actor: string): ImportResult {
  const doc = parseOrProblem(text);
  if (!doc.issuer) {
    throw new HttpProblem(400, 'unparseable-document', 'The document names no issuer: its first line should read like "ICOR resolution:".');
  }
  const issuer = doc.issuer;
  const asOf = options.asOf ?? doc.asOf;
  if (!asOf) {
    throw new HttpProblem(400, 'missing-as-of', 'The document gives no "as of" date for its signatories; pass one with asOf=YYYY-MM-DD.', {
      errors: [{ in: 'query', field: 'asOf', detail: 'is required when the document gives no date' }],
    });
  }
  const warnings: ImportResult['warnings'] = doc.warnings.map((w) => ({ line: w.line, message: w.message }));

  return db.transaction(
    (tx) => {
      const existing = findStatementByIssuerAndTitle(tx, issuer, doc.title);
      const current = existing ? signatoriesAt(tx, existing.id, visibleSeq(tx, existing.id, undefined, nowIso())) : [];
      const onList = new Map(current.map((s) => [s.organization.id, s]));
      if (existing && existing.openForSignatures !== doc.openForSignatures) {
        warnings.push({
          line: null,
          message: `the document says the statement is ${doc.openForSignatures ? 'open' : 'closed'} for signatures, the statement says otherwise; PATCH it if that changed`,
        });
      }

      const used = new Map<string, number>(); // organization id or folded new name -> entry number
      const entries: ImportResult['entries'] = doc.entries.map((entry, i) => {
        const match = matchEntry(tx, entry);
        const key = match.organizationId ?? `new:${fold(entry.abbreviation ?? '')}|${fold(entry.name)}`;
        const earlier = used.get(key);
        options.onEntry?.(i + 1, doc.entries.length);
        const base = { number: entry.number, line: entry.line, printedAs: entry.printedAs, abbreviation: entry.abbreviation, name: entry.name, nameEn: entry.nameEn, country: entry.country };
        if (earlier !== undefined) {
          warnings.push({ line: entry.line, message: `entry ${entry.number} repeats entry ${earlier}; skipped` });
          return { ...base, match: { ...match, reason: 'duplicate' as const, detail: `the same organization as entry ${earlier}` }, action: 'skip' as const };
        }
        used.set(key, entry.number);
        return { ...base, match, action: match.organizationId && onList.has(match.organizationId) ? ('keep' as const) : ('add' as const) };
      });
      const kept = new Set(entries.map((e) => e.match.organizationId).filter((id): id is string => id !== null));
      const withdrawn = current
        .filter((s) => !kept.has(s.organization.id))
        .map((s) => ({ organizationId: s.organization.id, name: s.organization.name, position: s.position }));
      const adds = entries.filter((e) => e.action === 'add');

      const statement = {
        id: existing?.id ?? null,
        issuer: existing?.issuer ?? issuer,
        title: existing?.title ?? doc.title,
        kind: existing?.kind ?? doc.kind,
        openForSignatures: existing?.openForSignatures ?? doc.openForSignatures,
      };
      const outcome = !existing ? 'created' : adds.length || withdrawn.length ? 'appended' : 'unchanged';
      if (options.dryRun || outcome === 'unchanged') {
        return { dryRun: options.dryRun, outcome, statement, asOf, entries, withdrawn, event: null, warnings };
      }

      const statementId =
        existing?.id ??
        insertStatement(tx, { title: doc.title, issuer, kind: doc.kind, body: doc.body, openForSignatures: doc.openForSignatures }, actor).id;
      const input: SnapshotInput = {
        asOf,
        add: adds.map((e) =>
          e.match.organizationId
            ? { organizationId: e.match.organizationId, printedAs: e.printedAs }
            : { organization: { abbreviation: e.abbreviation, name: e.name, nameEn: e.nameEn, country: e.country }, printedAs: e.printedAs },
        ),
        withdraw: withdrawn.map((w) => ({ organizationId: w.organizationId, reason: `not on the published list as of ${asOf}` })),
        source: options.source,
        note: 'imported from a published list',
      };
      const event = appendEventIn(tx, statementId, input, actor);
      // Entries that became new organizations learn their ids from the event, in order.
      adds.forEach((e, i) => {
        e.match.organizationId = event.added[i]?.organizationId ?? null;
      });
      return { dryRun: false, outcome, statement: { ...statement, id: statementId }, asOf, entries, withdrawn, event, warnings };
    },
    { behavior: options.dryRun ? 'deferred' : 'immediate' },
  );
}
