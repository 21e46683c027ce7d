import { Placeholder } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import type { Signatory } from './schemas.js';

/** The stored column each place of a page's row comes from (null: printedAs and printedNumber, each a coalesce). */
const PAGE_COLUMNS = [
  'position',
  'signature_id',
  'valid_from',
  null,
  null,
  'id',
  'abbreviation',
  'name',
  'name_en',
  'names',
  'country',
];

/** A page's row, in the order of PAGE_COLUMNS. */
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
  // The rows are read by place: a selection that changes shape fails here, when first prepared, rather than misplace a field.
  const columns = JSON.stringify(statement.columns().map((column) => column.column));
  if (columns !== JSON.stringify(PAGE_COLUMNS))
    throw new Error(`a list page selects ${columns}, not what rowsOf reads`);
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
            organization: { id, abbreviation, name, nameEn, names: storedNames(names), country },
          }),
        ),
  };
}

/** The names column as stored: a JSON array of { lang, name }. */
function storedNames(json: string): Signatory['organization']['names'] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed : [];
}
