/**
 * The number of signatories a published list prints for itself, when it prints one: in the
 * header's parentheses ("Unterzeichner (31):", "Signatories (as of 21 January 2022, 31
 * organizations):") or in a sentence of the text that says who signed ("This resolution is signed
 * by 31 organisations.", "Bisher haben 31 Organisationen unterzeichnet."). Numbers in the text
 * that count anything else ("225 demonstrators", "3,000 arrests") are not counts of signatories:
 * the number must be followed by a word for organizations, parties or signatories, and, outside
 * the header, share its sentence with a word for signing.
 */

/** 31, 1,234, 1.234, 1 234 (thin and no-break spaces too). */
const NUMBER = String.raw`(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d{1,7})`;

/** The nouns a count is of, in the eight languages of the format: organizations, parties, signatories, groups. */
const NOUNS = [
  'organi[sz]ations?',
  'organisationen',
  'organizaciones',
  'organizações',
  'organizacoes',
  'organizzazioni',
  'kuruluş\\p{L}*',
  'örgüt\\p{L}*',
  'организаци\\p{L}*',
  'part(?:y|ies|eien|is|idos|iti|i)',
  'парти\\p{L}*',
  'signator(?:y|ies)',
  'signataires',
  'signatários',
  'signatarios',
  'unterzeichner(?:innen)?',
  'unterzeichnende[n]?',
  'firmantes',
  'firmatari',
  'imzacı',
  'подписант\\p{L}*',
  'подписавш\\p{L}*',
  'groups?',
  'groupes',
  'gruppen',
  'grupos',
  'gruppi',
  'grup',
  'групп\\p{L}*',
].join('|');

/** Signing, in each language (signed, signatories, unterzeichnet, firmado, assinado, imzalandı, подписали): a sentence with a count of organizations must say it. */
const SIGNING = /sign|unterzeichn|unterschr|firm|assin|imza|подпис/iu;

const COUNTED = new RegExp(`(?<![\\p{L}\\p{N}.,])${NUMBER}\\s+(?:${NOUNS})(?!\\p{L})`, 'iu');
const BARE = new RegExp(`^\\s*${NUMBER}\\s*$`, 'u');

const toNumber = (printed: string): number => Number(printed.replace(/\D/g, ''));

export interface DeclaredCount {
  count: number;
  /** 1-based line it is printed on. */
  line: number;
  /** The words that print it ("31 organizations"). */
  printed: string;
}

/**
 * The header's parentheses split into the count, when they print one (a number of organizations,
 * or a bare number between commas: "(31, as of 21 January 2022)", "(Stand: 2. April 2022, 31)"),
 * and the rest (the date and the further-signatories clause), which is read as before. A bare
 * year after the first comma is the year of "January 21, 2022", not a count.
 */
export function countInHeader(info: string): { count: { count: number; printed: string } | null; rest: string } {
  const counted = COUNTED.exec(info);
  if (counted?.[1] !== undefined)
    return { count: { count: toNumber(counted[1]), printed: counted[0] }, rest: info.replace(counted[0], '') };
  // A comma followed by three digits is a thousands separator, not a new part.
  const parts = info.split(/[,;](?!\d{3}\b)/u);
  const index = parts.findIndex((part, i) => BARE.test(part) && !(i > 0 && /^\s*(?:18|19|20|21)\d\d\s*$/u.test(part)));
  const bare = BARE.exec(parts[index] ?? '');
  if (bare?.[1] === undefined) return { count: null, rest: info };
  return { count: { count: toNumber(bare[1]), printed: bare[1] }, rest: parts.filter((_, i) => i !== index).join(',') };
}

/** Each count printed in a sentence about signing, in the lines given (1-based line numbers). */
export function countsInText(lines: readonly { text: string; line: number }[]): DeclaredCount[] {
  const found: DeclaredCount[] = [];
  for (const { text, line } of lines) {
    // Sentences end at . ! ? followed by white space; "1.234" stays one number.
    for (const sentence of text.split(/(?<=[.!?])\s+/u)) {
      const m = COUNTED.exec(sentence);
      if (m?.[1] === undefined || !SIGNING.test(sentence)) continue;
      found.push({ count: toNumber(m[1]), line, printed: m[0] });
    }
  }
  return found;
}
