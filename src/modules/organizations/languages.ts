import { z } from 'zod';
import type { LanguageName } from '../../db/schema.js';
import { fold } from '../../lib/fold.js';
import { languageTag, primaryLanguage, sameLanguage } from '../../lib/language-tag.js';
import { nameText } from '../../lib/name-safety.js';

/**
 * An organization's names in other languages, each with its language: what a list in that
 * language prints in parentheses ("Unité Communiste (Kommunistische Einheit)"). The English name
 * stays in nameEn; the name as the organization writes it stays in name. Matching and search use
 * every one of them; the published text export prints the one in the list's language.
 */

/** What the document says of a language name, as sent and as answered. */
const languageNameDoc = {
  description: 'A name in one language.',
  example: { lang: 'de', name: 'Kommunistische Einheit' },
};

export const languageName = z
  .strictObject({
    lang: languageTag.describe('BCP 47 language tag, e.g. `de`.'),
    name: nameText(500).describe('The name in that language.'),
  })
  .meta({ id: 'NewLanguageName', ...languageNameDoc });

/** As responses carry it. */
export const languageNameState = z
  .object({
    lang: z.string().describe('BCP 47 language tag.'),
    name: z.string().describe('The name in that language.'),
  })
  .meta({ id: 'LanguageName', ...languageNameDoc });

export const languageNames = z
  .array(languageName)
  .max(50)
  .refine((names) => names.every((n) => primaryLanguage(n.lang) !== 'en'), 'holds no English name: that is nameEn')
  .refine(
    (names) => new Set(names.map((n) => primaryLanguage(n.lang))).size === names.length,
    'holds one name per language',
  )
  .describe(
    'Names in other languages than English (which is `nameEn`), one per language, e.g. `[{"lang": "de", "name": "Kommunistische Einheit"}]`.',
  );

export const nfcNames = (names: LanguageName[]): LanguageName[] =>
  names.map((n) => ({ lang: n.lang, name: n.name.normalize('NFC') }));

/** The organization's name in `lang`: its own name in that language, or English from nameEn. */
export function nameIn(org: { nameEn: string | null; names: LanguageName[] }, lang: string): LanguageName | null {
  if (primaryLanguage(lang) === 'en') return org.nameEn === null ? null : { lang: 'en', name: org.nameEn };
  return org.names.find((n) => sameLanguage(n.lang, lang)) ?? null;
}

/**
 * The name a list in `lang` printed for an organization we know, when it should learn it: a name
 * in a language it has no name in yet, and not one of the names it already goes by.
 */
export function nameToLearn(
  org: { name: string; nameEn: string | null; aliases: string[]; names: LanguageName[] },
  printed: LanguageName | null,
): LanguageName | null {
  if (printed === null || primaryLanguage(printed.lang) === 'en' || nameIn(org, printed.lang) !== null) return null;
  const known = new Set([org.name, org.nameEn ?? '', ...org.aliases, ...org.names.map((n) => n.name)].map(fold));
  return known.has(fold(printed.name))
    ? null
    : { lang: primaryLanguage(printed.lang), name: printed.name.normalize('NFC') };
}
