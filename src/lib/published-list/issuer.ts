import { fold } from '../fold.js';
import { isAbbreviationToken } from './abbreviation.js';
import type { LanguageSpec } from './languages.js';
import type { DocumentKind } from './types.js';

/**
 * The issuer line above the title: "ICOR resolution:", "ICOR-Resolution:", "Résolution de
 * l'ICOR :", "Резолюция ИКОР:". The issuer and the kind come out the same in every language.
 */

export interface IssuerLine {
  issuer: string | null;
  kind: DocumentKind;
}

/** An issuer line without a known kind phrase is only believed when it is this short. */
const MAX_UNKNOWN_ISSUER_WORDS = 3;

const byLength = new WeakMap<LanguageSpec, (readonly [string[], DocumentKind])[]>();

/** Folded kind phrases as word lists, longest first, so "joint declaration" wins over "declaration". */
function kindPhrases(spec: LanguageSpec): (readonly [string[], DocumentKind])[] {
  let phrases = byLength.get(spec);
  if (!phrases) {
    phrases = spec.issuer.kinds
      .map(([phrase, kind]) => [fold(phrase).split(' '), kind] as const)
      .sort((a, b) => b[0].length - a[0].length);
    byLength.set(spec, phrases);
  }
  return phrases;
}

const same = (words: readonly string[], phrase: readonly string[]): boolean =>
  words.length === phrase.length && fold(words.join(' ')) === phrase.join(' ');

function issuerOf(spec: LanguageSpec, text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return spec.issuer.aliases[trimmed] ?? trimmed;
}

/** What follows a leading kind: after a connector ("de l'ICOR"), or an abbreviation-led name. */
function issuerAfterKind(spec: LanguageSpec, rest: string): { issuer: string | null } | null {
  if (rest === '') return { issuer: null };
  const connector = spec.issuer.connector?.exec(rest);
  if (connector) return { issuer: issuerOf(spec, rest.slice(connector[0].length)) };
  return isAbbreviationToken(rest.split(/\s+/)[0] ?? '') ? { issuer: issuerOf(spec, rest) } : null;
}

function withKnownKind(spec: LanguageSpec, words: readonly string[]): IssuerLine | null {
  for (const [phrase, kind] of kindPhrases(spec)) {
    const n = phrase.length;
    // "ICOR resolution", "MLPD and KPÖ joint declaration", "ICOR kararı"
    if (words.length >= n && same(words.slice(-n), phrase))
      return { issuer: issuerOf(spec, words.slice(0, -n).join(' ')), kind };
    // "ICOR-Resolution"
    const last = words[words.length - 1] ?? '';
    const dash = last.lastIndexOf('-');
    if (n === 1 && dash > 0 && same([last.slice(dash + 1)], phrase)) {
      return { issuer: issuerOf(spec, [...words.slice(0, -1), last.slice(0, dash)].join(' ')), kind };
    }
    // "Résolution de l'ICOR", "Резолюция ИКОР"
    if (words.length >= n && same(words.slice(0, n), phrase)) {
      const after = issuerAfterKind(spec, words.slice(n).join(' '));
      if (after) return { ...after, kind };
    }
  }
  return null;
}

/** "ICOR statement:" -> ICOR; "Stellungnahme der ICOR:" -> ICOR; "ICOR:" -> ICOR. */
function withUnknownKind(spec: LanguageSpec, words: readonly string[]): IssuerLine | null {
  if (words.length > MAX_UNKNOWN_ISSUER_WORDS) return null;
  // A lone word is the issuer only if it looks like a name ("ICOR:"), otherwise it is the
  // unknown kind word ("Statement:").
  if (words.length === 1)
    return { issuer: isAbbreviationToken(words[0] ?? '') ? (words[0] ?? null) : null, kind: 'other' };
  const rest = words.slice(1).join(' ');
  const connector = spec.issuer.connector?.exec(rest);
  if (connector || spec.issuer.order === 'kind-first')
    return { issuer: issuerOf(spec, connector ? rest.slice(connector[0].length) : rest), kind: 'other' };
  return { issuer: issuerOf(spec, words.slice(0, -1).join(' ')), kind: 'other' };
}

/**
 * Reads an issuer line in the first of specs that knows its kind phrase (the document's
 * language, then English); a line ending in ":" with no known phrase is read in the first.
 */
export function parseIssuerLine(line: string, specs: readonly LanguageSpec[]): IssuerLine | null {
  if (!line.endsWith(':')) return null;
  const words = line
    .slice(0, -1)
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return null;
  for (const spec of specs) {
    const known = withKnownKind(spec, words);
    if (known) return known;
  }
  const first = specs[0];
  return first ? withUnknownKind(first, words) : null;
}

/** The issuer line, colon included, or null when there is nothing to say (no issuer, kind other). */
export function writeIssuerLine(spec: LanguageSpec, issuer: string | null, kind: DocumentKind): string | null {
  if (issuer === null && kind === 'other') return null;
  return `${spec.issuer.write(issuer, kind)}${spec.colon}`;
}
