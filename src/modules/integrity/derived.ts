import type { Conn } from '../../db/client.js';
import type { organizationMerges, organizations, statements } from '../../db/schema.js';
import { replayMerges } from '../merges/records.js';
import { heldIdentifiers } from '../organizations/identifiers.js';
import { heldNameKeys } from '../organizations/names.js';
import { searchText } from '../organizations/head.js';
import { statementSearchText } from '../statements/head.js';
import { ProblemList, type DerivedProblem } from './problem-list.js';
import { checkSearchIndex } from './search-index.js';

export type { DerivedProblem } from './problem-list.js';

/**
 * The tables reads use that are stored beside the hashed records rather than hashed themselves,
 * compared with what those records give: organization_names and organization_identifiers (from
 * each head, by the writers' own derivation), the search texts and full-text indexes, and the
 * heads' merge fields (from a replay of the merge records). The heads equal their last
 * revisions (checkHistory), so what they give is what the hash chains give. Each table is read
 * once, in order; nothing is looked up row by row.
 */

export interface DerivedIntegrity {
  checked: number;
  problems: DerivedProblem[];
}

type OrganizationRow = typeof organizations.$inferSelect;
type StatementRow = typeof statements.$inferSelect;
type MergeRow = typeof organizationMerges.$inferSelect;

/**
 * Keys stored per organization (read in organization order) against the keys each head gives:
 * `differ` hears of every organization whose stored keys are not exactly its own. Returns the
 * number of rows read.
 */
function compareByOrganization(
  stored: Iterable<{ organizationId: string; key: string }>,
  heads: ReadonlyMap<string, OrganizationRow>,
  derive: (head: OrganizationRow) => string[],
  differ: (organizationId: string, missing: string[], extra: string[]) => void,
): number {
  const seen = new Set<string>();
  const compare = (organizationId: string, keys: Set<string>) => {
    seen.add(organizationId);
    const head = heads.get(organizationId);
    const want = new Set(head ? derive(head) : []);
    const missing = [...want].filter((k) => !keys.has(k));
    const extra = [...keys].filter((k) => !want.has(k));
    if (missing.length || extra.length) differ(organizationId, missing, extra);
  };
  let read = 0;
  let current: string | null = null; // the organization whose run of rows is being read
  let keys = new Set<string>();
  for (const row of stored) {
    read++;
    if (row.organizationId !== current) {
      if (current !== null) compare(current, keys);
      current = row.organizationId;
      keys = new Set();
    }
    keys.add(row.key);
  }
  if (current !== null) compare(current, keys);
  for (const id of heads.keys()) if (!seen.has(id)) compare(id, new Set());
  return read;
}

const joined = (keys: string[]) => keys.join(', ');

function checkNameKeys(db: Conn, heads: ReadonlyMap<string, OrganizationRow>, problems: ProblemList): number {
  const stored = db.$client
    .prepare<[], { organizationId: string; key: string }>(
      "SELECT organization_id AS organizationId, kind || ' \"' || key || '\"' AS key FROM organization_names ORDER BY organization_id",
    )
    .iterate();
  return compareByOrganization(
    stored,
    heads,
    (head) => heldNameKeys(head).map((k) => `${k.kind} "${k.key}"`),
    (organizationId, missing, extra) => {
      if (!heads.has(organizationId))
        problems.add({
          table: 'organization_names',
          row: organizationId,
          field: 'organization_id',
          detail: `names no organization: ${joined(extra)}`,
        });
      else {
        const holds = extra.length ? [`holds ${joined(extra)}, which the organization's names do not give`] : [];
        const lacks = missing.length ? [`lacks ${joined(missing)}, which its names give`] : [];
        problems.add({
          table: 'organization_names',
          row: organizationId,
          field: 'key',
          detail: [...holds, ...lacks].join('; '),
        });
      }
    },
  );
}

function checkIdentifierKeys(db: Conn, heads: ReadonlyMap<string, OrganizationRow>, problems: ProblemList): number {
  const stored = db.$client
    .prepare<[], { organizationId: string; key: string }>(
      "SELECT organization_id AS organizationId, scheme || ':' || value AS key FROM organization_identifiers ORDER BY organization_id",
    )
    .iterate();
  const heldBy = new Map<string, string>(); // identifier -> the organization whose head gives it, where the table says otherwise
  const storedFor = new Map<string, string>(); // identifier -> the organization the table gives it, where no head does
  const read = compareByOrganization(
    stored,
    heads,
    (head) => heldIdentifiers(head).map((i) => `${i.scheme}:${i.value}`),
    (organizationId, missing, extra) => {
      for (const key of missing) heldBy.set(key, organizationId);
      for (const key of extra) storedFor.set(key, organizationId);
    },
  );
  for (const [key, stored] of storedFor) {
    const owner = heldBy.get(key);
    const whose = heads.has(stored) ? `${stored}, whose head does not hold it` : `${stored}, which is no organization`;
    problems.add({
      table: 'organization_identifiers',
      row: key,
      field: 'organization_id',
      detail: owner ? `is ${stored}; the heads give it to ${owner}` : `is ${whose}`,
    });
  }
  for (const [key, owner] of heldBy) {
    if (!storedFor.has(key))
      problems.add({
        table: 'organization_identifiers',
        row: key,
        field: 'organization_id',
        detail: `is missing; ${owner}'s head holds it`,
      });
  }
  return read;
}

function checkSearchTexts(
  rows: { organizations: readonly OrganizationRow[]; statements: readonly StatementRow[] },
  problems: ProblemList,
) {
  const differ = (table: string, row: { id: string; searchText: string }, expected: string) => {
    if (row.searchText !== expected)
      problems.add({
        table,
        row: row.id,
        field: 'search_text',
        detail: `is ${JSON.stringify(row.searchText.slice(0, 80))}; its names and texts give ${JSON.stringify(expected.slice(0, 80))}`,
      });
  };
  for (const row of rows.organizations) differ('organizations', row, searchText(row));
  for (const row of rows.statements) differ('statements', row, statementSearchText(row));
}

/** Each head's merge fields against a replay of the merge records: a record deleted leaves its organization merged with nothing saying so. */
function checkMergeFields(
  heads: ReadonlyMap<string, OrganizationRow>,
  records: readonly MergeRow[],
  problems: ProblemList,
) {
  const { mergedInto, mergedIds } = replayMerges(records);
  for (const head of heads.values()) {
    const into = mergedInto.get(head.id) ?? null;
    if (head.mergedInto !== into) {
      const said = into === null ? 'it is merged into none' : `it is merged into ${into}`;
      problems.add({
        table: 'organizations',
        row: head.id,
        field: 'merged_into',
        detail: `is ${head.mergedInto ?? 'null'}; the merge records say ${said}`,
      });
    }
    const ids = mergedIds.get(head.id) ?? [];
    if (ids.join() !== head.mergedIds.join())
      problems.add({
        table: 'organizations',
        row: head.id,
        field: 'merged_ids',
        detail: `is [${head.mergedIds.join(', ')}]; the merge records say [${ids.join(', ')}]`,
      });
  }
  for (const record of records) {
    for (const [field, id] of [
      ['organization_id', record.organizationId],
      ['into_id', record.intoId],
    ] as const) {
      if (!heads.has(id))
        problems.add({
          table: 'organization_merges',
          row: String(record.seq),
          field,
          detail: `is ${id}, which is no organization`,
        });
    }
  }
}

export function verifyDerived(
  db: Conn,
  rows: { organizations: readonly OrganizationRow[]; statements: readonly StatementRow[]; merges: readonly MergeRow[] },
): DerivedIntegrity {
  const problems = new ProblemList();
  const heads = new Map(rows.organizations.map((row) => [row.id, row]));
  checkSearchTexts(rows, problems);
  checkMergeFields(heads, rows.merges, problems);
  let checked = rows.organizations.length + rows.statements.length + rows.merges.length;
  checked += checkNameKeys(db, heads, problems);
  checked += checkIdentifierKeys(db, heads, problems);
  checked += checkSearchIndex(db, 'organizations_fts', rows.organizations, problems);
  checked += checkSearchIndex(db, 'statements_fts', rows.statements, problems);
  return { checked, problems: problems.all() };
}
