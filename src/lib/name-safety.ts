import unhomoglyph from 'unhomoglyph';
import confusables from 'unhomoglyph/data.json' with { type: 'json' };
import { oneLine } from './text.js';

/**
 * Names that look like another, or like nothing. An organization named with an invisible
 * character (a zero-width space, a tag character U+E0041, a bidi control) or with a letter of
 * another script that looks like one of its own (Cyrillic Р in "MLРD") is a second organization
 * to every index and a first one to every reader: a duplicate nobody can see. Such names are
 * refused, saying which character, rather than guessed at.
 */

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Unicode's Default_Ignorable_Code_Point: format controls (U+200B, U+FEFF), bidi controls, the tag
 * block U+E0000–U+E0FFF, variation selectors, soft hyphen. ZWNJ and ZWJ are written inside words
 * of Persian and Indic names, so there, between two letters of such a script, they may stay.
 */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const JOINER_CONTEXT = /(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])[\p{L}\p{M}]/u;

/** Text in ASCII only: no invisible character (the first, U+00AD, is past it) and one script. */
const ASCII = /^[\p{ASCII}]*$/u;

/** Why the text holds an invisible character, or null. */
export function invisibleCharacter(text: string): string | null {
  if (ASCII.test(text)) return null;
  for (const match of text.matchAll(IGNORABLE)) {
    const [ch] = match;
    const at = match.index;
    const joiner = ch === '\u200C' || ch === '\u200D';
    if (joiner && JOINER_CONTEXT.test(text.slice(0, at).slice(-1)) && JOINER_CONTEXT.test(text.slice(at + 1, at + 2)))
      continue;
    const what = /[\u{E0000}-\u{E007F}]/u.test(ch)
      ? 'an invisible tag character'
      : /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(ch)
        ? 'a bidirectional control'
        : 'an invisible character';
    return `holds ${codePoint(ch)}, ${what}: remove it`;
  }
  return null;
}

const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Cherokee',
  'Coptic',
  'Hebrew',
  'Arabic',
  'Devanagari',
  'Han',
  'Hangul',
  'Thai',
] as const;
type Script = (typeof SCRIPTS)[number];
const scriptTests = SCRIPTS.map((script) => [script, new RegExp(`^\\p{Script=${script}}$`, 'u')] as const);
const scriptOf = (ch: string): Script | null => scriptTests.find(([, test]) => test.test(ch))?.[0] ?? null;

/** Characters by the prototype they are confusable with (UTS #39 confusables, as unhomoglyph maps them). */
let lookalikes: Map<string, string[]> | undefined;
function sameSkeleton(ch: string): string[] {
  if (!lookalikes) {
    lookalikes = new Map();
    for (const [from, to] of Object.entries(confusables)) lookalikes.set(to, [...(lookalikes.get(to) ?? []), from]);
  }
  const skeleton = unhomoglyph(ch);
  return [skeleton, ...(lookalikes.get(skeleton) ?? [])].filter((other) => other !== ch);
}

/**
 * Why the text mixes scripts with a letter that looks like one of the script most of its letters
 * are in (Cyrillic Р among Latin letters looks like P), or null. A mix of letters that cannot be
 * mistaken for each other is left alone.
 */
export function confusableMix(text: string): string | null {
  // Most names are ASCII, all of whose letters are Latin: testing each letter against each script
  // was a fifth of validating an event of 5,000 new organizations, on the server's thread.
  if (ASCII.test(text)) return null;
  const letters = [...text].filter((ch) => /\p{L}/u.test(ch)).map((ch) => ({ ch, script: scriptOf(ch) }));
  const counts = new Map<Script, number>();
  for (const { script } of letters) if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  if (counts.size < 2) return null;
  const [dominant] = [...counts].reduce((best, next) => (next[1] > best[1] ? next : best));
  for (const { ch, script } of letters) {
    if (script === null || script === dominant) continue;
    const twin = sameSkeleton(ch).find((other) => [...other].length === 1 && scriptOf(other) === dominant);
    if (twin)
      return `mixes scripts: ${ch} (${codePoint(ch)}) is a ${script} letter that looks like the ${dominant} ${twin} of its other letters; write it in one script`;
  }
  return null;
}

/** A name, as the API takes one: one line, nothing invisible in it. */
export const nameText = (max: number) =>
  oneLine(max).check((ctx) => {
    const why = invisibleCharacter(ctx.value);
    if (why !== null) ctx.issues.push({ code: 'custom', message: why, input: ctx.value });
  });

/** An abbreviation: a name, and in one script where its letters could be mistaken for another's. */
export const abbreviationText = (max: number) =>
  nameText(max).check((ctx) => {
    const why = confusableMix(ctx.value);
    if (why !== null) ctx.issues.push({ code: 'custom', message: why, input: ctx.value });
  });
