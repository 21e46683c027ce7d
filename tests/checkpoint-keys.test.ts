import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { makeApp, reopen } from './support/app.js';
import { threeEvents } from './support/timeline.js';

const jwksOf = async (app: Awaited<ReturnType<typeof reopen>>) => (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{ keys: { kid: string }[] }>().keys.map((k) => k.kid);

describe('the checkpoint signing key', () => {
  it('is created on first start beside the database, readable by its owner only, and reused', async () => {
    const t = await makeApp();
    const file = join(t.dir, 'checkpoint-key.jwk');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519', d: expect.any(String) });
    const first = await jwksOf(t.app);
    await t.app.close();
    expect(await jwksOf(await reopen(t.databasePath))).toEqual(first);
  });

  it('after a rotation, old checkpoints still verify and the JWKS keeps every key', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const old = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/checkpoint` })).json<{ checkpoint: string; kid: string }>();
    await t.app.close();
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const rotated = await buildApp({ databasePath: t.databasePath, logLevel: 'silent', seedSample: false, signingKey: { jwk: JSON.stringify(await exportJWK(privateKey)) } });
    try {
      const now = (await rotated.inject({ method: 'GET', url: `/v1/statements/${id}/checkpoint` })).json<{ kid: string }>();
      expect(now.kid).not.toBe(old.kid);
      expect(await jwksOf(rotated)).toEqual([old.kid, now.kid]);
      const check = (await rotated.inject({ method: 'GET', url: `/v1/checkpoints/verify?checkpoint=${old.checkpoint}` })).json();
      expect(check).toMatchObject({ valid: true });
    } finally {
      await rotated.close();
    }
  });

  it('a key that is not a private Ed25519 JWK stops the start with a clear message', async () => {
    const t = await makeApp();
    await t.app.close();
    writeFileSync(join(t.dir, 'checkpoint-key.jwk'), '{"kty":"RSA"}');
    await expect(buildApp({ databasePath: t.databasePath, logLevel: 'silent', seedSample: false })).rejects.toThrow(/checkpoint-key\.jwk is not a private Ed25519 JWK/);
    expect(loadConfig({ CHECKPOINT_PRIVATE_KEY: '{"kty":"OKP"}' }).signingKey).toEqual({ jwk: '{"kty":"OKP"}' });
    expect(loadConfig({ CHECKPOINT_KEY_FILE: '/keys/k.jwk' }).signingKey).toEqual({ path: '/keys/k.jwk' });
  });
});
