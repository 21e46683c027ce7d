import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { inTransaction, type Conn } from '../../db/client.js';
import { apiKeys } from '../../db/schema.js';
import { generateKey, hashKey, type Role } from '../../http/auth.js';
import { conflict, gone, notFound } from '../../lib/domain-error.js';
import { newId, nowIso } from '../../lib/ids.js';

type Row = typeof apiKeys.$inferSelect;

export const toApiKey = ({ keyHash: _hash, ...key }: Row) => key;

export function createKey(db: Conn, name: string, role: Role) {
  const key = generateKey();
  return inTransaction(db, () => {
    if (db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.name, name)).get()) {
      throw conflict(
        'key-name-taken',
        `A key named ${JSON.stringify(name)} exists already; names identify who made each change.`,
      );
    }
    const row = db
      .insert(apiKeys)
      .values({ id: newId('key'), name, role, keyHash: hashKey(key), prefix: key.slice(0, 8), createdAt: nowIso() })
      .returning()
      .get();
    return { ...toApiKey(row), key };
  });
}

export function listKeys(db: Conn) {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all().map(toApiKey);
}

export function revokeKey(db: Conn, id: string) {
  inTransaction(db, () => {
    const row = db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (!row) throw notFound('API key', id);
    if (row.revokedAt) throw gone('API key', id, 'was revoked already.');
    db.update(apiKeys).set({ revokedAt: nowIso() }).where(eq(apiKeys.id, id)).run();
  });
}

export const BOOTSTRAP_KEY_NAME = 'admin (UNDERSIGNED_ADMIN_KEY)';

/** Makes the configured admin key valid; a changed value replaces the old one. */
export function ensureBootstrapKey(db: Conn, secret: string) {
  const keyHash = hashKey(secret);
  inTransaction(db, () => {
    const existing = db.select().from(apiKeys).where(eq(apiKeys.name, BOOTSTRAP_KEY_NAME)).get();
    if (!existing) {
      db.insert(apiKeys)
        .values({
          id: newId('key'),
          name: BOOTSTRAP_KEY_NAME,
          role: 'admin',
          keyHash,
          prefix: secret.slice(0, 8),
          createdAt: nowIso(),
        })
        .run();
    } else if (existing.keyHash !== keyHash || existing.revokedAt) {
      db.update(apiKeys)
        .set({ keyHash, prefix: secret.slice(0, 8), revokedAt: null, role: 'admin' })
        .where(eq(apiKeys.id, existing.id))
        .run();
    }
  });
}

export const FIRST_KEY_NAME = 'admin (first start)';

/**
 * A newcomer's first key: on a database that has no API key at all, an admin key is made and its
 * secret written to `path` (mode 0600), so the first write works without a restart. Returns
 * whether it made one; a database with any key, or a file already there, is left alone.
 */
export function firstAdminKey(db: Conn, path: string): boolean {
  if (existsSync(path) || db.select({ id: apiKeys.id }).from(apiKeys).limit(1).get()) return false;
  const key = generateKey();
  mkdirSync(dirname(path), { recursive: true });
  // The secret is on disk before the key exists: a failed write leaves no key nobody can use.
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  try {
    db.insert(apiKeys)
      .values({
        id: newId('key'),
        name: FIRST_KEY_NAME,
        role: 'admin',
        keyHash: hashKey(key),
        prefix: key.slice(0, 8),
        createdAt: nowIso(),
      })
      .run();
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  return true;
}
