// What the admin was asked to do (a letter to the coordinating body, about the bundled sample's
// statement), shared by examples/add-late-signatory.ts (openapi-fetch) and its hey-api variant.

/** The fields that tell two organizations apart, in either generated client's types. */
export interface OrganizationNames {
  name: string;
  abbreviation?: string | null;
  country?: string | null;
}

export const job = {
  statement: { issuer: 'ICOR', title: 'Solidarity with the workers and popular masses in Kazakhstan!' },
  organization: {
    abbreviation: 'KPÖ',
    name: 'Kommunistische Partei Österreichs',
    nameEn: 'Communist Party of Austria',
    country: 'AT',
  },
  website: 'https://www.kpoe.at',
  signedAsOf: '2022-01-25',
  source: 'letter of 3 March 2022',
  withdraw: { position: 20, asOf: '2022-03-01', reason: 'left the coalition' },
  diff: { from: '2022-01-21', to: '2022-03-01' },
};

/** Case, diacritics and white space do not tell names apart. */
export const fold = (text: string | null | undefined) =>
  (text ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The same organization: same country, and the same name or the same abbreviation. Until the
 * API has exact filters (`?name=&country=`, `?abbreviation=`), scripts search with `q` and decide
 * here; with them, this check becomes the server's.
 */
export function sameOrganization(org: OrganizationNames, wanted: OrganizationNames): boolean {
  if (fold(org.country) !== fold(wanted.country)) return false;
  return (
    fold(org.name) === fold(wanted.name) ||
    (fold(wanted.abbreviation) !== '' && fold(org.abbreviation) === fold(wanted.abbreviation))
  );
}

/** The key of a logical operation's parts, folded, so that spelling variants do not make a new one. */
export const organizationKeyParts = (wanted: OrganizationNames) => [fold(wanted.country), fold(wanted.name)];

interface DiffEntry {
  position: number;
  addedAsOf: string;
  organization: { abbreviation: string | null; name: string };
}

/** Step 5: the diff between two dates, then what this run changed (or that it changed nothing). */
export function printDiff(
  diff: { from: string; to: string; added: DiffEntry[]; withdrawn: DiffEntry[] },
  changes: string[],
): void {
  console.log(`diff ${diff.from} → ${diff.to}:`);
  for (const entry of diff.added)
    console.log(
      `  + ${entry.position}. ${entry.organization.abbreviation ?? ''} ${entry.organization.name} (as of ${entry.addedAsOf})`,
    );
  for (const entry of diff.withdrawn)
    console.log(`  - ${entry.position}. ${entry.organization.abbreviation ?? ''} ${entry.organization.name}`);
  console.log(
    changes.length === 0 ? 'nothing changed: every step had been done before' : `changed: ${changes.join(', ')}`,
  );
}
