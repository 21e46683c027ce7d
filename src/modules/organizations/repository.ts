import { inTransaction, type Conn } from '../../db/client.js';
import { appendRevisions } from '../../db/revisions.js';
import { organizationNames, organizations } from '../../db/schema.js';
import { insertRows } from '../../db/bulk-insert.js';
import { withSearchIndex } from '../../db/fts.js';
import { fold } from '../../lib/fold.js';
import { newId, nowIso } from '../../lib/ids.js';
import { conflict } from '../../lib/domain-error.js';
import { findDuplicate, heldNameKeys, type Duplicate } from './names.js';
import { MAX_ALIASES, type Organization, type OrganizationInput, type OrganizationPatch } from './schemas.js';
import { nfcNames } from './languages.js';
import { refuseTaken, writeIdentifierKeys } from './identifiers.js';
import { getLiveOrganization, nfc, reviseOrganization, searchText, toOrganization, type Row } from './head.js';

/** The organization registry's writes: new organizations, their revisions and deletion. */

/** New organizations' identifiers must be held by no organization, nor repeated among them (409 identifier-taken). */
function refuseTakenIdentifiers(db: Conn, inputs: readonly OrganizationInput[]): void {
  const identified = inputs.filter((input) => input.identifiers?.length);
  if (identified.length === 0) return;
  refuseTaken(
    db,
    identified.flatMap((input) => input.identifiers ?? []),
    null,
  );
  const all = identified.flatMap((input) => (input.identifiers ?? []).map((i) => `${i.scheme} ${i.value}`));
  if (new Set(all).size !== all.length)
    throw conflict('identifier-taken', 'Two new organizations were given the same identifier.', [
      { field: 'identifiers', detail: 'repeats an identifier of another new organization' },
    ]);
}

/**
 * Inside a caller's transaction, so statements can create organizations atomically with events.
 * Many at once (an imported list) go in multi-row statements: one head, one revision and their
 * name keys each.
 */
export function insertOrganizations(
  db: Conn,
  inputs: (OrganizationInput & { id?: string })[],
  actor: string,
  now = nowIso(),
): Organization[] {
  const created: Organization[] = [];
  refuseTakenIdentifiers(db, inputs);
  for (let i = 0; i < inputs.length; i += 500) {
    const values = inputs.slice(i, i + 500).map((input) => {
      const head = {
        id: input.id ?? newId('org'),
        revision: 1,
        abbreviation: nfc(input.abbreviation),
        name: input.name.normalize('NFC'),
        nameEn: nfc(input.nameEn),
        names: nfcNames(input.names ?? []),
        aliases: (input.aliases ?? []).map((a) => a.normalize('NFC')),
        country: input.country ?? null,
        website: input.website ?? null,
        identifiers: input.identifiers ?? [],
        mergedInto: null,
        mergedIds: [],
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
      return { ...head, searchText: searchText(head) };
    });
    withSearchIndex(db, () => insertRows(db, organizations, values));
    const states = values.map(toOrganization);
    appendRevisions(
      db,
      states.map((state) => ({
        resource: 'organization' as const,
        resourceId: state.id,
        revision: 1,
        action: 'create' as const,
        recordedAt: now,
        recordedBy: actor,
        state,
      })),
    );
    insertRows(db, organizationNames, values.flatMap(heldNameKeys));
    writeIdentifierKeys(
      db,
      values.filter((v) => v.identifiers.length > 0),
    );
    created.push(...states);
  }
  return created;
}

export function insertOrganization(
  db: Conn,
  input: OrganizationInput,
  actor: string,
  id = newId('org'),
  now = nowIso(),
): Organization {
  const [created] = insertOrganizations(db, [{ ...input, id }], actor, now);
  if (!created) throw new Error('an insert of one organization returned none');
  return created;
}

/** Refuses (409) an organization that exists already, unless `allowDuplicate`: see findDuplicate. */
export function createOrganization(
  db: Conn,
  input: OrganizationInput,
  actor: string,
  allowDuplicate = false,
): Organization {
  return inTransaction(db, () => {
    const duplicate = allowDuplicate ? null : findDuplicate(db, input);
    if (duplicate) throw duplicateOrganization(duplicate);
    return insertOrganization(db, input, actor);
  });
}

function duplicateOrganization({ id, reason }: Duplicate) {
  const what = reason === 'name-and-country' ? 'name' : 'abbreviation';
  const fields = [{ field: what, detail: `is that of ${id} in the same country` }];
  const hint = 'use it (GET /v1/organizations/' + id + '), or pass allowDuplicate=true if this is another organization';
  return conflict('duplicate-organization', `Organization ${id} has the same ${what} and country: ${hint}.`, fields, {
    existing: id,
    reason,
  });
}

/**
 * Read-check-write under BEGIN IMMEDIATE: the revision compared against If-Match is the one we
 * overwrite, so two writers holding the same ETag cannot both succeed.
 */
export function updateOrganization(
  db: Conn,
  id: string,
  patch: OrganizationPatch,
  matches: (revision: number) => boolean,
  actor: string,
): Organization {
  return inTransaction(db, () => {
    const current = getLiveOrganization(db, id);
    const now = nowIso();
    const next = {
      abbreviation: patch.abbreviation === undefined ? current.abbreviation : nfc(patch.abbreviation),
      name: patch.name === undefined ? current.name : patch.name.normalize('NFC'),
      nameEn: patch.nameEn === undefined ? current.nameEn : nfc(patch.nameEn),
      names: patch.names === undefined ? current.names : nfcNames(patch.names),
      aliases: patch.aliases === undefined ? current.aliases : patch.aliases.map((a) => a.normalize('NFC')),
      country: patch.country === undefined ? current.country : patch.country,
      website: patch.website === undefined ? current.website : patch.website,
      identifiers: patch.identifiers === undefined ? current.identifiers : patch.identifiers,
    };
    if (patch.identifiers !== undefined) refuseTaken(db, patch.identifiers, id);
    return reviseOrganization(db, current, {
      matches,
      action: 'update',
      actor,
      now,
      set: { ...next, searchText: searchText(next) },
      names: true,
      identifiers: patch.identifiers !== undefined,
    });
  });
}

/** Of these spellings, those no name, English name, alias or abbreviation of the organization folds to (room allowing). */
export function newSpellings(
  org: Pick<Row, 'name' | 'nameEn' | 'abbreviation' | 'aliases'>,
  spellings: readonly (string | null)[],
): string[] {
  const known = new Set([org.name, org.nameEn, org.abbreviation, ...org.aliases].flatMap((n) => (n ? [fold(n)] : [])));
  const found: string[] = [];
  for (const spelling of spellings) {
    const key = spelling ? fold(spelling) : '';
    if (spelling && key && !known.has(key)) {
      known.add(key);
      found.push(spelling.normalize('NFC'));
    }
  }
  return found.slice(0, Math.max(0, MAX_ALIASES - org.aliases.length));
}

/** Appends aliases as a new revision, inside the caller's (immediate) transaction. */
export function addAliases(tx: Conn, id: string, aliases: string[], actor: string, now = nowIso()): Organization {
  const current = getLiveOrganization(tx, id);
  const next = { ...current, aliases: [...current.aliases, ...aliases] };
  return reviseOrganization(tx, current, {
    matches: null,
    action: 'update',
    actor,
    now,
    set: { aliases: next.aliases, searchText: searchText(next) },
    names: true,
  });
}

export function deleteOrganization(
  db: Conn,
  id: string,
  matches: ((revision: number) => boolean) | null,
  actor: string,
): void {
  inTransaction(db, () => {
    const now = nowIso();
    reviseOrganization(db, getLiveOrganization(db, id), {
      matches,
      action: 'delete',
      actor,
      now,
      set: { deletedAt: now },
      // A deleted organization's identifiers are free for another (its revisions keep them).
      identifiers: true,
    });
  });
}
