import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { ftsQuery, organizationsFts } from '../../db/fts.js';
import { organizations } from '../../db/schema.js';
import { fold } from '../../lib/fold.js';
import type { ParsedEntry } from '../../lib/published-list/types.js';

export type MatchReason = 'abbreviation-and-name' | 'name' | 'english-name' | 'new';

export interface MatchDecision {
  organizationId: string | null;
  reason: MatchReason;
  detail: string;
}

type Candidate = Pick<typeof organizations.$inferSelect, 'id' | 'abbreviation' | 'name' | 'nameEn' | 'aliases'>;

/** Same text after folding case, diacritics, script, white space and dash variants. */
const same = (a: string | null | undefined, b: string | null | undefined) => a != null && b != null && fold(a) === fold(b);

/** The few organizations whose indexed text shares the entry's words, best ranked first. */
function candidates(db: Conn, text: string): Candidate[] {
  const match = ftsQuery(text);
  if (!match) return [];
  return db
    .select({ id: organizations.id, abbreviation: organizations.abbreviation, name: organizations.name, nameEn: organizations.nameEn, aliases: organizations.aliases })
    .from(organizationsFts)
    .innerJoin(organizations, eq(organizations.seq, organizationsFts.rowid))
    .where(and(sql`organizations_fts MATCH ${match}`, isNull(organizations.deletedAt)))
    .orderBy(sql`bm25(organizations_fts)`, organizations.seq)
    .limit(50)
    .all();
}

const label = (c: Candidate) => [c.abbreviation, c.name].filter(Boolean).join(' ');

/**
 * Decides whether a printed entry is an organization we already know. In order of strength:
 * abbreviation and name agree; the name agrees (with a name or alias); the English name agrees.
 * Anything else is a new organization. FTS narrows the search, so it costs an index lookup,
 * not a scan of every organization.
 */
export function matchEntry(db: Conn, entry: Pick<ParsedEntry, 'abbreviation' | 'name' | 'nameEn'>): MatchDecision {
  const pool = [...candidates(db, entry.name), ...(entry.nameEn ? candidates(db, entry.nameEn) : [])];
  const both = pool.find((c) => same(c.abbreviation, entry.abbreviation) && same(c.name, entry.name));
  if (both) return { organizationId: both.id, reason: 'abbreviation-and-name', detail: `abbreviation and name agree with ${both.id} (${label(both)})` };
  const byName = pool.find((c) => same(c.name, entry.name) || c.aliases.some((a) => same(a, entry.name)));
  if (byName) return { organizationId: byName.id, reason: 'name', detail: `name agrees with ${byName.id} (${label(byName)})` };
  const byEnglish = entry.nameEn ? pool.find((c) => same(c.nameEn, entry.nameEn)) : undefined;
  if (byEnglish) return { organizationId: byEnglish.id, reason: 'english-name', detail: `English name agrees with ${byEnglish.id} (${label(byEnglish)})` };
  return { organizationId: null, reason: 'new', detail: 'no organization has this abbreviation and name, name, or English name' };
}
