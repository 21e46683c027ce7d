import type { DocumentKind } from '../types.js';

/** Shared by the languages' issuer grammars: how a kind word is written and read back. */

export const capitalize = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
export const startsWithVowel = (s: string): boolean => /^[aeiouàâéèêîïôùûy]/i.test(s);

/** Kind-first languages: "<Kind> <connector> <issuer>", or the kind alone. */
export function kindFirst(words: Record<DocumentKind, string>, connector: (issuer: string) => string) {
  return (issuer: string | null, kind: DocumentKind): string =>
    issuer === null ? words[kind] : `${words[kind]} ${connector(issuer)}${issuer}`;
}

export const KINDS: readonly DocumentKind[] = ['resolution', 'open-letter', 'declaration', 'petition', 'other'];

/** Each language's written kind words, plus the variants a reader meets. */
export function kindsOf(words: Record<DocumentKind, string>, extra: readonly (readonly [string, DocumentKind])[]) {
  return [...extra, ...KINDS.map((kind) => [words[kind], kind] as const)];
}
