/**
 * Correctness checks made along the way. A benchmark of a broken endpoint measures error pages,
 * so every step that expects a 2xx says so here; the run exits non-zero if any failed (never on
 * a performance number).
 */

const failures: string[] = [];

export function fail(step: string, detail: string): void {
  failures.push(`${step}: ${detail}`);
  process.stderr.write(`FAILED ${step}: ${detail}\n`);
}

export const failed = (): readonly string[] => failures;

export interface Fetched {
  status: number;
  ms: number;
  headers: Headers;
  text: string;
}

/** One timed request; the body is read fully, so `ms` is time to the last byte. */
export async function timed(url: string, init: RequestInit = {}): Promise<Fetched> {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, headers: response.headers, text };
}

/** `timed`, recording a failure when the status is not the expected one (default: any 2xx). */
export async function expectStatus(
  step: string,
  url: string,
  init: RequestInit = {},
  expected?: number,
): Promise<Fetched> {
  const result = await timed(url, init);
  const ok = expected === undefined ? result.status >= 200 && result.status < 300 : result.status === expected;
  if (!ok) fail(step, `${init.method ?? 'GET'} ${url} answered ${result.status}: ${result.text.slice(0, 300)}`);
  return result;
}

/** Parses JSON and returns it as unknown; callers narrow it with zod. */
export function json(fetched: Fetched): unknown {
  try {
    return JSON.parse(fetched.text);
  } catch {
    return null;
  }
}
