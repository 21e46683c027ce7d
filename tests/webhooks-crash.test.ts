// The transactional outbox, from the outside: a real server process records events while the
// receiver holds every delivery (sent, never answered), is SIGKILLed in that window between the
// commit and the recorded delivery, and is started again. Meanwhile the CLI writes more events
// straight into the database. Every event must reach the receiver, each under one stable
// webhook-id.
//
// What "exactly once" means here: delivery is at-least-once (a request the receiver took but
// whose answer the dead server never recorded is sent again; no sender can avoid that), and the
// webhook-id of a message is the same on every attempt, so a receiver that dedups by webhook-id,
// as the Standard Webhooks spec asks, processes each event exactly once. The test asserts both
// halves: no event missing, and every id the same before and after the crash.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auth, cli, workspace, type ServerProcess } from './support/server-process.js';
import { readUntil, waitFor, webhookReceiver } from './support/webhook-receiver.js';

const message = z.object({ type: z.string(), data: z.object({ statementId: z.string(), seq: z.number().optional() }) });
type Message = z.infer<typeof message>;

async function call<T extends z.ZodType>(
  server: ServerProcess,
  method: string,
  path: string,
  schema: T,
  body?: object,
): Promise<z.output<T>> {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return schema.parse(JSON.parse(text));
}

const EVENTS = 5;

describe('webhooks survive a crash', () => {
  it('after a SIGKILL between commit and delivery and a restart, each event id is delivered, exactly once after dedup', async () => {
    const receiver = await webhookReceiver();
    receiver.mode = 'hold';
    const ws = workspace();
    // A receiver that does not answer holds the first delivery round: the rest wait in the outbox.
    const env = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '60000' };
    const first = await ws.start({ logLevel: 'warn', env });

    const { id: statementId } = await call(first, 'POST', '/v1/statements', z.object({ id: z.string() }), {
      title: 'Crash test',
      issuer: 'ICOR',
      kind: 'resolution',
      body: 'Text.',
    });
    const sub = await call(first, 'POST', '/v1/webhooks', z.object({ id: z.string(), secret: z.string() }), {
      url: receiver.url,
      events: ['signatory-event.recorded', 'statement.created'],
    });
    receiver.secret = sub.secret;
    for (let seq = 1; seq <= EVENTS; seq++) {
      await call(first, 'POST', `/v1/statements/${statementId}/events`, z.unknown(), {
        asOf: `2022-01-${String(20 + seq)}`,
        add: [{ organization: { name: `Org ${seq}` } }],
      });
    }
    // Every write is committed (acknowledged); the first deliveries are on the wire, held; none is
    // answered. The server counts an attempt before it sends it: the kill waits until every counted
    // attempt has reached the receiver whole, since one still on its way would come back as a
    // second attempt of a message the receiver never saw. (The round holding them never ends, so
    // no further attempt is counted meanwhile.)
    const counted = () => {
      const db = new Database(ws.databasePath, { readonly: true });
      try {
        return z.number().parse(db.prepare('select count(*) from outbox where attempts > 0').pluck().get());
      } finally {
        db.close();
      }
    };
    await waitFor(
      () => receiver.requests.length >= 1 && receiver.requests.length === counted(),
      'every attempted delivery held by the receiver',
      60_000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const before = receiver.requests.map((r) => r.id);
    expect(new Set(before).size).toBe(before.length);
    expect(receiver.accepted()).toEqual([]);

    // While no server runs, another connection writes: an import of the sample (a new statement and its first event).
    const imported = await cli(ws.databasePath, 'import', 'data/sample/icor-kazakhstan-2022-01-21.txt');
    expect(imported.code, imported.stderr).toBe(0);

    receiver.mode = 204;
    const second = await ws.start({ logLevel: 'warn', env });
    // What was never sent goes out at once; what was in flight once its retry is due (5 s after it was taken).
    await waitFor(() => receiver.accepted().length === EVENTS + 2, `${EVENTS + 2} accepted deliveries`, 60_000);

    expect(receiver.requests.every((r) => r.refusal === null)).toBe(true);
    const accepted = receiver.accepted();
    expect(accepted).toEqual(expect.arrayContaining(before));
    // Each id, once processed (the receiver's dedup), is one event; no event is missing.
    const processed = new Map<string, Message>();
    for (const request of receiver.requests)
      if (request.answered === 204 && !processed.has(request.id))
        processed.set(request.id, message.parse(request.verified));
    const events = [...processed.values()].filter(
      (m) => m.type === 'signatory-event.recorded' && m.data.statementId === statementId,
    );
    expect(events.map((m) => m.data.seq).sort()).toEqual([1, 2, 3, 4, 5]);
    const others = [...processed.values()].filter((m) => m.data.statementId !== statementId).map((m) => m.type);
    expect(others.sort()).toEqual(['signatory-event.recorded', 'statement.created']);
    // Sent again after the crash with the same ids: at-least-once on the wire.
    for (const id of before) expect(receiver.requests.filter((r) => r.id === id).length).toBeGreaterThanOrEqual(2);

    // The log: what was in flight shows its retry as the second attempt (the first was counted
    // before it was sent, and its outcome died with the server); the rest, one first attempt each.
    const logEntry = z.object({ messageId: z.string(), attempt: z.number(), statusCode: z.number().nullable() });
    // The server records an attempt once the receiver has answered it, so the last ones may still be on their way to the log.
    const log = await readUntil(
      () => call(second, 'GET', `/v1/webhooks/${sub.id}/deliveries?limit=200`, z.object({ items: z.array(logEntry) })),
      (read) => accepted.every((id) => read.items.some((d) => d.messageId === id && d.statusCode === 204)),
      'every accepted delivery in the delivery log',
      60_000,
    );
    for (const id of accepted)
      expect(log.items.filter((d) => d.messageId === id).map((d) => [d.attempt, d.statusCode])).toEqual([
        [before.includes(id) ? 2 : 1, 204],
      ]);
  }, 180_000);
});
