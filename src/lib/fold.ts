import anyAscii from 'any-ascii';

/**
 * Folds text for matching: transliterates every script to ASCII (Българска -> Bulgarska,
 * Bolşevik -> Bolsevik), lowercases, unifies dashes, collapses white space and drops trailing
 * dots ("MLPD." is MLPD). Search and organization matching both use it, so they agree on what
 * "the same name" means.
 */
export function fold(text: string): string {
  let folded = recent.get(text);
  if (folded === undefined) {
    folded = foldOnce(text);
    if (recent.size >= RECENT_MAX) recent.clear();
    recent.set(text, folded);
  }
  return folded;
}

/**
 * An import folds each name several times (matching, name keys, search text, duplicates) at
 * about 8 µs a time: the last 20,000 are kept, and all forgotten at once when that is reached,
 * so the memory held stays a few megabytes.
 */
const RECENT_MAX = 20_000;
const recent = new Map<string, string>();

function foldOnce(text: string): string {
  const cyrillicFixed = text
    .normalize('NFKC')
    // any-ascii writes ъ as an apostrophe, Russian-style. Before a consonant ъ is the Bulgarian
    // vowel, which library romanization (ALA-LC) writes ŭ: Българска -> Bulgarska, not B'lgarska.
    .replace(/ъ(?=[бвгджзйклмнпрстфхцчшщ])/giu, (c) => (c === 'Ъ' ? 'Ŭ' : 'ŭ'))
    // The soft sign has no sound of its own; English renderings drop it (Кузьма -> Kuzma).
    .replace(/[ьЬ]/gu, '');
  return anyAscii(cyrillicFixed)
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212-]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
}
