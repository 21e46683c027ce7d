import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { reopen, type TestApp } from './app.js';
import { runCli, type CliRun } from './cli.js';

/** GET /v1/integrity's report, as the API documents it. */
export interface DatabaseReport {
  valid: boolean;
  integrityCheck: string[];
  missingGuards: string[];
  changedGuards: string[];
  extraTriggers: string[];
  statements: { checked: number; broken: { statementId: string; detail: string | null }[] };
  histories: { checked: number; broken: { resource: string; id: string; revision: number | null; detail: string }[] };
  derived: { checked: number; problems: { table: string; row: string | null; field: string; detail: string }[] };
}

/** What someone holding the file has: the server stopped, and a plain connection to its database. */
export async function heldFile(t: TestApp) {
  await t.app.close();
  return { raw: new Database(t.databasePath), databasePath: t.databasePath };
}

/** Runs `sql` with the trigger `name` lifted, then puts the trigger back exactly as it was. */
export function withoutTrigger(raw: Database.Database, name: string, sql: string) {
  const original = String(raw.prepare('select sql from sqlite_master where name = ?').pluck().get(name));
  raw.exec(`DROP TRIGGER ${name}`);
  raw.exec(sql);
  raw.exec(original);
}

/**
 * Both checks of a file: GET /v1/integrity of a server started on it (returned, to see what it
 * serves), and `undersigned verify` run on it as a process.
 */
export async function checkFile(
  databasePath: string,
): Promise<{ report: DatabaseReport; cli: CliRun; app: FastifyInstance }> {
  const app = await reopen(databasePath);
  const res = await app.inject({ method: 'GET', url: '/v1/integrity' });
  expect(res.statusCode, res.body).toBe(200);
  return { report: res.json<DatabaseReport>(), cli: runCli(databasePath, ['verify']), app };
}
