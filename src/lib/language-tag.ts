import { z } from 'zod';

/** BCP 47, checked and canonicalised by the runtime's own Intl (en-us -> en-US). */
export const languageTag = z
  .string()
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'is not a BCP 47 language tag such as "en" or "de-CH"')
  .transform((tag) => Intl.getCanonicalLocales(tag)[0] ?? tag);

/** The primary language subtag, lower case: "de-CH" -> "de". Tags are compared by it. */
export function primaryLanguage(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}

export const sameLanguage = (a: string | null | undefined, b: string | null | undefined) =>
  a != null && b != null && primaryLanguage(a) === primaryLanguage(b);
