import { CompactSign, compactVerify, createLocalJWKSet, errors, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { getRevisionRow, revisionChain } from '../../db/revisions.js';
import { LogCorruptError, logSize, rootAt } from '../log/repository.js';
import { getEventRow, lastEvent } from '../timeline/events.js';
import { verifyStatementTimeline, type StatementIntegrity } from '../timeline/verify.js';
import type { SigningKey } from '../signing/signing-key.js';

/**
 * A checkpoint is the server's signed word on a statement: "statement S had N events, the last
 * with hash H, recorded at T; its text was revision R (hash); the log over every record had M
 * leaves with root X". Kept by a reader, it later proves that the current chain extends the one
 * they saw, and that the whole log extends the one they saw: a deleted tail, a rewritten event,
 * revision or merge anywhere, or a different head all fail. It is a view onto the log: the
 * statement's part of what a signed tree head fixes for everything.
 */

export const CHECKPOINT_TYPE = 'undersigned-checkpoint+jws';

export const checkpointClaims = z
  .object({
    statementId: z.string(),
    length: z.number().int().min(0).describe('Events in the chain.'),
    head: z.string().nullable().describe('Hash of the last event; null for an empty chain.'),
    recordedAt: z.iso.datetime().nullable().describe('When the last event was recorded.'),
    statement: z
      .object({
        revision: z.number().int().min(1),
        hash: z.string().describe("The revision's hash (GET /v1/statements/{id}/revisions)."),
      })
      .optional()
      .describe("The statement's revision (its title, body, issuer…) when signed, and that revision's hash."),
    log: z
      .object({
        size: z.number().int().min(0).describe('Leaves in the log.'),
        root: z.string().describe('The RFC 9162 root of those leaves.'),
      })
      .optional()
      .describe(
        'The log over every record when signed: its size and RFC 9162 root (see /v1/log/head). Absent from checkpoints made before the log existed.',
      ),
  })
  .meta({ id: 'CheckpointClaims' });

export type CheckpointClaims = z.infer<typeof checkpointClaims>;

export function headOf(db: Conn, statementId: string): CheckpointClaims {
  const last = lastEvent(db, statementId);
  const revision = revisionChain(db, 'statement', statementId).at(-1);
  const size = logSize(db);
  return {
    statementId,
    length: last?.seq ?? 0,
    head: last?.hash ?? null,
    recordedAt: last?.recordedAt ?? null,
    ...(revision?.hash ? { statement: { revision: revision.revision, hash: revision.hash } } : {}),
    log: { size, root: rootAt(db, size) },
  };
}

/** Does the database still hold the statement revision and the log the claims saw? The first reason it does not. */
function recordsStillHold(db: Conn, claims: CheckpointClaims): string | null {
  if (claims.statement) {
    const revision = getRevisionRow(db, 'statement', claims.statementId, claims.statement.revision);
    if (revision?.hash !== claims.statement.hash)
      return `the statement's revision ${claims.statement.revision} is no longer the one the checkpoint saw: it was rewritten or removed`;
  }
  if (claims.log) {
    const size = logSize(db);
    if (size < claims.log.size)
      return `the log has ${size} entries, fewer than the ${claims.log.size} the checkpoint saw: records were deleted`;
    try {
      if (rootAt(db, claims.log.size) !== claims.log.root)
        return `the log's first ${claims.log.size} entries no longer have the root the checkpoint saw: a record was rewritten or removed`;
    } catch (error) {
      if (error instanceof LogCorruptError) return error.message;
      throw error;
    }
  }
  return null;
}

/** Ed25519 is deterministic: the same head and key always give the same checkpoint (cacheable). */
export async function signCheckpoint(key: SigningKey, claims: CheckpointClaims): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: CHECKPOINT_TYPE })
    .sign(key.privateKey);
}

export type CheckpointCheck =
  | { valid: true; claims: CheckpointClaims; kid: string }
  | { valid: false; claims: CheckpointClaims | null; detail: string };

/** Checks the signature against a JWKS (the server's own, or one a reader kept): no database. */
export async function readCheckpoint(jws: string, keys: JSONWebKeySet): Promise<CheckpointCheck> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws.trim(), createLocalJWKSet(keys), {
      algorithms: ['EdDSA'],
    });
    if (protectedHeader.typ !== CHECKPOINT_TYPE)
      return { valid: false, claims: null, detail: `not a checkpoint (typ ${String(protectedHeader.typ)})` };
    const claims = checkpointClaims.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    if (!claims.success) return { valid: false, claims: null, detail: "the checkpoint's claims are not a checkpoint" };
    return { valid: true, claims: claims.data, kid: protectedHeader.kid ?? '' };
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey)
      return { valid: false, claims: null, detail: "no key in the JWKS matches the checkpoint's signer (kid)" };
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return {
        valid: false,
        claims: null,
        detail: "the checkpoint's signature does not verify: it was altered or signed by another key",
      };
    if (error instanceof errors.JOSEError || error instanceof SyntaxError)
      return { valid: false, claims: null, detail: `not a valid checkpoint: ${error.message}` };
    throw error;
  }
}

export interface ExtensionCheck {
  valid: boolean;
  statementId: string | null;
  checkpointLength: number | null;
  currentLength: number | null;
  detail: string;
}

/**
 * Does the current chain extend the checkpointed one, and is it itself intact? The whole
 * statement is verified by `verify`: inline by default; the server passes its integrity worker's,
 * since a long statement takes seconds (15 s for a 100,000-signatory list).
 */
export async function checkCheckpointAgainst(
  db: Conn,
  jws: string,
  keys: JSONWebKeySet,
  verify: (statementId: string) => Promise<StatementIntegrity> = async (statementId) =>
    verifyStatementTimeline(db, statementId),
): Promise<ExtensionCheck> {
  const read = await readCheckpoint(jws, keys);
  if (!read.valid)
    return {
      valid: false,
      statementId: read.claims?.statementId ?? null,
      checkpointLength: null,
      currentLength: null,
      detail: read.detail,
    };
  const { statementId, length, head } = read.claims;
  const current = headOf(db, statementId);
  const result = (valid: boolean, detail: string) => ({
    valid,
    statementId,
    checkpointLength: length,
    currentLength: current.length,
    detail,
  });
  if (current.length < length)
    return result(
      false,
      `the chain has ${current.length} events, fewer than the ${length} the checkpoint saw: events were deleted`,
    );
  if (length > 0 && getEventRow(db, statementId, length)?.hash !== head) {
    return result(false, `event ${length} no longer has the hash the checkpoint saw: the record was rewritten`);
  }
  const gone = recordsStillHold(db, read.claims);
  if (gone !== null) return result(false, gone);
  const integrity = await verify(statementId);
  if (!integrity.valid)
    return result(false, `the chain extends the checkpoint but is not intact: ${integrity.detail ?? 'broken'}`);
  return result(
    true,
    current.length === length
      ? 'the chain is exactly the checkpointed one'
      : `the chain extends the checkpointed one by ${current.length - length} event(s)`,
  );
}
