import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { onTestFinished } from 'vitest';

export interface PurgeTarget {
  url: string;
  /** The keys of each PURGE received, in order. */
  purged: string[][];
  /** The status the next requests get (200 by default). */
  answer: (status: number) => void;
}

/** A stand-in for Varnish on a loopback port: records every PURGE and its xkey-purge keys. */
export async function purgeTarget(port = 0): Promise<PurgeTarget> {
  const purged: string[][] = [];
  let status = 200;
  const server = createServer((request: IncomingMessage, response) => {
    if (request.method === 'PURGE' && status < 300)
      purged.push(
        String(request.headers['xkey-purge'] ?? '')
          .split(' ')
          .filter(Boolean),
      );
    response.statusCode = status;
    response.end();
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { url: `http://127.0.0.1:${address.port}/`, purged, answer: (next) => (status = next) };
}
