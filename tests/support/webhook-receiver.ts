// A webhook receiver on a loopback port, as a subscriber would write one: it reads each delivery,
// checks its signature with the Standard Webhooks verifier, and dedups by webhook-id as the spec
// asks. Tests choose how it answers (a status, or holding the request without answering).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { onTestFinished } from 'vitest';

export interface Delivery {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The parsed body when the signature verified, else null. */
  verified: unknown;
  /** Why the verifier refused it, when it did. */
  refusal: string | null;
  /** The status it was answered with; null while held (or when the connection died first). */
  answered: number | null;
}

export interface Receiver {
  url: string;
  port: number;
  /** Every request, in arrival order (retries included). */
  requests: Delivery[];
  /** The webhook-ids answered with a 2xx, each once (the receiver's dedup). */
  accepted: () => string[];
  /** The secret to verify with: set it once the subscription exists. */
  secret: string | null;
  /** How the next requests are answered: a status, or 'hold' (read, then never answered). */
  mode: number | 'hold';
  /** Answers every held request with `status` and stops holding. */
  release: (status: number) => void;
  close: () => Promise<void>;
}

const header = (request: IncomingMessage, name: string) => String(request.headers[name] ?? '');

export async function webhookReceiver(port = 0): Promise<Receiver> {
  const held: [Delivery, ServerResponse][] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': header(request, 'webhook-id'),
      'webhook-timestamp': header(request, 'webhook-timestamp'),
      'webhook-signature': header(request, 'webhook-signature'),
    };
    let verified: unknown = null;
    let refusal: string | null = null;
    try {
      if (receiver.secret === null) throw new Error('no secret yet');
      verified = new Webhook(receiver.secret).verify(body, headers);
    } catch (error) {
      refusal = error instanceof Error ? error.message : String(error);
    }
    const delivery: Delivery = {
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      body,
      verified,
      refusal,
      answered: null,
    };
    receiver.requests.push(delivery);
    if (receiver.mode === 'hold') {
      held.push([delivery, response]);
      return;
    }
    answer(delivery, response, receiver.mode);
  });
  const answer = (delivery: Delivery, response: ServerResponse, status: number) => {
    if (response.destroyed) return;
    delivery.answered = status;
    response.statusCode = status;
    response.end();
  };
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const close = async () => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  onTestFinished(close);
  const receiver: Receiver = {
    url: `http://127.0.0.1:${address.port}/hooks`,
    port: address.port,
    requests: [],
    accepted: () => [
      ...new Set(receiver.requests.filter((d) => d.answered !== null && d.answered < 300).map((d) => d.id)),
    ],
    secret: null,
    mode: 204,
    release: (status) => {
      receiver.mode = status;
      for (const [delivery, response] of held.splice(0)) answer(delivery, response, status);
    },
    close,
  };
  return receiver;
}

/** Polls until `condition` holds (every 10 ms, real time); fails saying what it waited for. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** Reads until `ok` holds of what it read (every 10 ms, real time); returns that. */
export async function readUntil<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last read: ${JSON.stringify(value)}`);
    await sleep(10);
  }
}
