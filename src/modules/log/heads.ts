import { canonicalJson } from '../../lib/canonical-json.js';
import { flattenedVerify, GeneralSign, importJWK } from 'jose';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { asSigned, protectedHeader, signedJws, type SignedJws } from '../../lib/general-jws.js';
import { ALG, type PublicKey, type SigningKey } from '../signing/signing-key.js';
import { logSize, rootAt } from './repository.js';

/**
 * A signed tree head: the server's word that its log had `size` leaves with root `root` at
 * `time`. Kept by anyone (a monitor, a witness, a reader of the feeds), it fixes every record
 * logged before it: the log can later only be shown to extend it (a consistency proof), never to
 * have lost or changed a leaf. JWS JSON serialization, so a witness adds its own signature to the
 * same payload and a verifier can ask for several.
 */

export const TREE_HEAD_TYPE = 'undersigned-tree-head+jws';

const hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in lowercase hex');

export const treeHead = z
  .object({
    size: z.number().int().min(0).describe('Leaves in the log.'),
    root: hex.describe('The RFC 9162 root hash of the tree of `size` leaves.'),
    time: z.iso.datetime().describe('When the server signed it.'),
  })
  .meta({ id: 'TreeHead', description: 'What a signed tree head says.' });

export type TreeHead = z.infer<typeof treeHead>;

export const currentTreeHead = (db: Conn, time = new Date().toISOString()): TreeHead => {
  const size = logSize(db);
  return { size, root: rootAt(db, size), time };
};

export async function signTreeHead(key: SigningKey, head: TreeHead): Promise<SignedJws> {
  return cosign({ payload: Buffer.from(canonicalJson(head) ?? '').toString('base64url'), signatures: [] }, key);
}

/** Adds `key`'s signature to a head's payload (a witness co-signing what the server signed). */
export async function cosign(
  head: { payload: string; signatures: SignedJws['signatures'] },
  key: SigningKey,
): Promise<SignedJws> {
  const sign = new GeneralSign(Buffer.from(head.payload, 'base64url'));
  sign.addSignature(key.privateKey).setProtectedHeader({ alg: ALG, kid: key.kid, typ: TREE_HEAD_TYPE });
  const signed = asSigned(await sign.sign());
  return { payload: head.payload, signatures: [...head.signatures, ...signed.signatures] };
}

export type TreeHeadCheck =
  { valid: true; head: TreeHead; signedBy: string[] } | { valid: false; head: TreeHead | null; detail: string };

const headerOf = (encoded: string) =>
  z.object({ kid: z.string(), typ: z.string() }).safeParse(protectedHeader(encoded)).data ?? null;

/**
 * Checks a signed head against keys the verifier trusts: valid when at least `threshold` of them
 * (distinct keys) signed this very payload. Signatures by other keys are ignored, not trusted.
 */
export async function readTreeHead(
  input: unknown,
  trusted: readonly PublicKey[],
  threshold = 1,
): Promise<TreeHeadCheck> {
  const jws = signedJws.safeParse(input);
  if (!jws.success) return { valid: false, head: null, detail: 'not a signed tree head (a JWS in JSON serialization)' };
  let head: TreeHead;
  try {
    head = treeHead.parse(JSON.parse(Buffer.from(jws.data.payload, 'base64url').toString('utf8')));
  } catch {
    return { valid: false, head: null, detail: 'its payload is not a tree head' };
  }
  const signedBy = new Set<string>();
  for (const { protected: header, signature } of jws.data.signatures) {
    const parsed = headerOf(header);
    const key = parsed?.typ === TREE_HEAD_TYPE ? trusted.find((k) => k.kid === parsed.kid) : undefined;
    if (!key || signedBy.has(key.kid)) continue;
    try {
      await flattenedVerify({ payload: jws.data.payload, protected: header, signature }, await importJWK(key, ALG), {
        algorithms: [ALG],
      });
      signedBy.add(key.kid);
    } catch {
      return { valid: false, head, detail: `the signature of key ${key.kid} does not verify: the head was altered` };
    }
  }
  if (signedBy.size < threshold) {
    return {
      valid: false,
      head,
      detail: `signed by ${signedBy.size} trusted key(s), ${threshold} needed (keys: ${trusted.map((k) => k.kid).join(', ') || 'none'})`,
    };
  }
  return { valid: true, head, signedBy: [...signedBy] };
}
