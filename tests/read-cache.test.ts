import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../src/database.js';
import { cachedBody, ReadCache } from '../src/http/response-cache.js';
import { migratedDatabaseAt } from './support/migrated.js';

const MB = 1024 * 1024;

function cacheOnNewDatabase() {
  const path = join(mkdtempSync(join(tmpdir(), 'read-cache-')), 'cache.db');
  migratedDatabaseAt(path);
  const db = openMigratedDatabase(path);
  return { db, reads: new ReadCache(db) };
}

describe('the read cache', () => {
  it('drops the responses of a state as soon as the database moves on, and keeps those that carry no state', () => {
    const { db, reads } = cacheOnNewDatabase();
    const before = reads.version();
    const page = reads.response(`${before}|json|/v1/statements/x/signatories?page=1`, () =>
      cachedBody(Buffer.alloc(2 * MB, 'a'), 'application/json'),
    );
    const pinned = reads.response('pinned|html|x', () => cachedBody(Buffer.alloc(MB, 'b'), 'text/html'));
    expect(page?.body.length).toBe(2 * MB);
    expect(reads.heldBytes).toBeGreaterThanOrEqual(3 * MB);

    db.$client
      .prepare(
        "insert into api_keys (id, name, role, key_hash, prefix, created_at) values ('k', 'k', 'editor', 'h', 'p', '2026-01-01T00:00:00Z')",
      )
      .run();
    expect(reads.version()).not.toBe(before);
    expect(reads.heldBytes).toBeGreaterThanOrEqual(MB);
    expect(reads.heldBytes).toBeLessThan(2 * MB);
    // The pinned response is still served from memory: `make` is not called again.
    expect(reads.response('pinned|html|x', () => null)).toBe(pinned);
    db.$client.close();
  });

  it('keeps the responses of the state it is at', () => {
    const { db, reads } = cacheOnNewDatabase();
    const key = `${reads.version()}|json|/v1/statements`;
    const made = reads.response(key, () => cachedBody('{"items":[]}', 'application/json'));
    expect(reads.response(`${reads.version()}|json|/v1/statements`, () => null)).toBe(made);
    db.$client.close();
  });
});
