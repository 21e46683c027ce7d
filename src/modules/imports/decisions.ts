import { and, inArray, isNull } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { organizations } from '../../db/schema.js';
import { conflict, invalid, type FieldFault } from '../../lib/domain-error.js';
import type { ParsedEntry } from '../../lib/published-list/types.js';
import type { MatchDecision } from './matching.js';

/**
 * What becomes of entries the matcher would not decide (reason `ambiguous`: several
 * organizations could be meant, or names agree only with organizations of other countries). A
 * real import never stores a guess: it is refused (409 ambiguous-match, listing each entry and
 * its candidates) unless the import decides each, by the entry's line (ImportOptions.decisions),
 * or asks for a new organization for every such entry (ambiguous: new); the CLI takes them as
 * --decide and --ambiguous. A dry run shows them undecided.
 */

/** One entry decided by whoever imports: the organization it is, or "new". */
export interface Decision {
  line: number;
  organizationId: string;
}

export type AmbiguousPolicy = 'refuse' | 'new';

export type Decided = MatchDecision | (Omit<MatchDecision, 'reason'> & { reason: 'decided' });

type Located = Pick<ParsedEntry, 'number' | 'lines'>;

/** The request's decisions applied to the matcher's: each names an entry by one of its lines, and a live organization or "new". */
export function applyDecisions<T extends Located>(
  tx: Conn,
  matched: { entry: T; match: MatchDecision }[],
  decisions: readonly Decision[],
  policy: AmbiguousPolicy,
): { entry: T; match: Decided }[] {
  const faults: FieldFault[] = [];
  const ids = [...new Set(decisions.map((d) => d.organizationId).filter((id) => id !== 'new'))];
  const live = new Set(
    ids.length
      ? tx
          .select({ id: organizations.id })
          .from(organizations)
          .where(and(inArray(organizations.id, ids), isNull(organizations.deletedAt)))
          .all()
          .map((r) => r.id)
      : [],
  );
  const byEntry = new Map<number, Decision>();
  decisions.forEach((d, i) => {
    const target = matched.find(({ entry }) => d.line >= entry.lines[0] && d.line <= entry.lines[1]);
    if (!target) faults.push({ field: `decisions.${i}.line`, detail: `line ${d.line} is not a line of an entry` });
    else if (byEntry.has(target.entry.number))
      faults.push({ field: `decisions.${i}.line`, detail: `entry ${target.entry.number} is decided twice` });
    else byEntry.set(target.entry.number, d);
    if (d.organizationId !== 'new' && !live.has(d.organizationId))
      faults.push({ field: `decisions.${i}.organizationId`, detail: `no live organization ${d.organizationId}` });
  });
  if (faults.length > 0)
    throw invalid(
      'validation-error',
      `The decisions do not fit the document: ${faults.map((f) => `${f.field}: ${f.detail}`).join('; ')}.`,
      faults,
    );
  return matched.map(({ entry, match }) => {
    const decision = byEntry.get(entry.number);
    if (decision) {
      const organizationId = decision.organizationId === 'new' ? null : decision.organizationId;
      return {
        entry,
        match: {
          ...match,
          organizationId,
          reason: 'decided' as const,
          detail: organizationId
            ? `decided by the importer: ${organizationId}`
            : 'decided by the importer: a new organization',
        },
      };
    }
    if (match.reason === 'ambiguous' && policy === 'new')
      return {
        entry,
        match: {
          ...match,
          reason: 'decided' as const,
          detail: 'undecided, a new organization as asked (ambiguous: new)',
        },
      };
    return { entry, match };
  });
}

/** A real import with undecided entries is refused, each entry shown with the organizations it could be. */
export function refuseUndecided(
  entries: readonly {
    number: number;
    line: number;
    lines: [number, number];
    printedAs: string;
    countries: string[];
    match: Pick<MatchDecision, 'detail' | 'candidates'> & { reason: string };
  }[],
): void {
  const undecided = entries.filter((e) => e.match.reason === 'ambiguous');
  if (undecided.length === 0) return;
  throw conflict(
    'ambiguous-match',
    `${undecided.length} ${undecided.length === 1 ? 'entry matches' : 'entries match'} no organization for certain (several could be meant, or the names agree only with organizations of other countries): ` +
      'nothing was written. Create the organization each means, in the country printed (POST /v1/organizations), and import again; or decide each by its line ' +
      '(on the command line: --decide LINE=org_… or LINE=new, or --ambiguous new for new organizations for all of them).',
    undecided.map((e) => ({ field: `line ${e.line}`, detail: `entry ${e.number}: ${e.match.detail}` })),
    {
      ambiguous: undecided.map((e) => ({
        number: e.number,
        line: e.line,
        lines: e.lines,
        printedAs: e.printedAs,
        countries: e.countries,
        candidates: e.match.candidates,
      })),
    },
  );
}
