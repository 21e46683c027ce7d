import { Placeholder } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import type { Signatory } from './schemas.js';

/** A page's row as `current` selects it: the span's columns, then the organization's. */
type PageRow = [
  number,
  string,
  string,
  string | null,
  number | null,
  string,
  string | null,
  string,
  string | null,
  string,
  string | null,
];

/**
 * The query drizzle builds, prepared as it is and read as rows of values, each made into a
 * signatory here: drizzle's general mapping of nested selections took about a tenth of an
 * uncached list read's CPU (profiled on a million signatures).
 */
export function rowsOf(db: Conn, query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql: text, params } = query.toSQL();
  const statement = db.$client.prepare<unknown[], PageRow>(text).raw();
  return {
    all: (values: Record<string, unknown>): Signatory[] =>
      statement
        .all(...params.map((param) => (param instanceof Placeholder ? values[param.name] : param)))
        .map(
          ([
            position,
            signatureId,
            addedAsOf,
            printedAs,
            printedNumber,
            id,
            abbreviation,
            name,
            nameEn,
            names,
            country,
          ]) => ({
            position,
            signatureId,
            addedAsOf,
            printedAs,
            printedNumber,
            organization: { id, abbreviation, name, nameEn, names: languageNames(names), country },
          }),
        ),
  };
}

/** The names column as stored: a JSON array of { lang, name }. */
function languageNames(json: string): Signatory['organization']['names'] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed : [];
}
