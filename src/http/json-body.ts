import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from './problem.js';

/**
 * Fastify's own JSON parser (it refuses prototype poisoning), with a refusal that says where the
 * JSON broke: "…at position 8 (line 1, column 9)", not only that it did.
 */
export function jsonBodyParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) =>
    parse(request, body, (error, value) => {
      if (!error || (error as Error & { code?: string }).code !== 'FST_ERR_CTP_INVALID_JSON_BODY')
        return done(error, value);
      done(new HttpProblem(400, 'malformed-json', `The body is not valid JSON: ${where(body)}.`));
    });
}

/** Where JSON.parse gave up on `text`, when it says: at a position, or at its end. */
function failedAt(text: string): number | 'end' | 'unknown' | 'ok' {
  try {
    JSON.parse(text);
    return 'ok';
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/Unexpected end of JSON input/.test(message)) return 'end';
    const at = /at position (\d+)/.exec(message);
    if (!at) return 'unknown';
    return Number(at[1]) >= text.length ? 'end' : Number(at[1]);
  }
}

/** Bodies past this are not searched for the place they broke: V8's own message is given. */
const SEARCH_UP_TO = 256 * 1024;

/**
 * V8's message for the first syntax error, with its line and column. V8 does not always say the
 * position ("Unexpected token ','"): then it is the end of the longest prefix that still reads
 * as the start of a JSON document, found by halving.
 */
function where(body: string): string {
  const first = failedAt(body);
  if (first === 'ok') return 'it holds a key that may not be used (__proto__ or constructor.prototype)';
  let message = '';
  try {
    JSON.parse(body);
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  let position: number | null = typeof first === 'number' ? first : first === 'end' ? body.length : null;
  if (position === null && body.length <= SEARCH_UP_TO) {
    let [good, bad] = [0, body.length];
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      const at = failedAt(body.slice(0, mid));
      if (at === 'end' || at === 'ok') good = mid;
      else bad = mid;
    }
    position = good;
  }
  if (position === null) return message;
  const before = body.slice(0, position);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const shown = /at position \d+/.test(message)
    ? message
    : `${message.replace(/, \S[\s\S]* is not valid JSON$/, '')} at position ${position}`;
  return `${shown} (line ${line}, column ${column})`;
}
