import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import type { Conn } from '../db/client.js';
import { openMigratedDatabase } from '../database.js';
import { DomainError } from '../lib/domain-error.js';
import { instant, isoDate } from '../lib/dates.js';
import { languageTag } from '../lib/language-tag.js';

export const out = (line: string) => void process.stdout.write(`${line}\n`);
export const err = (line: string) => void process.stderr.write(`${line}\n`);

/** An operator's mistake, told in one line without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}

/**
 * Every command but `migrate` works on an existing database: a mistyped DATABASE_PATH must not
 * quietly create an empty one and report it as fine.
 */
export function withDb<T>(fn: (db: Conn, databasePath: string) => T, options: { create?: boolean } = {}): T {
  const { databasePath } = loadConfig();
  if (!options.create && databasePath !== ':memory:' && !existsSync(databasePath)) {
    throw new CliError(
      `no database at ${databasePath}: set DATABASE_PATH to an existing file (or run \`undersigned migrate\` to create one)`,
    );
  }
  const db = openMigratedDatabase(databasePath);
  try {
    return fn(db, databasePath);
  } finally {
    db.$client.close();
  }
}

export async function withDbAsync<T>(fn: (db: Conn, databasePath: string) => Promise<T>): Promise<T> {
  const { databasePath } = loadConfig();
  if (databasePath !== ':memory:' && !existsSync(databasePath)) {
    throw new CliError(
      `no database at ${databasePath}: set DATABASE_PATH to an existing file (or run \`undersigned migrate\` to create one)`,
    );
  }
  const db = openMigratedDatabase(databasePath);
  try {
    return await fn(db, databasePath);
  } finally {
    db.$client.close();
  }
}

export const actor = () => `cli (${userInfo().username})`;

export const date = (value: string) => {
  const parsed = isoDate.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('expected a date written YYYY-MM-DD.');
  return parsed.data;
};

export const language = (value: string) => {
  const parsed = languageTag.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('expected a BCP 47 language tag such as de or pt-BR.');
  return parsed.data;
};

export const moment = (value: string) => {
  const parsed = instant.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('expected an RFC 3339 date-time such as 2022-02-01T00:00:00Z.');
  return parsed.data;
};

/** "--decide 12=org_…" or "--decide 12=new", collected: an undecided import entry decided by one of its lines. */
export const decision = (value: string, previous: { line: number; organizationId: string }[]) => {
  const m = /^(\d{1,7})=(org_[A-Za-z0-9_-]+|new)$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError('expected LINE=ORGANIZATION, an organization id (org_…) or "new", such as 12=new.');
  return [...previous, { line: Number(m[1]), organizationId: m[2] ?? 'new' }];
};

/** One line for any error a command can meet: what the domain refused (with its fields), or why. */
export function describeError(error: unknown): string {
  if (error instanceof DomainError)
    return `${error.message}${error.fields.length ? ` (${error.fields.map((f) => `${f.field}: ${f.detail}`).join('; ')})` : ''}`;
  if (error instanceof Error) return error.message.replace(/\n\s*/g, ' ');
  return String(error);
}

/** A JSON file an operator named: missing or not JSON is one line naming it, not a stack trace. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${path}: no such file, or it cannot be read`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${path}: not JSON`);
  }
}
