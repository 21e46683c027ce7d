import { GERMAN } from './languages/de.js';
import { ENGLISH } from './languages/en.js';
import { FRENCH, ITALIAN, PORTUGUESE, SPANISH } from './languages/romance.js';
import { RUSSIAN } from './languages/ru.js';
import type { LanguageSpec } from './languages/spec.js';
import { TURKISH } from './languages/tr.js';

export type { IssuerGrammar, LanguageSpec } from './languages/spec.js';

/**
 * The languages a published list is read and written in, one file each under languages/ (their
 * phrasing: header, issuer line, further-signatories clause); here, the registry and its lookups.
 */

export const LANGUAGES: readonly LanguageSpec[] = [
  ENGLISH,
  GERMAN,
  FRENCH,
  SPANISH,
  PORTUGUESE,
  ITALIAN,
  TURKISH,
  RUSSIAN,
];

export const DEFAULT_LANGUAGE = ENGLISH.tag;

/** The spec for a tag ("de", "de-CH" -> German), or null when the language is not supported. */
export function findLanguage(tag: string): LanguageSpec | null {
  const primary = tag.trim().toLowerCase().split('-')[0];
  return LANGUAGES.find((l) => l.tag === primary) ?? null;
}

export function languageSpec(tag: string): LanguageSpec {
  return findLanguage(tag) ?? ENGLISH;
}

export function englishSpec(): LanguageSpec {
  return ENGLISH;
}
