import { eq } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { reviseHead } from '../../db/revisions.js';
import { organizations, type OrganizationIdentifier } from '../../db/schema.js';
import { writeIdentifierKeys } from './identifiers.js';
import { writeNameKeys } from './names.js';
import { findOrganizationRow, searchText, toOrganization } from './repository.js';
import type { Organization } from './schemas.js';

/**
 * The organization side of a merge: a new revision of the duplicate (merged into the survivor,
 * its identifiers handed over, its names no longer matched) and of the survivor (its names as
 * aliases, the identifiers united, `mergedIds`), and the reverse on an unmerge.
 */

export interface MergeFields {
  aliases?: string[];
  identifiers?: OrganizationIdentifier[];
  mergedInto?: string | null;
  mergedIds?: string[];
}

/** A new revision with these fields changed, inside the caller's (immediate) transaction. */
export function reviseMergeFields(tx: Conn, id: string, fields: MergeFields, actor: string, now: string): Organization {
  const current = findOrganizationRow(tx, id);
  if (!current) throw new Error(`organization ${id} vanished inside its own transaction`);
  const next = { ...current, ...fields };
  return reviseHead(tx, {
    resource: 'organization',
    id,
    current,
    matches: null,
    action: 'update',
    actor,
    now,
    write: (revision) => {
      const row = tx
        .update(organizations)
        .set({
          aliases: next.aliases,
          identifiers: next.identifiers,
          mergedInto: next.mergedInto,
          mergedIds: next.mergedIds,
          revision,
          updatedAt: now,
          searchText: searchText(next),
        })
        .where(eq(organizations.id, id))
        .returning()
        .get();
      if (!row) return row;
      // A merged organization is found by none of its names or identifiers: the survivor is.
      writeNameKeys(tx, [row], true);
      writeIdentifierKeys(tx, [row]);
      return row;
    },
    toState: toOrganization,
  });
}
