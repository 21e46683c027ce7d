import type { Conn } from '../../db/client.js';
import type { OrganizationIdentifier } from '../../db/schema.js';
import { findOrganizationRow, reviseOrganization, searchText } from './head.js';
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
  return reviseOrganization(tx, current, {
    matches: null,
    action: 'update',
    actor,
    now,
    set: {
      aliases: next.aliases,
      identifiers: next.identifiers,
      mergedInto: next.mergedInto,
      mergedIds: next.mergedIds,
      searchText: searchText(next),
    },
    // A merged organization is found by none of its names or identifiers: the survivor is.
    names: true,
    identifiers: true,
  });
}
