// The client side of the real-process tests (tests/process-*.test.ts): requests over real
// sockets, what the answers look like, and a read-only look at the database file afterwards.
import Database from 'better-sqlite3';
import { expect } from 'vitest';

import { auth, type Exit, type ServerProcess } from './server-process.js';

/** The errno-like code behind a `fetch failed` TypeError (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET…). */
export function failureCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause !== null && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string')
    return cause.code;
  if (cause instanceof Error) return cause.name;
  return error instanceof Error ? error.message : String(error);
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** One request with the admin key; JSON in, JSON (or null for an empty body) out. */
export async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** `n` concurrent reads, which leave `n` keep-alive connections in fetch's pool for a burst to use. */
export async function warmUp(base: string, n: number): Promise<void> {
  const statuses = await Promise.all(
    Array.from({ length: n }, async () => {
      const res = await fetch(`${base}/health`);
      await res.arrayBuffer();
      return res.status;
    }),
  );
  expect(statuses.every((s) => s === 200)).toBe(true);
}

/** The process's exit, or 'still running' when it has not exited within `ms`. */
export async function exitWithin(server: ServerProcess, ms: number): Promise<Exit | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'still running'>(
    (resolve) => (timer = setTimeout(() => resolve('still running'), Math.max(0, ms))),
  );
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Organization {
  id: string;
  name: string;
  aliases: string[];
  revision: number;
}
export interface SignatoryEvent {
  statementId: string;
  seq: number;
  hash: string;
  prevHash: string | null;
  total: number;
  items: { kind: string; signatureId: string; organizationId: string; position: number }[];
}
export interface Integrity {
  valid: boolean;
  length: number;
  head: string | null;
  firstBadSeq: number | null;
  detail: string | null;
}
export interface Problem {
  type: string;
  status: number;
}

export const oneAddition = (name: string) => ({ asOf: '2022-01-21', add: [{ organization: { name } }] });

/** `PRAGMA integrity_check` and `foreign_key_check` on the file, opened read-only. */
export function checkFile(databasePath: string) {
  const raw = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: raw.pragma('integrity_check', { simple: true }),
      foreignKeyProblems: raw.prepare('PRAGMA foreign_key_check').all().length,
      organizationNames: raw.prepare('SELECT name FROM organizations').pluck().all().map(String),
      events: Number(raw.prepare('SELECT count(*) FROM signatory_events').pluck().get()),
    };
  } finally {
    raw.close();
  }
}
