import type { Conn } from '../../db/client.js';
import { fold } from '../../lib/fold.js';
import { findOrganizationRow } from '../organizations/head.js';
import { newSpellings } from '../organizations/repository.js';
import type { Signatory } from '../timeline/schemas.js';
import type { CheckedDocument } from './check.js';
import { applyDecisions, type AmbiguousPolicy, type Decision } from './decisions.js';
import { matchEntries, type FoundBy } from './matching.js';
import type { ImportResult } from './schemas.js';

/** What an import does with each printed entry: keep, add, skip (a repeat) or leave undecided. */

export type Entry = ImportResult['entries'][number];

/** How the caller steers the decisions, and hears of their progress. */
export interface EntryOptions {
  decisions?: Decision[] | undefined;
  ambiguous?: AmbiguousPolicy | undefined;
  onEntry?: ((done: number, total: number) => void) | undefined;
}

/**
 * Each entry matched and decided: kept (on the list already), added, skipped (a repeat) or
 * undecided. Entries printing countries that exclude each other are never the same organization.
 */
export function decideEntries(
  db: Conn,
  checked: CheckedDocument,
  current: Signatory[],
  options: EntryOptions,
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

/** An undecided entry is said so in a dry run; a real import is refused until it is decided. */
export function undecidedWarnings(entries: Entry[]): ImportResult['warnings'] {
  return entries.flatMap((e) =>
    e.action === 'undecided'
      ? [
          {
            line: e.line,
            message: `entry ${e.number} is undecided (${e.match.candidates.length} ${e.match.candidates.length === 1 ? 'candidate' : 'candidates'}): a real import is refused (409 ambiguous-match) until it is decided`,
          },
        ]
      : [],
  );
}

/** The organizations the entries were found to be (a skipped repeat aside), with the translation each printed. */
export const matchedOrganizations = (entries: Entry[]) =>
  entries.flatMap((e) =>
    e.match.organizationId === null || e.action === 'skip'
      ? []
      : [{ organizationId: e.match.organizationId, translation: e.translation }],
  );
