import { fold } from './fold.js';

/**
 * What full-text search indexes and looks for. Matching (organization_names) uses `fold` alone;
 * search is looser on purpose, so a user finds a name however they type it:
 * - German umlauts either way: ä, ö, ü fold to a, o, u, and so do ae, oe, ue
 *   ("oesterreichs" and "Österreichs" are both "osterreichs");
 * - apostrophes and word breaks: "Côte d'Ivoire" is also indexed as "divoire" and "cotedivoire",
 *   and "Marxist-Leninist" as "marxistleninist", so "cote divoire" and "marxistleninist" find them.
 * Bump SEARCH_TEXT_VERSION when the derivation changes: existing databases then rebuild it.
 */
export const SEARCH_TEXT_VERSION = 2;

const APOSTROPHES = /['`\u00b4\u2018\u2019\u02bc]/g;

/** `fold`, then German ae/oe/ue as a/o/u. Applied alike to indexed text and to queries. */
export function searchFold(text: string): string {
  return fold(text).replace(/([aou])e/g, '$1');
}

/** The words of a text as search sees them: folded, apostrophes closed up. */
export function searchWords(text: string): string[] {
  return searchFold(text)
    .replace(APOSTROPHES, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The indexed text of some names or texts: each folded, followed by the words joined across an
 * apostrophe and each pair of neighbouring words joined. Parts are kept apart so no pair spans two.
 */
export function searchText(parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .map((part) => {
      const folded = searchFold(part);
      const plain = new Set(folded.split(/[^a-z0-9]+/));
      const words = searchWords(part);
      const extra = new Set([
        ...words.filter((w) => !plain.has(w)),
        ...words.slice(1).map((w, i) => `${words[i] ?? ''}${w}`),
      ]);
      return extra.size ? `${folded} ${[...extra].join(' ')}` : folded;
    })
    .join(' \u0001 ');
}
