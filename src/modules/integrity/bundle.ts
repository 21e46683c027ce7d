import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { revisionChain } from '../../db/revisions.js';
import { organizations } from '../../db/schema.js';
import { signedJws } from '../../lib/general-jws.js';
import { inclusionProof } from '../../lib/merkle.js';
import { getDocument } from '../documents/repository.js';
import { leafOfRecord, storedSubtrees } from '../log/repository.js';
import { statementState } from '../statements/schemas.js';
import { toStatementState } from '../statements/head.js';
import { eventsWithItems, toEvent } from '../timeline/events.js';
import { organizationColumns } from '../timeline/read.js';
import { organizationRef, signatoryEvent } from '../timeline/schemas.js';
import { requireStatement } from '../timeline/statement.js';
import { checkpointClaims, headOf, signCheckpoint, type CheckpointClaims } from './checkpoints.js';
import type { Keyring } from '../signing/key-history.js';

/**
 * A portable proof: one JSON file with the statement, every event with its items and hashes, and
 * a signed checkpoint over them and over the log; each event and the statement's revision come
 * with their inclusion proofs in that log. Anyone can check it offline with a key they pinned
 * (the bundle carries the key history that leads to the signing key), and replay it to see who
 * had signed on any date. What it does not prove it says, in `informational`.
 */

export const BUNDLE_FORMAT = 'undersigned-bundle/2';
export const BUNDLE_FORMAT_1 = 'undersigned-bundle/1';
/** Documents carried in one bundle, in all: a big PDF or two; past it, their hashes only. */
export const BUNDLE_DOCUMENTS_LIMIT = 30 * 1024 * 1024;

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const logProof = z.object({
  index: z.number().int().min(0).describe("The record's leaf in the log."),
  path: z.array(hash).describe('RFC 9162 §2.1.3 inclusion path.'),
});

export const statementRevision = z
  .object({
    resource: z.literal('statement'),
    resourceId: z.string().describe("The statement's id."),
    revision: z.number().int().min(1),
    action: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
    state: z.record(z.string(), z.unknown()).describe('The statement as stored in this revision.'),
    prevHash: z.string().nullable().describe("The previous revision's hash (null for the first)."),
    hash: hash.describe('SHA-256 over the RFC 8785 JSON of the other fields.'),
  })
  .meta({
    id: 'StatementRevisionRecord',
    description: 'A statement revision exactly as hashed: `hash` is SHA-256 over the RFC 8785 JSON of the rest.',
  });

export const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    statement: statementState.describe(
      'The statement: exactly the state of `statementRevision`, which the checkpoint names.',
    ),
    statementRevision,
    events: z.array(signatoryEvent).describe('Every event, in seq order, exactly as hashed.'),
    organizations: z
      .array(organizationRef)
      .describe('The organizations the events name, as they are now: informational, not proven by this bundle.'),
    informational: z
      .array(z.enum(['organizations', 'documents']))
      .describe(
        'The parts of this bundle that its signature and proofs do not cover, which verify-bundle ignores (`documents` when some were too large to carry).',
      ),
    documents: z
      .array(
        z.object({
          sha256: hash.describe("The document's SHA-256, which the events that name it cover."),
          mediaType: z.string().describe('Its media type.'),
          size: z.number().int().describe('Bytes.'),
          base64: z
            .string()
            .nullable()
            .describe(
              `The bytes, base64; null when the bundle's documents would pass ${BUNDLE_DOCUMENTS_LIMIT / 1024 / 1024} MiB (fetch it from /v1/documents/{sha256}).`,
            ),
        }),
      )
      .describe(
        'The documents the events name, so that verify-bundle can read each again and check it gives the list its event recorded.',
      ),
    log: z
      .object({
        events: z
          .array(logProof.extend({ seq: z.number().int().min(1) }))
          .describe("Each event's leaf and its inclusion path in the log the checkpoint names."),
        statementRevision: logProof.describe("The statement revision's leaf and its inclusion path."),
      })
      .describe('Inclusion proofs (RFC 9162) of the records above in the tree of `claims.log.size` leaves.'),
    claims: checkpointClaims.describe(
      "The checkpoint's claims, as signed (verify-bundle reads them from the signature and refuses a bundle where they differ).",
    ),
    keys: z
      .array(z.record(z.string(), z.string()))
      .describe("The server's key history: every key, oldest first (RFC 7638 thumbprints as kid)."),
    rotations: z
      .array(signedJws)
      .describe('The signed handovers between those keys: from a key you pinned to the one that signed.'),
    checkpoint: z
      .string()
      .describe('The signed checkpoint (JWS): verify it with a key you pinned (`verify-bundle --key`).'),
  })
  .meta({ id: 'Bundle' });

export type Bundle = z.infer<typeof bundleSchema>;

/** What a bundle holds but the server's keys and signature: read in one state of the database when the caller's transaction gives one. */
export function bundleContent(db: Conn, statementId: string): Omit<Bundle, 'checkpoint' | 'keys' | 'rotations'> {
  const statement = toStatementState(requireStatement(db, statementId));
  const events = [...eventsWithItems(db, statementId)].map(({ event, items }) => toEvent(event, items));
  const claims = headOf(db, statementId);
  const size = claims.log?.size ?? 0;
  const subtrees = storedSubtrees(db);
  const proofOf = (kind: string, number: number) => {
    const leaf = leafOfRecord(db, kind, statementId, number);
    if (!leaf || leaf.idx >= size)
      throw new Error(`the log has no leaf for ${kind} ${number} of ${statementId}: run undersigned verify`);
    return { index: leaf.idx, path: inclusionProof(leaf.idx, size, subtrees) };
  };
  const revision = revisionChain(db, 'statement', statementId).at(-1);
  if (!revision?.hash) throw new Error(`statement ${statementId} has no hashed revision: run undersigned verify`);
  const orgIds = [...new Set(events.flatMap((e) => e.items.map((i) => i.organizationId)))];
  const orgs = [];
  for (let i = 0; i < orgIds.length; i += 500) {
    orgs.push(
      ...db
        .select(organizationColumns)
        .from(organizations)
        .where(inArray(organizations.id, orgIds.slice(i, i + 500)))
        .all(),
    );
  }
  let carried = 0;
  const documents = [...new Set(events.flatMap((e) => (e.document ? [e.document] : [])))].map((sha256) => {
    const row = getDocument(db, sha256);
    carried += row.size;
    return {
      sha256,
      mediaType: row.mediaType,
      size: row.size,
      base64: carried <= BUNDLE_DOCUMENTS_LIMIT ? row.bytes.toString('base64') : null,
    };
  });
  const omitted = documents.some((d) => d.base64 === null);
  return {
    format: BUNDLE_FORMAT,
    statement,
    statementRevision: { ...revision, resource: 'statement', hash: revision.hash },
    events,
    organizations: orgs,
    informational: omitted ? ['organizations', 'documents'] : ['organizations'],
    documents,
    log: {
      events: events.map((e) => ({ seq: e.seq, ...proofOf('event', e.seq) })),
      statementRevision: proofOf('statement', revision.revision),
    },
    claims,
  };
}

/** What the server adds to the content, holding its keys: the key history and the signed checkpoint. */
export async function bundleSignature(
  keyring: Keyring,
  claims: CheckpointClaims,
): Promise<Pick<Bundle, 'keys' | 'rotations' | 'checkpoint'>> {
  return {
    keys: keyring.keys.map((k) => ({ ...k })),
    rotations: keyring.rotations.map((r) => r.statement),
    checkpoint: await signCheckpoint(keyring.current, claims),
  };
}

export async function buildBundle(db: Conn, statementId: string, keyring: Keyring): Promise<Bundle> {
  const content = bundleContent(db, statementId);
  return { ...content, ...(await bundleSignature(keyring, content.claims)) };
}
