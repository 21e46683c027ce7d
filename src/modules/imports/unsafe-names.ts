import type { FieldFault } from '../../lib/domain-error.js';
import { confusableMix, invisibleCharacter } from '../../lib/name-safety.js';
import type { ParsedEntry } from '../../lib/published-list/types.js';

/**
 * What POST /v1/organizations refuses in a name (lib/name-safety.ts), found in a document's
 * entries: each a fault at its line. The importer refuses the document with them rather than
 * store such a name or guess what it meant; the dry run says the same.
 */
export function unsafeNames(entries: readonly ParsedEntry[]): FieldFault[] {
  return entries.flatMap((entry) => {
    const parts: [string, string | null, (text: string) => string | null][] = [
      ['abbreviation', entry.abbreviation, (text) => invisibleCharacter(text) ?? confusableMix(text)],
      ['name', entry.name, invisibleCharacter],
      ['name in parentheses', entry.translation?.name ?? null, invisibleCharacter],
    ];
    return parts.flatMap(([what, text, check]) => {
      const why = text === null ? null : check(text);
      return why === null
        ? []
        : [
            {
              field: `line ${entry.line}`,
              detail: `entry ${entry.number}: the ${what} ${JSON.stringify(text)} ${why}`,
            },
          ];
    });
  });
}
