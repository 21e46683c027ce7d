import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { entryArgs } from './entry.js';
import { migratedDatabaseAt } from './migrated.js';

export const root = new URL('../..', import.meta.url).pathname;
export const samplePath = join(root, 'data/sample/icor-kazakhstan-2022-01-21.txt');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI, run as a process on the database at `databasePath`. */
export function runCli(databasePath: string, args: string[], env: Record<string, string> = {}): CliRun {
  const res = spawnSync(process.execPath, [...entryArgs('cli'), ...args], {
    // From the project root, so that `--import tsx` resolves; files and the database are absolute.
    cwd: root,
    env: { ...process.env, DATABASE_PATH: databasePath, ...env },
    encoding: 'utf8',
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A temp folder with a database made by the real migrations, and the real CLI run as a process on it. */
export function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const databasePath = join(dir, 'cli.db');
  migratedDatabaseAt(databasePath);
  const runEnv = (env: Record<string, string>, ...args: string[]): CliRun => runCli(databasePath, args, env);
  /** Without blocking this process: for commands that call back into a server the test runs, or run side by side. */
  const runEnvAsync = (env: Record<string, string>, ...args: string[]) =>
    new Promise<CliRun>((resolve) => {
      execFile(
        process.execPath,
        [...entryArgs('cli'), ...args],
        { cwd: root, env: { ...process.env, DATABASE_PATH: databasePath, ...env }, encoding: 'utf8' },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  const runAsync = (...args: string[]) => runEnvAsync({}, ...args);
  return { dir, databasePath, runEnv, runEnvAsync, runAsync, run: (...args: string[]) => runEnv({}, ...args) };
}
