import anyAscii from 'any-ascii';

/**
 * Folds text for matching: transliterates every script to ASCII (Българска -> Bulgarska,
 * Bolşevik -> Bolsevik), lowercases, unifies dashes and collapses white space. Search and
 * organization matching both use it, so they agree on what "the same name" means.
 */
export function fold(text: string): string {
  return anyAscii(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212-]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
