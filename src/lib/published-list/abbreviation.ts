/**
 * Abbreviation-like: at least two letters and either no lower-case letter at all ("CPSA",
 * "CPA/ML", "БКП", "PCR-U") or a short mixed token that opens with two capitals or has a
 * capital after a lower-case letter ("UPC-Manidem", "PR-ByH", "PCdoB"). Ordinary name words
 * ("Communist", "Партия") start with one capital followed by lower case.
 */
export function isAbbreviationToken(text: string): boolean {
  if (text.startsWith('(')) return false;
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 2) return false;
  if (!/\p{Ll}/u.test(text)) return true;
  return text.length <= 12 && (/^\p{Lu}{2}/u.test(text) || /\p{Ll}\p{Lu}/u.test(text));
}
