import { stringify } from 'csv-stringify/sync';
import { formatDocument } from '../../lib/published-list/format.js';
import type { StatementState } from '../statements/schemas.js';
import type { Signatory } from './schemas.js';

export const CSV_COLUMNS = ['position', 'signatureId', 'organizationId', 'abbreviation', 'name', 'nameEn', 'country', 'addedAsOf', 'printedAs'] as const;

/** One header row and a row per signatory, UTF-8, RFC 4180 quoting (csv-stringify). */
export function signatoriesCsv(items: Signatory[]): string {
  return stringify(
    items.map((s) => [s.position, s.signatureId, s.organization.id, s.organization.abbreviation, s.organization.name, s.organization.nameEn, s.organization.country, s.addedAsOf, s.printedAs]),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'unix' },
  );
}

/**
 * The published numbered format, which the importer reads back: the same statement (issuer and
 * title), the same entries, the same organizations. Positions are the printed numbers, so a
 * withdrawn signatory leaves a gap as it did in the list.
 */
export function signatoriesText(statement: StatementState, asOf: string | null, items: Signatory[]): string {
  return formatDocument({
    issuer: statement.issuer,
    kind: statement.kind,
    title: statement.title,
    body: statement.body,
    asOf,
    openForSignatures: statement.openForSignatures,
    entries: items.map((s, i) => ({ number: i + 1, abbreviation: s.organization.abbreviation, name: s.organization.name, nameEn: s.organization.nameEn, country: s.organization.country })),
  });
}
