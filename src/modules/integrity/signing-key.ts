import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { SigningKeySource } from '../../config.js';
import type { Conn } from '../../db/client.js';
import { signingKeys } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';


export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half, as served in the JWKS. */
  publicJwk: JWK;
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

const ALG = 'EdDSA';

async function newPrivateJwk(): Promise<string> {
  const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  return JSON.stringify(await exportJWK(privateKey));
}

/** Writes a new private key readable by its owner only (0600), replacing any key at `path`. */
export async function writeNewKeyFile(path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${await newPrivateJwk()}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file.
  chmodSync(path, 0o600);
}

const privateEd25519 = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(1), d: z.string().min(1) });

function parseJwk(text: string, where: string): z.infer<typeof privateEd25519> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SigningKeyError(`${where} is not JSON: expected a private Ed25519 JWK`);
  }
  const parsed = privateEd25519.safeParse(json);
  if (!parsed.success) throw new SigningKeyError(`${where} is not a private Ed25519 JWK ({"kty":"OKP","crv":"Ed25519","x":…,"d":…})`);
  return parsed.data;
}

/**
 * Loads the checkpoint signing key, creating the key file on first start. Its public half is
 * recorded in signing_keys (append-only), so after a rotation old checkpoints still verify.
 */
export async function loadSigningKey(db: Conn, source: SigningKeySource): Promise<SigningKey> {
  let jwk: z.infer<typeof privateEd25519>;
  if ('jwk' in source) jwk = parseJwk(source.jwk, 'CHECKPOINT_PRIVATE_KEY');
  else if ('ephemeral' in source) jwk = parseJwk(await newPrivateJwk(), 'a new key');
  else {
    if (!existsSync(source.path)) await writeNewKeyFile(source.path);
    jwk = parseJwk(readFileSync(source.path, 'utf8'), source.path);
  }
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = await importJWK({ ...jwk, alg: ALG }, ALG);
  if (privateKey instanceof Uint8Array) throw new SigningKeyError('the checkpoint key must be an asymmetric Ed25519 key');
  const full = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: ALG, use: 'sig' };
  if (!db.select().from(signingKeys).where(eq(signingKeys.kid, kid)).get()) db.insert(signingKeys).values({ kid, publicJwk: full, createdAt: nowIso() }).run();
  return { kid, privateKey, publicJwk: full };
}

/** Every key that has ever signed a checkpoint here, oldest first. */
export function jwks(db: Conn): { keys: Record<string, string>[] } {
  return { keys: db.select().from(signingKeys).orderBy(signingKeys.createdAt).all().map((k) => k.publicJwk) };
}
