// `undersigned backup` and `undersigned restore` next to a real server that keeps writing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auth, cli, until, workspace } from './support/server-process.js';

async function append(base: string, statementId: string, name: string): Promise<string> {
  const res = await fetch(`${base}/v1/statements/${statementId}/events`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ asOf: '2022-01-21', add: [{ organization: { name } }] }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`append answered ${res.status}: ${body}`);
  const parsed: unknown = JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || !('hash' in parsed) || typeof parsed.hash !== 'string')
    throw new Error(`no hash in ${body}`);
  return parsed.hash;
}

const eventHashes = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return new Set(db.prepare<[], string>('select hash from signatory_events').pluck().all());
  } finally {
    db.close();
  }
};

describe('backups', () => {
  it('backs up while 8 clients append; the restored database verifies and holds every write acknowledged before', async () => {
    const ws = workspace();
    const server = await ws.start({ logLevel: 'warn' });
    const created = await fetch(`${server.base}/v1/statements`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'T', issuer: 'I' }),
    });
    const { id } = z.object({ id: z.string() }).parse(await created.json());

    const acknowledged: string[] = [];
    let writing = true;
    const clients = Array.from({ length: 8 }, async (_, c) => {
      for (let i = 0; writing; i++) acknowledged.push(await append(server.base, id, `client ${c} signer ${i}`));
    });
    await until(
      () => acknowledged.length >= 16,
      30_000,
      () => '16 acknowledged appends',
    );

    const before = [...acknowledged];
    const backupFile = join(ws.dir, 'backup.db');
    const backup = await cli(ws.databasePath, 'backup', backupFile);
    const duringBackup = acknowledged.length - before.length;
    writing = false;
    await Promise.all(clients);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/backed up .* verified/);
    // The server went on taking writes while the backup ran.
    expect(duringBackup).toBeGreaterThan(0);

    // Restoring over the database the server holds is refused, with --force too; nothing changes.
    const refused = await cli(ws.databasePath, 'restore', backupFile);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('--force')]);
    const held = await cli(ws.databasePath, 'restore', backupFile, '--force');
    expect([held.code, held.stderr]).toEqual([1, expect.stringContaining('open in another process')]);
    expect(eventHashes(ws.databasePath).size).toBe(acknowledged.length);

    // Restored elsewhere, it verifies and holds every write acknowledged before the backup began.
    const restoredPath = join(ws.dir, 'restored', 'undersigned.db');
    const restore = await cli(restoredPath, 'restore', backupFile);
    expect(restore.code, restore.stderr).toBe(0);
    // It ran `verify`'s checks on what it restored.
    expect(restore.stdout).toMatch(/^ok +stm_.* events, head /m);
    expect(restore.stdout).toContain(', 0 broken');
    const restored = eventHashes(restoredPath);
    expect(before.filter((hash) => !restored.has(hash))).toEqual([]);
    expect(restored.size).toBeGreaterThanOrEqual(before.length);

    // With the server stopped, --force replaces the database and keeps the one it replaced.
    server.child.kill('SIGTERM');
    await server.exited;
    const forced = await cli(ws.databasePath, 'restore', backupFile, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(eventHashes(ws.databasePath)).toEqual(restored);
    const kept = /kept as (\S+)/.exec(forced.stdout)?.[1] ?? '';
    expect(existsSync(kept)).toBe(true);
    expect(eventHashes(kept).size).toBe(acknowledged.length);
  }, 120_000);
});
