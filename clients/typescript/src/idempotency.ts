import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProblemError, unwrap, type Result } from './problems.js';

/**
 * An Idempotency-Key for one logical operation, derived from what identifies it (not random):
 * `idempotencyKey('add-late-signatory', statementId, organizationId, asOf)` is the same on every
 * run, so a script that is run again, or retried after a lost answer, repeats its write safely.
 */
export function idempotencyKey(operation: string, ...parts: (string | number)[]): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([operation, ...parts]))
    .digest('base64url');
  return `${operation.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 64)}-${digest.slice(0, 32)}`;
}

export interface RetryOptions {
  /** How many times to send in all (default 4). */
  attempts?: number;
  /** The wait before the first retry, doubled each time; `Retry-After` wins when longer (default 200 ms). */
  delayMs?: number;
  /** Called before each retry (logging). */
  onRetry?: (attempt: number, reason: string) => void;
}

export interface Written<D> {
  data: D;
  response: Response;
  /** True when the server replayed an earlier answer to this key: nothing was written this time. */
  replayed: boolean;
}

/** Statuses worth another try with the same key: nothing was written, or we cannot know. */
const RETRYABLE = new Set([429, 502, 503, 504]);

function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : 0;
}

/**
 * Sends a POST with one Idempotency-Key, and again with the same key when the answer was lost
 * (a network error) or the server asks to retry (429, 502–504). The server writes at most once:
 * a repeat replays the first answer (`replayed`). A refusal (4xx) throws a ProblemError at once.
 */
export async function idempotent<D>(
  key: string,
  send: (key: string) => Promise<Result<D>>,
  options: RetryOptions = {},
): Promise<Written<D>> {
  const attempts = options.attempts ?? 4;
  let delay = options.delayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let wait = delay;
    try {
      const result = await send(key);
      if (!RETRYABLE.has(result.response.status) || attempt >= attempts) {
        const data = unwrap(result);
        return {
          data,
          response: result.response,
          replayed: result.response.headers.get('idempotent-replayed') === 'true',
        };
      }
      reason = `${result.response.status}`;
      wait = Math.max(delay, retryAfterMs(result.response));
    } catch (error) {
      // A ProblemError is an answer; anything else thrown by fetch means the answer was lost.
      if (error instanceof ProblemError || attempt >= attempts) throw error;
      reason = error instanceof Error ? error.message : String(error);
    }
    options.onRetry?.(attempt, reason);
    await sleep(wait);
    delay *= 2;
  }
}
