import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import type { LanguageName } from '../../db/schema.js';
import { organizations, signatoryEvents, signatureSpans, statements } from '../../db/schema.js';
import { primaryLanguage } from '../../lib/language-tag.js';
import type { ParsedEntry } from '../../lib/published-list/types.js';
import { nameToLearn } from '../organizations/languages.js';
import { updateOrganization } from '../organizations/repository.js';
import { listSizeKnownNow } from '../timeline/read.js';

/**
 * What an import does with the languages of lists: the document's language (its header's, or
 * the `language` parameter), names in that language learnt by the organizations a list names,
 * and, for a list whose title is unknown, the statement it may be another language's version of.
 */

/** With `language` given, the translations the parser took to be in the header's language are in that language. */
export function retagEntries(entries: ParsedEntry[], detected: string, language: string): ParsedEntry[] {
  const lang = primaryLanguage(language);
  if (lang === detected) return entries;
  return entries.map((e) => {
    if (e.translation?.lang !== detected) return e;
    const translation = { lang, name: e.translation.name };
    return { ...e, translation, nameEn: lang === 'en' ? translation.name : null };
  });
}

export interface LearnedName extends LanguageName {
  organizationId: string;
}

/** Names in the list's language that known organizations have none in yet: one per organization. */
export function namesToLearn(
  db: Conn,
  matched: { organizationId: string; translation: LanguageName | null }[],
): LearnedName[] {
  const printed = new Map<string, LanguageName>();
  for (const m of matched)
    if (m.translation && m.translation.lang !== 'en' && !printed.has(m.organizationId))
      printed.set(m.organizationId, m.translation);
  const ids = [...printed.keys()];
  const learned: LearnedName[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    for (const org of db
      .select()
      .from(organizations)
      .where(inArray(organizations.id, ids.slice(i, i + 500)))
      .all()) {
      const name = nameToLearn(org, printed.get(org.id) ?? null);
      if (name) learned.push({ organizationId: org.id, ...name });
    }
  }
  return learned;
}

/** Each learnt name is a new revision of its organization, inside the import's transaction. */
export function learnNames(db: Conn, learned: LearnedName[], actor: string): void {
  for (const { organizationId, lang, name } of learned) {
    const org = db
      .select({ names: organizations.names })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
      .get();
    if (org) updateOrganization(db, organizationId, { names: [...org.names, { lang, name }] }, () => true, actor);
  }
}

export interface Suggestion {
  statementId: string;
  title: string;
  language: string | null;
  overlap: number;
  reason: string;
}

/**
 * For a list whose issuer and title name no statement: the statement of the same issuer whose
 * latest list shares the most organizations with it, when they are at least half of either list.
 * Only proposed (the importer never merges on a guess): `statementId=` adds the list there.
 */
export function suggestStatement(db: Conn, issuer: string, organizationIds: string[], asOf: string): Suggestion | null {
  const ids = [...new Set(organizationIds)];
  const shared = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = db
      .select({
        statementId: signatureSpans.statementId,
        n: sql<number>`count(distinct ${signatureSpans.organizationId})`,
      })
      .from(signatureSpans)
      .where(
        and(
          inArray(signatureSpans.organizationId, ids.slice(i, i + 500)),
          isNull(signatureSpans.knownTo),
          isNull(signatureSpans.validTo),
        ),
      )
      .groupBy(signatureSpans.statementId)
      .all();
    for (const r of rows) shared.set(r.statementId, (shared.get(r.statementId) ?? 0) + r.n);
  }
  let best: Suggestion | null = null;
  for (const [statementId, n] of shared) {
    const s = db
      .select()
      .from(statements)
      .where(
        and(
          eq(statements.id, statementId),
          isNull(statements.deletedAt),
          sql`${statements.issuer} = ${issuer} collate nocase`,
        ),
      )
      .get();
    if (!s || (best && best.overlap >= n)) continue;
    const listed = listSizeKnownNow(db, statementId);
    if (n * 2 < Math.min(listed, ids.length)) continue;
    const sameDate =
      db
        .select({ seq: signatoryEvents.seq })
        .from(signatoryEvents)
        .where(and(eq(signatoryEvents.statementId, statementId), eq(signatoryEvents.asOf, asOf)))
        .get() !== undefined;
    const reason = `same issuer; ${n} of this list's ${ids.length} known organizations are on its latest list of ${listed}${sameDate ? `; it has a list dated ${asOf} too` : ''}`;
    best = { statementId, title: s.title, language: s.language, overlap: n, reason };
  }
  return best;
}
