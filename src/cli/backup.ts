import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { copyDatabase, heldOpen, openCopy, swapIn } from '../db/backup.js';
import type { Conn } from '../db/client.js';
import { openMigratedDatabase } from '../database.js';
import { CliError, out } from './common.js';
import { reportIntegrity } from './integrity.js';

/** Runs `verify`'s checks on a database file; throws, naming `what`, when any fails. */
function verifyFile(db: Conn, what: string): void {
  try {
    const problems = reportIntegrity(db);
    if (problems > 0) throw new CliError(`${what} does not verify: ${problems} problem(s) found; nothing was changed`);
  } finally {
    db.$client.close();
  }
}

function existingDatabase(): string {
  const { databasePath } = loadConfig();
  if (databasePath === ':memory:' || !existsSync(databasePath))
    throw new CliError(`no database at ${databasePath}: set DATABASE_PATH to an existing file`);
  return resolve(databasePath);
}

/** Removes `path` when `fn` fails, so no half-made file is left behind. */
async function orRemove<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
}

export function backupCommands(program: Command) {
  program
    .command('backup')
    .description(
      'copy the database to FILE while the server runs and writes go on (one consistent state), then verify the copy as `verify` does',
    )
    .argument('<file>', 'where the backup goes: one self-contained SQLite file')
    .option('--force', 'replace FILE if it exists')
    .action(async (file: string, opts: { force?: boolean }) => {
      const source = existingDatabase();
      const destination = resolve(file);
      if (destination === source) throw new CliError('the backup cannot be the database itself');
      if (existsSync(destination) && !opts.force)
        throw new CliError(`${file} exists: choose another name, or pass --force to replace it`);
      const partial = `${destination}.partial-${process.pid}`;
      await orRemove(partial, async () => {
        await copyDatabase(source, partial);
        verifyFile(openCopy(partial), `the copy in ${partial}`);
        swapIn(partial, destination, null);
      });
      out(`backed up ${source} to ${destination} (${statSync(destination).size} bytes), verified`);
    });

  program
    .command('restore')
    .description(
      'replace the database with the backup FILE, after verifying it; refuses while a process holds the database open',
    )
    .argument('<file>', 'a backup (from `undersigned backup`, or any copy of an Undersigned database)')
    .option('--force', 'replace an existing database (it is kept beside it as <name>.before-restore-<time>)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const { databasePath } = loadConfig();
      const target = resolve(databasePath);
      if (!existsSync(file)) throw new CliError(`no backup at ${file}`);
      const exists = existsSync(target);
      if (exists && !opts.force)
        throw new CliError(
          `${databasePath} exists: restoring would replace it. Stop the server, then pass --force (the current file is kept beside it)`,
        );
      mkdirSync(dirname(target), { recursive: true });
      const incoming = `${target}.restoring-${process.pid}`;
      await orRemove(incoming, async () => {
        await copyDatabase(resolve(file), incoming);
        // Migrated first, as the server would at its start: a backup from an older version is checked as this version runs it.
        verifyFile(openMigratedDatabase(incoming), file);
        if (exists && heldOpen(target))
          throw new CliError(
            `${databasePath} is open in another process (is the server running?): stop it first; nothing was changed`,
          );
        const keepAs = exists ? `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}` : null;
        swapIn(incoming, target, keepAs);
        out(
          `restored ${resolve(file)} to ${target}, verified${keepAs ? `; the database it replaced is kept as ${keepAs}` : ''}`,
        );
      });
    });
}
