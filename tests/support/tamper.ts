import Database from 'better-sqlite3';
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
}

/** What someone holding the file has: the server stopped, and a plain connection to its database. */
export async function heldFile(t: TestApp) {
  await t.app.close();
  return { raw: new Database(t.databasePath), databasePath: t.databasePath };
}

/** Both checks of a file: GET /v1/integrity of a server started on it, and `undersigned verify` run on it as a process. */
export async function checkFile(databasePath: string): Promise<{ report: DatabaseReport; cli: CliRun }> {
  const app = await reopen(databasePath);
  const res = await app.inject({ method: 'GET', url: '/v1/integrity' });
  expect(res.statusCode, res.body).toBe(200);
  return { report: res.json<DatabaseReport>(), cli: runCli(databasePath, ['verify']) };
}
