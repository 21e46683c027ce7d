import { and, eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { organizationIdentifiers, type OrganizationIdentifier } from '../../db/schema.js';
import { conflict } from '../../lib/domain-error.js';
import { checkIdentifier, isScheme, parseIdentifierParam, SCHEME_PATTERN } from '../../lib/identifiers.js';

/**
 * Identifiers of organizations in other registries (src/lib/identifiers.ts checks each scheme),
 * kept beside the heads in organization_identifiers, whose key makes each one unique.
 */

export const MAX_IDENTIFIERS = 50;

const scheme = z
  .string()
  .refine(isScheme, 'must be `wikidata`, `ror`, `isni`, `website`, `email-domain` or `other:` and a lower-case name')
  .meta({ pattern: SCHEME_PATTERN })
  .describe(
    '`wikidata` (Q-id), `ror` (ROR id), `isni`, `website` (http(s) URL), `email-domain` (a domain name), or `other:<name>` for any other registry.',
  );

/** What the document says of an identifier, as sent and as answered. */
const identifierDoc = {
  description: 'An identifier in another registry.',
  example: { scheme: 'wikidata', value: 'Q42' },
};

export const identifierInput = z
  .strictObject({
    scheme,
    value: z
      .string()
      .max(2000)
      .describe(
        'The identifier, e.g. `Q42`; stored in its canonical spelling (ROR in lower case, ISNI without spaces).',
      ),
  })
  .transform((id, ctx) => {
    const checked = checkIdentifier(id.scheme, id.value);
    if (checked.ok) return { scheme: id.scheme, value: checked.value };
    if (isScheme(id.scheme))
      ctx.addIssue({ code: 'custom', path: ['value'], message: checked.detail, input: id.value });
    return z.NEVER;
  })
  .meta({ id: 'NewOrganizationIdentifier', ...identifierDoc });

export const identifiersInput = z
  .array(identifierInput)
  .max(MAX_IDENTIFIERS)
  .refine((ids) => new Set(ids.map((i) => `${i.scheme} ${i.value}`)).size === ids.length, 'holds each identifier once')
  .describe(
    'Identifiers in other registries, e.g. `[{"scheme": "wikidata", "value": "Q42"}]`; each held by one organization only.',
  );

export const identifierState = z
  .object({
    scheme: z
      .string()
      .describe('The registry: `wikidata`, `ror`, `isni`, `website`, `email-domain` or `other:<name>`.'),
    value: z.string().describe('The identifier, in its canonical spelling.'),
  })
  .meta({ id: 'OrganizationIdentifier', ...identifierDoc });

/** The `identifier` query parameter: `scheme:value`, checked like a stored one. */
export const identifierQuery = z
  .string()
  .max(2100)
  .transform((param, ctx) => {
    const parsed = parseIdentifierParam(param);
    const checked = parsed && isScheme(parsed.scheme) ? checkIdentifier(parsed.scheme, parsed.value) : null;
    if (parsed && checked?.ok) return { scheme: parsed.scheme, value: checked.value };
    ctx.addIssue({
      code: 'custom',
      message:
        checked && !checked.ok ? checked.detail : 'must be `scheme:value` with a known scheme, e.g. `wikidata:Q42`',
      input: param,
    });
    return z.NEVER;
  });

/** Organizations other than `self` already holding any of these identifiers. */
export function identifierHolders(db: Conn, ids: readonly OrganizationIdentifier[], self: string | null) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(organizationIdentifiers)
    .where(
      or(
        ...ids.map((i) =>
          and(eq(organizationIdentifiers.scheme, i.scheme), eq(organizationIdentifiers.value, i.value)),
        ),
      ),
    )
    .all()
    .filter((row) => row.organizationId !== self);
}

/** Refuses (409, naming `identifiers.N`) identifiers another organization holds. */
export function refuseTaken(
  db: Conn,
  ids: readonly OrganizationIdentifier[],
  self: string | null,
  field = 'identifiers',
): void {
  const taken = identifierHolders(db, ids, self);
  const first = taken[0];
  if (!first) return;
  const faults = taken.map((t) => ({
    field: `${field}.${ids.findIndex((i) => i.scheme === t.scheme && i.value === t.value)}`,
    detail: `${t.scheme}:${t.value} is held by organization ${t.organizationId}`,
  }));
  throw conflict(
    'identifier-taken',
    `Identifier ${first.scheme}:${first.value} belongs to organization ${first.organizationId} already.`,
    faults,
    { existing: first.organizationId },
  );
}

type IdentifierHolder = {
  id: string;
  identifiers: readonly OrganizationIdentifier[];
  mergedInto: string | null;
  deletedAt: string | null;
};

/**
 * The identifiers organization_identifiers gives a head: its own while it is live and not merged
 * away (a deleted organization's are free for another; a merged one's went to the survivor).
 * Writers store this, and verify compares with it.
 */
export function heldIdentifiers(org: IdentifierHolder): readonly OrganizationIdentifier[] {
  return org.deletedAt === null && org.mergedInto === null ? org.identifiers : [];
}

/** Makes organization_identifiers say that these organizations hold exactly what their heads give them (heldIdentifiers). */
export function writeIdentifierKeys(tx: Conn, orgs: readonly IdentifierHolder[]): void {
  const ids = orgs.map((o) => o.id);
  if (ids.length > 0)
    tx.delete(organizationIdentifiers).where(inArray(organizationIdentifiers.organizationId, ids)).run();
  const rows = orgs.flatMap((o) =>
    heldIdentifiers(o).map((i) => ({ scheme: i.scheme, value: i.value, organizationId: o.id })),
  );
  for (let i = 0; i < rows.length; i += 300)
    tx.insert(organizationIdentifiers)
      .values(rows.slice(i, i + 300))
      .run();
}

/** The organization holding this identifier, if any. */
export function holderOf(db: Conn, id: OrganizationIdentifier): string | undefined {
  return db
    .select({ organizationId: organizationIdentifiers.organizationId })
    .from(organizationIdentifiers)
    .where(and(eq(organizationIdentifiers.scheme, id.scheme), eq(organizationIdentifiers.value, id.value)))
    .get()?.organizationId;
}
