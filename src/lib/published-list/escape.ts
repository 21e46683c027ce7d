import { matchHeader } from './header.js';
import { parseIssuerLine } from './issuer.js';
import { englishSpec, type LanguageSpec } from './languages.js';

/**
 * A statement's title and body are free text, but some lines of text read as the format's own
 * structure: a signatories header ("Signatories (as of …):"), a numbered entry ("1. …"), and, as a
 * document's first line, an issuer line (anything ending in a colon). Such a line is written with a
 * backslash before it, and read back without it; a line that already starts with backslashes before
 * such text gets one more, so every line reads back as written. Other lines are left alone, so a
 * hand-written list that happens to start a line with a backslash reads as before.
 */

export const ENTRY_LINE = /^(\d{1,6})\s*[.)]\s*(.*)$/;

/** Whether the (trimmed) line would be read as structure; `first`: it opens the document. */
function structural(line: string, first: boolean, spec: LanguageSpec): boolean {
  return (
    ENTRY_LINE.test(line) ||
    matchHeader(line) !== null ||
    (first && parseIssuerLine(line, [spec, englishSpec()]) !== null)
  );
}

const withoutBackslashes = (line: string) => line.replace(/^\\+/, '');

/** The line as written into the document. */
export function escapeTextLine(line: string, first: boolean, spec: LanguageSpec): string {
  const trimmed = line.trim();
  return structural(withoutBackslashes(trimmed), first, spec) ? `\\${trimmed}` : line;
}

/** The (trimmed) line as it was before escapeTextLine. */
export function unescapeTextLine(line: string, first: boolean, spec: LanguageSpec): string {
  return line.startsWith('\\') && structural(withoutBackslashes(line), first, spec) ? line.slice(1) : line;
}
