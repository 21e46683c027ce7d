import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey } from 'jose';
import { z } from 'zod';
import type { SigningKeySource } from '../../config.js';

/**
 * The server's Ed25519 signing key, from its configuration only (a file, or the environment). Its
 * public half and those it succeeded (key-history.ts) are the JWKS: never read from the database,
 * which someone holding the file could write.
 */

export interface SigningKey {
  /** The RFC 7638 thumbprint of the public key. */
  kid: string;
  privateKey: CryptoKey;
  /** The public half, as served in the JWKS. */
  publicJwk: PublicKey;
}

/** An Ed25519 public JWK whose kid is its RFC 7638 thumbprint (checked wherever one is read). */
export type PublicKey = {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
};

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

export const ALG = 'EdDSA';

const privateEd25519 = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1),
  d: z.string().min(1),
});
const publicEd25519 = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1),
  kid: z.string().optional(),
});

export async function newPrivateJwk(): Promise<string> {
  const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  return JSON.stringify(await exportJWK(privateKey));
}

/** Writes `text` readable by its owner only (0600), replacing `path` in one rename. */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.new`;
  writeFileSync(temporary, text, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file.
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** Writes a new private key (0600), replacing any key at `path`. */
export async function writeNewKeyFile(path: string): Promise<void> {
  writePrivateFile(path, `${await newPrivateJwk()}\n`);
}

function parseJwk(text: string, where: string): z.infer<typeof privateEd25519> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SigningKeyError(`${where} is not JSON: expected a private Ed25519 JWK`);
  }
  const parsed = privateEd25519.safeParse(json);
  if (!parsed.success)
    throw new SigningKeyError(`${where} is not a private Ed25519 JWK ({"kty":"OKP","crv":"Ed25519","x":…,"d":…})`);
  return parsed.data;
}

/**
 * An Ed25519 public key with its kid set to its RFC 7638 thumbprint. A kid given with the key
 * must be that thumbprint: a key that names itself otherwise is refused, whatever signed it.
 */
export async function publicKey(jwk: unknown, where = 'a key'): Promise<PublicKey> {
  const parsed = publicEd25519.safeParse(jwk);
  if (!parsed.success) throw new SigningKeyError(`${where} is not an Ed25519 public JWK`);
  const { kty, crv, x } = parsed.data;
  const kid = await calculateJwkThumbprint({ kty, crv, x });
  if (parsed.data.kid !== undefined && parsed.data.kid !== kid)
    throw new SigningKeyError(`${where}: its kid ${parsed.data.kid} is not its RFC 7638 thumbprint (${kid})`);
  return { kty, crv, x, kid, alg: ALG, use: 'sig' };
}

/** A private key from its JWK text: the key and its public half. */
export async function signingKeyFrom(text: string, where: string): Promise<SigningKey> {
  const jwk = parseJwk(text, where);
  const publicJwk = await publicKey(jwk, where);
  const privateKey = await importJWK({ ...jwk, alg: ALG }, ALG);
  if (privateKey instanceof Uint8Array) throw new SigningKeyError(`${where} must be an asymmetric Ed25519 key`);
  return { kid: publicJwk.kid, privateKey, publicJwk };
}

/** The configured signing key; a key file is created on first start. */
export async function loadSigningKey(source: SigningKeySource): Promise<SigningKey> {
  if ('jwk' in source) return signingKeyFrom(source.jwk, 'CHECKPOINT_PRIVATE_KEY');
  if ('ephemeral' in source) return signingKeyFrom(await newPrivateJwk(), 'a new key');
  if (!existsSync(source.path)) await writeNewKeyFile(source.path);
  return signingKeyFrom(readFileSync(source.path, 'utf8'), source.path);
}

/** Public keys from a JWK Set file (e.g. the witnesses a server accepts), each kid checked. */
export async function readPublicKeys(path: string): Promise<PublicKey[]> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new SigningKeyError(`${path} is not a readable JSON file: expected a JWK Set ({"keys": […]})`);
  }
  const parsed = z.object({ keys: z.array(z.unknown()) }).safeParse(json);
  if (!parsed.success) throw new SigningKeyError(`${path} is not a JWK Set ({"keys": […]})`);
  return Promise.all(parsed.data.keys.map((k, i) => publicKey(k, `${path}: key ${i + 1}`)));
}
