import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { canonicalJson } from '../../lib/canonical-json.js';
import { asc } from 'drizzle-orm';
import { flattenedVerify, GeneralSign, importJWK } from 'jose';
import { z } from 'zod';
import type { SigningKeySource } from '../../config.js';
import type { Conn } from '../../db/client.js';
import { keyRotations } from '../../db/schema.js';
import { asSigned, protectedHeader, signedJws, type SignedJws } from '../../lib/general-jws.js';
import { nowIso } from '../../lib/ids.js';
import {
  ALG,
  loadSigningKey,
  newPrivateJwk,
  publicKey,
  SigningKeyError,
  signingKeyFrom,
  writePrivateFile,
  type PublicKey,
  type SigningKey,
} from './signing-key.js';

/**
 * The server's keys over time. A rotation is a statement, "key A hands over to key B at T",
 * signed by A (so whoever trusts A can trust B) and by B (so whoever trusts B knows A was its
 * predecessor, and old checkpoints stay verifiable). The statements live with the key, in the
 * key history file; the JWKS is the keys they chain, ending at the configured key.
 */

export const ROTATION_TYPE = 'undersigned-key-rotation+jws';

const rotationClaims = z.object({
  type: z.literal('key-rotation'),
  from: z.unknown(),
  to: z.unknown(),
  at: z.iso.datetime(),
});
const historyFile = z.object({ rotations: z.array(z.unknown()) });

export interface Rotation {
  from: PublicKey;
  to: PublicKey;
  at: string;
  /** The statement as signed: JWS JSON serialization (RFC 7515 §7.2.1). */
  statement: SignedJws;
}

export interface Keyring {
  current: SigningKey;
  /** Every key of the history, oldest first, ending with the current one. */
  keys: PublicKey[];
  rotations: Rotation[];
}

const decodeJson = (base64url: string): unknown => JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));

/** A statement's own hash: what the log's leaf for it names. */
export const rotationHash = (statement: SignedJws) =>
  createHash('sha256')
    .update(canonicalJson(statement) ?? '')
    .digest('hex');

export async function signRotation(from: SigningKey, to: SigningKey, at = nowIso()): Promise<SignedJws> {
  const sign = new GeneralSign(
    new TextEncoder().encode(JSON.stringify({ type: 'key-rotation', from: from.publicJwk, to: to.publicJwk, at })),
  );
  for (const key of [from, to])
    sign.addSignature(key.privateKey).setProtectedHeader({ alg: ALG, kid: key.kid, typ: ROTATION_TYPE });
  return asSigned(await sign.sign());
}

/** A rotation statement, checked: kids are thumbprints, and both keys it names signed it. */
export async function readRotation(input: unknown, where: string): Promise<Rotation> {
  const jws = signedJws.safeParse(input);
  if (!jws.success) throw new SigningKeyError(`${where}: not a key rotation (a JWS in JSON serialization)`);
  let claims;
  try {
    claims = rotationClaims.parse(decodeJson(jws.data.payload));
  } catch {
    throw new SigningKeyError(`${where}: its payload is not a key rotation`);
  }
  const from = await publicKey(claims.from, `${where}: the key handed over`);
  const to = await publicKey(claims.to, `${where}: the key taking over`);
  for (const key of [from, to]) {
    const signature = jws.data.signatures.find((s) => {
      const header = z.object({ kid: z.string(), typ: z.string() }).safeParse(protectedHeader(s.protected));
      return header.success && header.data.kid === key.kid && header.data.typ === ROTATION_TYPE;
    });
    if (!signature) throw new SigningKeyError(`${where}: not signed by key ${key.kid}`);
    try {
      await flattenedVerify({ payload: jws.data.payload, ...signature }, await importJWK(key, ALG), {
        algorithms: [ALG],
      });
    } catch {
      throw new SigningKeyError(`${where}: the signature of key ${key.kid} does not verify`);
    }
  }
  return { from, to, at: claims.at, statement: jws.data };
}

/** The rotations of a history file, in order, each checked, forming one chain. */
export async function readHistory(path: string): Promise<Rotation[]> {
  let parsed;
  try {
    parsed = historyFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new SigningKeyError(`${path} is not a key history ({"rotations": […]})`);
  }
  const rotations: Rotation[] = [];
  for (const [i, statement] of parsed.rotations.entries())
    rotations.push(await readRotation(statement, `${path}: rotation ${i + 1}`));
  for (const [i, rotation] of rotations.entries()) {
    const next = rotations[i + 1];
    if (next && next.from.kid !== rotation.to.kid)
      throw new SigningKeyError(
        `${path}: rotation ${i + 2} hands over key ${next.from.kid}, not ${rotation.to.kid}, which rotation ${i + 1} took over`,
      );
  }
  return rotations;
}

/**
 * The configured key and its history. A history must end at the configured key: a key put in
 * place without a rotation statement would leave every earlier checkpoint unverifiable. A rotation
 * interrupted before its key file was renamed into place is finished here.
 */
export async function loadKeyring(source: SigningKeySource, historyPath: string | null): Promise<Keyring> {
  const rotations = historyPath !== null && existsSync(historyPath) ? await readHistory(historyPath) : [];
  let current = await loadSigningKey(source);
  const last = rotations.at(-1);
  if (last && last.to.kid !== current.kid && 'path' in source && existsSync(`${source.path}.next`)) {
    const next = await signingKeyFrom(readFileSync(`${source.path}.next`, 'utf8'), `${source.path}.next`);
    if (next.kid === last.to.kid) {
      renameSync(`${source.path}.next`, source.path);
      current = next;
    }
  }
  if (last && last.to.kid !== current.kid) {
    throw new SigningKeyError(
      `the checkpoint key ${current.kid} is not the last key of ${historyPath ?? 'the key history'} (${last.to.kid}): a key must be put in place by a rotation (undersigned rotate-checkpoint-key)`,
    );
  }
  return {
    current,
    keys: last ? [rotations[0]?.from ?? last.from, ...rotations.map((r) => r.to)] : [current.publicJwk],
    rotations,
  };
}

export const jwksOf = (keyring: Keyring) => ({ keys: keyring.keys });

/**
 * The keys trusted from pinned thumbprints: a rotation signed by a trusted key makes its
 * successor trusted, and one signed by a trusted successor its predecessor (both sign it).
 */
export function trustedKeys(
  pinned: Iterable<string>,
  rotations: readonly Rotation[],
  known: readonly PublicKey[] = [],
): PublicKey[] {
  const byKid = new Map<string, PublicKey>(
    [...known, ...rotations.flatMap((r) => [r.from, r.to])].map((k) => [k.kid, k]),
  );
  const trusted = new Set(pinned);
  for (let grew = true; grew;) {
    grew = false;
    for (const { from, to } of rotations) {
      if (trusted.has(from.kid) !== trusted.has(to.kid)) {
        trusted.add(from.kid).add(to.kid);
        grew = true;
      }
    }
  }
  return [...trusted].flatMap((kid) => byKid.get(kid) ?? []);
}

/**
 * Records the configured rotations in the database, so that each is a leaf of the log. Returns
 * the rotations the database holds that the configuration does not (they are not trusted).
 */
export function recordRotations(db: Conn, keyring: Keyring): string[] {
  const stored = db.select().from(keyRotations).orderBy(asc(keyRotations.seq)).all();
  const configured = keyring.rotations.map((r) => ({ rotation: r, hash: rotationHash(r.statement) }));
  const unknown = stored
    .filter((s) => !configured.some((c) => c.hash === s.hash))
    .map((s) => `rotation ${s.seq} (${s.fromKid} to ${s.toKid})`);
  let seq = stored.at(-1)?.seq ?? 0;
  for (const { rotation, hash } of configured) {
    if (stored.some((s) => s.hash === hash)) continue;
    db.insert(keyRotations)
      .values({
        seq: ++seq,
        fromKid: rotation.from.kid,
        toKid: rotation.to.kid,
        statement: canonicalJson(rotation.statement) ?? '',
        hash,
        recordedAt: nowIso(),
      })
      .run();
  }
  return unknown;
}

/**
 * Hands over from the configured key to a new one: the new key is written beside the old, the
 * signed statement appended to the history, then the new key renamed into place (an interrupted
 * rotation is finished by loadKeyring). The old private key is gone afterwards.
 */
export async function rotateKey(source: { path: string }, historyPath: string): Promise<Keyring> {
  const before = await loadKeyring(source, historyPath);
  const text = `${await newPrivateJwk()}\n`;
  const next = await signingKeyFrom(text, 'a new key');
  const rotation = await readRotation(await signRotation(before.current, next), 'the new rotation');
  writePrivateFile(`${source.path}.next`, text);
  const history = `${historyPath}.new`;
  writeFileSync(
    history,
    `${JSON.stringify({ rotations: [...before.rotations, rotation].map((r) => r.statement) }, null, 2)}\n`,
  );
  renameSync(history, historyPath);
  renameSync(`${source.path}.next`, source.path);
  return { current: next, keys: [...before.keys, next.publicJwk], rotations: [...before.rotations, rotation] };
}
