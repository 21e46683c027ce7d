import { z } from 'zod';
import type { StatementVersion } from '../../db/schema.js';
import { invalid } from '../../lib/domain-error.js';
import { languageTag, primaryLanguage, sameLanguage } from '../../lib/language-tag.js';
import { oneLine } from '../../lib/text.js';
import { absentAs } from '../../http/params.js';

/**
 * A statement in several languages: its own title and body in `language` (the original), and a
 * version per other language. One signatory list serves them all. Reads pick a version by
 * `?lang=` or Accept-Language; the published text export prints the list in it.
 */

export const statementVersionInput = z
  .strictObject({
    language: languageTag.describe('BCP 47 tag of this version, e.g. `de`.'),
    title: oneLine(1000).describe('The title in that language.'),
    body: absentAs(z.string().max(500_000), '').describe('The text in that language; empty when left out.'),
  })
  .meta({ id: 'NewStatementVersion', description: 'The statement in one more language.' });

export const statementVersionsInput = z
  .array(statementVersionInput)
  .max(30)
  .describe(
    'The statement in other languages than its own (`language`), one version per language. Replaces the versions as a whole.',
  );

export const statementVersion = z
  .object({
    language: z.string().describe('BCP 47 tag of this version.'),
    title: z.string().describe('The title in that language.'),
    body: z.string().describe('The text in that language.'),
  })
  .meta({
    id: 'StatementVersion',
    description: 'The statement in one more language.',
    example: { language: 'de', title: 'Solidarität mit den Arbeitern und den Volksmassen in Kasachstan!', body: '' },
  });

export const nfcVersions = (versions: StatementVersion[]): StatementVersion[] =>
  versions.map((v) => ({ language: v.language, title: v.title.normalize('NFC'), body: v.body.normalize('NFC') }));

/** One version per language, none in the statement's own. */
export function checkVersions(language: string | null, versions: StatementVersion[]): void {
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const primary = primaryLanguage(v.language);
    if (sameLanguage(language, v.language)) {
      throw invalid(
        'invalid-versions',
        `Version ${i} is in the statement's own language (${language ?? ''}): change title and body instead.`,
        [{ field: `versions.${i}.language`, detail: `is the statement's language` }],
      );
    }
    if (seen.has(primary))
      throw invalid('invalid-versions', `Two versions are in ${primary}.`, [
        { field: `versions.${i}.language`, detail: `repeats ${primary}` },
      ]);
    seen.add(primary);
  });
}

type Versioned = { language: string | null; title: string; body: string; versions: StatementVersion[] };

/** Every language the statement has title and body in, its own first. */
export const languagesOf = (s: Versioned): string[] => [
  ...(s.language === null ? [] : [s.language]),
  ...s.versions.map((v) => v.language),
];

/** Title and body in `language` when there is such a version, else the original's. */
export function inLanguage(
  s: Versioned,
  language: string | null | undefined,
): { language: string | null; title: string; body: string } {
  const version = language == null ? undefined : s.versions.find((v) => sameLanguage(v.language, language));
  return version ?? { language: s.language, title: s.title, body: s.body };
}

/**
 * The versions once a document in `language` with this title and body is added: a new version,
 * a changed one, or nothing to do (the original's language, or the original's very words, as a
 * list exported in another language prints them).
 */
export function withVersion(
  s: Versioned,
  version: StatementVersion,
): { versions: StatementVersion[]; change: 'added' | 'updated' | 'unchanged' } {
  const same = (v: { title: string; body: string }) => v.title === version.title && v.body === version.body;
  if (sameLanguage(s.language, version.language) || same(s)) return { versions: s.versions, change: 'unchanged' };
  const at = s.versions.findIndex((v) => sameLanguage(v.language, version.language));
  if (at === -1) return { versions: [...s.versions, version], change: 'added' };
  const existing = s.versions[at];
  if (existing && same(existing)) return { versions: s.versions, change: 'unchanged' };
  return { versions: s.versions.map((v, i) => (i === at ? version : v)), change: 'updated' };
}
