import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { readRotation, rotateKey } from '../src/modules/signing/key-history.js';
import { makeApp, reopen } from './support/app.js';
import { threeEvents } from './support/timeline.js';

const jwksOf = async (app: Awaited<ReturnType<typeof reopen>>) =>
  (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' }))
    .json<{ keys: { kid: string }[] }>()
    .keys.map((k) => k.kid);

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

  it('after a rotation, old checkpoints still verify and the JWKS keeps every key of the signed history', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const old = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/checkpoint` })).json<{
      checkpoint: string;
      kid: string;
    }>();
    await t.app.close();
    const keyring = await rotateKey({ path: join(t.dir, 'checkpoint-key.jwk') }, join(t.dir, 'checkpoint-keys.json'));
    const rotated = await reopen(t.databasePath);
    const now = (await rotated.inject({ method: 'GET', url: `/v1/statements/${id}/checkpoint` })).json<{
      kid: string;
    }>();
    expect(now.kid).toBe(keyring.current.kid);
    expect(now.kid).not.toBe(old.kid);
    expect(await jwksOf(rotated)).toEqual([old.kid, now.kid]);
    expect(
      (await rotated.inject({ method: 'GET', url: `/v1/checkpoints/verify?checkpoint=${old.checkpoint}` })).json(),
    ).toMatchObject({ valid: true });
    // The handover is in the log, and its statement is signed by both keys.
    const history = (await rotated.inject({ method: 'GET', url: '/v1/log/keys' })).json<{ rotations: unknown[] }>();
    const [rotation] = await Promise.all(history.rotations.map((r) => readRotation(r, 'served')));
    expect(rotation).toMatchObject({ from: { kid: old.kid }, to: { kid: now.kid } });
    const leaf = (
      await rotated.inject({ method: 'GET', url: `/v1/log/entries?kind=key-rotation&subject=${now.kid}&number=1` })
    ).json<{ items: unknown[] }>();
    expect(leaf.items).toHaveLength(1);
  });

  it('a key put in place without a signed handover stops the start, and one written into the database is never served', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const kid = (await jwksOf(t.app))[0];
    await t.app.close();
    // Someone with the database file adds a key of their own: the JWKS comes from the configuration, not from there.
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const attacker = { ...(await exportJWK(publicKey)), kid: 'attacker', alg: 'EdDSA', use: 'sig' };
    const raw = new Database(t.databasePath);
    raw
      .prepare(
        "insert into signing_keys (kid, public_jwk, created_at) values ('attacker', ?, '2026-01-01T00:00:00.000Z')",
      )
      .run(JSON.stringify(attacker));
    raw.close();
    const forged = await new CompactSign(
      new TextEncoder().encode(JSON.stringify({ statementId: id, length: 2, head: null, recordedAt: null })),
    )
      .setProtectedHeader({ alg: 'EdDSA', kid: 'attacker', typ: 'undersigned-checkpoint+jws' })
      .sign(privateKey);
    const app = await reopen(t.databasePath);
    expect(await jwksOf(app)).toEqual([kid]);
    const check = (await app.inject({ method: 'GET', url: `/v1/checkpoints/verify?checkpoint=${forged}` })).json<{
      valid: boolean;
      detail: string;
    }>();
    expect(check).toMatchObject({ valid: false, detail: expect.stringContaining('no key in the JWKS matches') });
    await app.close();
    // A new key in place of the old, with no handover signed by the old one: refused.
    writeFileSync(join(t.dir, 'checkpoint-keys.json'), JSON.stringify({ rotations: [] }));
    const { privateKey: other } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const history = await rotateKey({ path: join(t.dir, 'checkpoint-key.jwk') }, join(t.dir, 'checkpoint-keys.json'));
    writeFileSync(join(t.dir, 'checkpoint-key.jwk'), JSON.stringify(await exportJWK(other)));
    await expect(buildApp({ databasePath: t.databasePath, logLevel: 'silent', seedSample: false })).rejects.toThrow(
      new RegExp(
        `is not the last key of .*checkpoint-keys\\.json \\(${history.current.kid}\\): a key must be put in place by a rotation`,
      ),
    );
  });

  it('a key that is not a private Ed25519 JWK stops the start with a clear message', async () => {
    const t = await makeApp();
    await t.app.close();
    writeFileSync(join(t.dir, 'checkpoint-key.jwk'), '{"kty":"RSA"}');
    await expect(buildApp({ databasePath: t.databasePath, logLevel: 'silent', seedSample: false })).rejects.toThrow(
      /checkpoint-key\.jwk is not a private Ed25519 JWK/,
    );
    expect(loadConfig({ CHECKPOINT_PRIVATE_KEY: '{"kty":"OKP"}' }).signingKey).toEqual({ jwk: '{"kty":"OKP"}' });
    expect(loadConfig({ CHECKPOINT_KEY_FILE: '/keys/k.jwk' }).signingKey).toEqual({ path: '/keys/k.jwk' });
  });
});
