// A coalition's web server on a loopback port, as a watched source meets one: it serves one
// document (its type and bytes set by the test), answers conditional requests with 304 by ETag,
// and can instead answer a status, redirect, or hold the request without answering.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Publisher {
  url: string;
  origin: string;
  /** What is served at `url`. */
  document: { type: string; body: string | Buffer };
  /** Instead of the document: a status to answer, a place to redirect to, or 'hold'. */
  answer: { status: number } | { redirect: string } | 'hold' | null;
  /** The requests seen, with their conditional headers. */
  requests: { path: string; ifNoneMatch: string | null }[];
}

export async function startPublisher(path = '/signatories'): Promise<Publisher> {
  const held: (() => void)[] = [];
  const publisher: Publisher = {
    url: '',
    origin: '',
    document: { type: 'text/plain; charset=utf-8', body: '' },
    answer: null,
    requests: [],
  };
  const server = createServer((request, response) => {
    const ifNoneMatch = request.headers['if-none-match'] ?? null;
    publisher.requests.push({
      path: request.url ?? '',
      ifNoneMatch: typeof ifNoneMatch === 'string' ? ifNoneMatch : null,
    });
    const { answer } = publisher;
    if (answer === 'hold') return void held.push(() => response.destroy());
    if (answer && 'status' in answer)
      return void response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(`status ${answer.status}`);
    if (answer && 'redirect' in answer) return void response.writeHead(302, { location: answer.redirect }).end();
    if (request.url !== path) return void response.writeHead(404).end('not here');
    const body = Buffer.from(publisher.document.body);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (ifNoneMatch === etag) return void response.writeHead(304, { etag }).end();
    response
      .writeHead(200, { 'content-type': publisher.document.type, etag, 'content-length': String(body.byteLength) })
      .end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(async () => {
    for (const release of held) release();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  publisher.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  publisher.url = `${publisher.origin}${path}`;
  return publisher;
}
