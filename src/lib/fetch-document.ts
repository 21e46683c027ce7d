import http from 'node:http';
import https from 'node:https';
import { guardedLookup, isAllowedHost, refusedUrl } from './safe-target.js';

/**
 * One fetch of a published document: a conditional GET (ETag, Last-Modified), within a size and
 * a time limit, following redirects by hand so that each hop is judged like the first (no hop
 * into a private network unless allowed). Never throws for what the other side does: every
 * outcome is a value, recorded on the source.
 */

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  allowPrivate: boolean;
  /** Hosts (`host` or `host:port`) called even when private (OUTBOUND_ALLOW_HOSTS). */
  allowHosts?: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  /** Media types it asks for, best first (Accept). */
  accept: readonly string[];
  /** Why a hop's URL may not be fetched (default: the outbound policy, safe-target.ts). */
  refused?: (url: URL) => string | null;
}

export type Fetched =
  | { kind: 'ok'; url: string; status: number; headers: Record<string, string>; mediaType: string; bytes: Buffer }
  | { kind: 'not-modified'; url: string; status: 304 }
  | { kind: 'failed'; url: string; status: number | null; error: string };

const MAX_REDIRECTS = 5;

/** The response headers a WARC record keeps, flattened (repeated headers joined as HTTP allows). */
function headersOf(response: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function request(
  url: URL,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<{ response: http.IncomingMessage; body: Buffer | null; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'user-agent': 'Undersigned-Sources/1',
      accept: options.accept.map((t, i) => (i === 0 ? t : `${t};q=0.${9 - Math.min(i, 8)}`)).join(', '),
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    const init: http.RequestOptions = { method: 'GET', headers, signal };
    // Every name is resolved and judged at connection time (DNS rebinding); IP literals were judged before.
    if (!options.allowPrivate && !isAllowedHost(url, options.allowHosts ?? [])) init.lookup = guardedLookup;
    const req = (url.protocol === 'https:' ? https : http).request(url, init, (response) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        response.resume();
        response.on('end', () => resolve({ response, body: null, tooLarge: false }));
        response.on('error', reject);
        return;
      }
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > options.maxBytes) {
        response.destroy();
        resolve({ response, body: null, tooLarge: true });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > options.maxBytes) {
          response.destroy();
          resolve({ response, body: null, tooLarge: true });
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ response, body: Buffer.concat(chunks), tooLarge: false }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function fetchDocument(start: string, options: FetchOptions): Promise<Fetched> {
  let url = new URL(start);
  const signal = AbortSignal.timeout(options.timeoutMs);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const refused = options.refused ? options.refused(url) : refusedUrl(url, options.allowPrivate, options.allowHosts);
    if (refused !== null) return { kind: 'failed', url: url.href, status: null, error: `refused: the URL ${refused}` };
    let answer;
    try {
      answer = await request(url, options, signal);
    } catch (error) {
      const timedOut = signal.aborted;
      const message = error instanceof Error ? error.message : String(error);
      return {
        kind: 'failed',
        url: url.href,
        status: null,
        error: timedOut ? `no answer within ${options.timeoutMs} ms` : message,
      };
    }
    const { response, body, tooLarge } = answer;
    const status = response.statusCode ?? 0;
    if (tooLarge) return { kind: 'failed', url: url.href, status, error: `larger than ${options.maxBytes} bytes` };
    if (status === 304) return { kind: 'not-modified', url: url.href, status };
    if ([301, 302, 303, 307, 308].includes(status)) {
      const location = response.headers.location;
      if (!location) return { kind: 'failed', url: url.href, status, error: `a ${status} redirect without a Location` };
      url = new URL(location, url);
      continue;
    }
    if (status !== 200 || body === null) return { kind: 'failed', url: url.href, status, error: `answered ${status}` };
    const mediaType = (response.headers['content-type'] ?? 'application/octet-stream').toLowerCase();
    return { kind: 'ok', url: url.href, status, headers: headersOf(response), mediaType, bytes: body };
  }
  return { kind: 'failed', url: url.href, status: null, error: `more than ${MAX_REDIRECTS} redirects` };
}
