import { inArray } from 'drizzle-orm';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { organizations } from '../../db/schema.js';
import { hashEvent } from '../../lib/hash-chain.js';
import { statementState } from '../statements/schemas.js';
import { toStatementState } from '../statements/repository.js';
import { eventsWithItems, toEvent } from '../timeline/events.js';
import { byOrganization, onListAt, organizationTimeline, retractedIn, type ReplayItem } from '../timeline/replay.js';
import { organizationRef, signatoryEvent } from '../timeline/schemas.js';
import { requireStatement } from '../timeline/statement.js';
import { checkpointClaims, headOf, readCheckpoint, signCheckpoint } from './checkpoints.js';
import type { SigningKey } from './signing-key.js';

/**
 * A portable proof: one JSON file with the statement, every event with its items and hashes, the
 * organizations they name, and a signed checkpoint of the head. Anyone can check it offline with
 * the server's public keys, and replay it to see who had signed on any date.
 */

export const BUNDLE_FORMAT = 'undersigned-bundle/1';

export const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    statement: statementState,
    events: z.array(signatoryEvent).describe('Every event, in seq order, exactly as hashed.'),
    organizations: z.array(organizationRef).describe('The organizations the events name, as they are now (names are not covered by the chain).'),
    checkpoint: z.string().describe('A signed checkpoint (JWS) of the chain\'s head; verify it with /.well-known/jwks.json.'),
    claims: checkpointClaims,
  })
  .meta({ id: 'Bundle' });

export type Bundle = z.infer<typeof bundleSchema>;

/** Everything a bundle holds but its signature: a read, in one state of the database when the caller's transaction gives one. */
export function bundleContent(db: Db, statementId: string): Omit<Bundle, 'checkpoint'> {
  const statement = toStatementState(requireStatement(db, statementId));
  const events = [...eventsWithItems(db, statementId)].map(({ event, items }) => toEvent(event, items));
  const orgIds = [...new Set(events.flatMap((e) => e.items.map((i) => i.organizationId)))];
  const orgs = [];
  for (let i = 0; i < orgIds.length; i += 500) {
    orgs.push(
      ...db
        .select({ id: organizations.id, abbreviation: organizations.abbreviation, name: organizations.name, nameEn: organizations.nameEn, names: organizations.names, country: organizations.country })
        .from(organizations)
        .where(inArray(organizations.id, orgIds.slice(i, i + 500)))
        .all(),
    );
  }
  return { format: BUNDLE_FORMAT, statement, events, organizations: orgs, claims: headOf(db, statementId) };
}

export async function buildBundle(db: Db, statementId: string, key: SigningKey): Promise<Bundle> {
  const content = bundleContent(db, statementId);
  return { ...content, checkpoint: await signCheckpoint(key, content.claims) };
}

export interface BundleCheck {
  valid: boolean;
  detail: string;
  statementId: string | null;
  length: number;
  head: string | null;
  /** The latest list, replayed from the bundle alone (organization ids by position). */
  latest: { position: number; organizationId: string }[];
}

/** Checks a bundle with nothing but the bundle and a JWKS: the chain, and the checkpoint over its head. */
export async function checkBundle(input: unknown, keys: JSONWebKeySet): Promise<BundleCheck> {
  const parsed = bundleSchema.safeParse(input);
  const fail = (detail: string, extra: Partial<BundleCheck> = {}): BundleCheck => ({ valid: false, detail, statementId: null, length: 0, head: null, latest: [], ...extra });
  if (!parsed.success) return fail(`not an ${BUNDLE_FORMAT} file: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  const bundle = parsed.data;
  const statementId = bundle.statement.id;
  let prev: string | null = null;
  for (const [i, event] of bundle.events.entries()) {
    const { hash, ...content } = event;
    if (event.seq !== i + 1 || event.statementId !== statementId) return fail(`event ${i + 1}: out of sequence or of another statement`, { statementId });
    if (event.prevHash !== prev) return fail(`event ${event.seq}: prevHash does not match the previous event's hash`, { statementId });
    if (hashEvent(content) !== hash) return fail(`event ${event.seq}: its hash does not match its content`, { statementId });
    prev = hash;
  }
  const length = bundle.events.length;
  const checkpoint = await readCheckpoint(bundle.checkpoint, keys);
  if (!checkpoint.valid) return fail(`checkpoint: ${checkpoint.detail}`, { statementId, length, head: prev });
  const { claims } = checkpoint;
  if (claims.statementId !== statementId || claims.length !== length || claims.head !== prev) {
    return fail(`the checkpoint is for ${claims.statementId} with ${claims.length} events and head ${claims.head ?? '-'}, not this chain`, { statementId, length, head: prev });
  }
  return { valid: true, detail: `${length} events, head ${prev ?? '-'}, signed by key ${checkpoint.kid}`, statementId, length, head: prev, latest: latestList(bundle) };
}

function latestList(bundle: Bundle) {
  const items: (ReplayItem & { position: number })[] = bundle.events.flatMap((e) => e.items.map((item, ord) => ({ ...item, seq: e.seq, ord, asOf: e.asOf })));
  const retracted = retractedIn(items);
  const positions = new Map(items.map((i) => [i.signatureId, i.position]));
  return [...byOrganization(items)]
    .flatMap(([organizationId, own]) => {
      const on = onListAt(organizationTimeline(own, retracted), '9999-12-31');
      return on ? [{ position: positions.get(on.signatureId) ?? 0, organizationId }] : [];
    })
    .sort((a, b) => a.position - b.position);
}
