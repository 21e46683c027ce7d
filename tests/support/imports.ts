import { readFileSync } from 'node:fs';
import type { TestApp } from './app.js';
import type { Item } from './timeline.js';

export const sample = readFileSync(
  new URL('../../data/sample/icor-kazakhstan-2022-01-21.txt', import.meta.url),
  'utf8',
);
export const sampleEntries = sample.split('\n').filter((l) => /^\d+\. /.test(l));

export interface ImportResult {
  dryRun: boolean;
  outcome: 'created' | 'appended' | 'unchanged';
  statement: { id: string | null; issuer: string; title: string; openForSignatures: boolean };
  asOf: string;
  backfill: boolean;
  entries: {
    number: number;
    line: number;
    lines: [number, number];
    printedAs: string;
    country: string | null;
    countries: string[];
    abbreviation: string | null;
    name: string;
    translation: { lang: string; name: string } | null;
    match: {
      organizationId: string | null;
      reason: string;
      detail: string;
      candidates: { organizationId: string; reason: string; country: string | null; name: string }[];
    };
    newAliases: string[];
    action: string;
  }[];
  withdrawn: { organizationId: string; name: string }[];
  total: number;
  redundantLater: { seq: number; kind: string; organizationId: string }[];
  event: { seq: number; total: number; items: Item[] } | null;
  warnings: { line: number | null; message: string }[];
  extracted: { mediaType: string; text: string; pages: number | null; title: string | null } | null;
}

export async function importText(t: TestApp, text: string, query = '') {
  return t.as('editor', {
    method: 'POST',
    url: `/v1/imports${query}`,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    payload: text,
  });
}

/** A document of another media type (a page, a PDF) posted for import. */
export async function importBytes(t: TestApp, body: string | Buffer, contentType: string, query = '') {
  return t.as('editor', {
    method: 'POST',
    url: `/v1/imports${query}`,
    headers: { 'content-type': contentType },
    payload: body,
  });
}

/** The sample with its signatories header dated and its entries replaced. */
export function edition(asOf: string, entries: string[]) {
  const head = sample.slice(0, sample.indexOf('Signatories'));
  return `${head}Signatories (as of ${asOf}, further signatories possible):\n\n${entries.join('\n')}\n`;
}
