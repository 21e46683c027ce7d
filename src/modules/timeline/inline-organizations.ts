import type { Conn } from '../../db/client.js';
import type { FieldFault } from '../../lib/domain-error.js';
import { duplicateKeys, findDuplicate } from '../organizations/names.js';
import type { EventInput } from './schemas.js';

/**
 * New organizations given inline that exist already (the same name, or abbreviation, and
 * country: see findDuplicate) become references to the existing ones, so an event never creates
 * a second copy; the items then carry the existing organization's id. Two inline organizations of
 * one event that would duplicate each other are refused.
 */
export function reuseExistingOrganizations(tx: Conn, add: EventInput['add'], faults: FieldFault[]): EventInput['add'] {
  const fresh = new Map<string, string>();
  return add.map((addition, i) => {
    if (!('organization' in addition)) return addition;
    const { organization, ...rest } = addition;
    const existing = findDuplicate(tx, organization);
    if (existing) return { ...rest, organizationId: existing.id };
    const field = `add.${i}.organization`;
    const keys = duplicateKeys(organization);
    const earlier = keys.map((key) => fresh.get(key)).find((f) => f !== undefined);
    if (earlier)
      faults.push({
        field,
        detail: `is the same organization as ${earlier} (the same name, or abbreviation, and country)`,
      });
    for (const key of keys) fresh.set(key, field);
    return addition;
  });
}
