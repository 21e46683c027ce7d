import http from 'node:http';
import https from 'node:https';
import type { FastifyBaseLogger } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { markAbandoned } from '../../db/outbox.js';
import { getRevisionRow } from '../../db/revisions.js';
import type { WriteLane } from '../../db/write-lane.js';
import { toRevision } from '../../http/revisions.js';
import { DeliveryFailure, OutboxWorker, type Attempt, type Deliver } from '../outbox/worker.js';
import { statementState } from '../statements/schemas.js';
import { getEvent } from '../timeline/events.js';
import { DISABLE_AFTER_MS, findSubscriptionRow, recordAttempt, WEBHOOK_TOPIC } from './repository.js';
import { guardedLookup, isAllowedHost, refusedUrl } from '../../lib/safe-target.js';
import { webhookMessage, type WebhookMessage } from './schemas.js';
import { getProposal, toProposal } from '../proposals/repository.js';

const WEBHOOK = WEBHOOK_TOPIC;

/**
 * Waits before each retry, as the Standard Webhooks spec suggests: 5 s, 5 min, 30 min, 2 h, 5 h,
 * then every 10 h. A message is given up on once it is 3 days old; a subscription whose every
 * attempt failed for 3 days is disabled.
 */
export const WEBHOOK_RETRY_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000] as const;
export const webhookRetryDelayMs = (attempts: number) =>
  WEBHOOK_RETRY_MS[Math.min(Math.max(attempts, 1), WEBHOOK_RETRY_MS.length) - 1] ?? 10 * 3600_000;

/** What the triggers of migration 0013 queue: which event, not its content. */
const queued = z.union([
  z.object({ type: z.literal('signatory-event.recorded'), statementId: z.string(), seq: z.number().int() }),
  z.object({
    type: z.enum(['statement.created', 'statement.updated', 'statement.deleted']),
    statementId: z.string(),
    revision: z.number().int(),
  }),
  z.object({ type: z.literal('proposal.created'), proposalId: z.string() }),
]);

/** The delivery's body, read from the record (events and revisions never change: every retry sends the same). */
export function messageOf(db: Conn, payload: unknown): WebhookMessage {
  const message = queued.parse(payload);
  if (message.type === 'signatory-event.recorded') {
    const event = getEvent(db, message.statementId, message.seq);
    return webhookMessage.parse({ type: message.type, timestamp: event.recordedAt, data: event });
  }
  if (message.type === 'proposal.created') {
    const made = toProposal(getProposal(db, message.proposalId));
    // As it was made: a delivery retried after the proposal was decided still says what was proposed.
    return webhookMessage.parse({
      type: message.type,
      timestamp: made.createdAt,
      data: { ...made, status: 'pending', decidedAt: null, decidedBy: null, reason: null, eventSeq: null },
    });
  }
  const row = getRevisionRow(db, 'statement', message.statementId, message.revision);
  if (!row) throw new Error(`statement ${message.statementId} has no revision ${message.revision}`);
  const revision = toRevision(row, statementState);
  return webhookMessage.parse({
    type: message.type,
    timestamp: revision.recordedAt,
    data: { statementId: message.statementId, ...revision },
  });
}

/** The `webhook-id`: one per outbox message, so the same on every retry of it. */
export const messageIdOf = (outboxId: number) => `msg_${outboxId}`;

/** POSTs `body`; resolves to the status once the answer has been read (and dropped). */
function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  guarded: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const options: http.RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      signal,
    };
    // Every name is resolved and judged at connection time (DNS rebinding); IP literals were judged before.
    if (guarded) options.lookup = guardedLookup;
    const request = (url.protocol === 'https:' ? https : http).request(url, options, (response) => {
      response.on('error', reject);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.resume();
    });
    request.on('error', reject);
    request.end(body);
  });
}

export interface WebhookOptions {
  allowPrivate: boolean;
  /** Hosts called even when private (OUTBOUND_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  timeoutMs: number;
  pollMs: number;
  now: () => Date;
}

/** Signs and sends one queued message to its subscription's URL; any 2xx is success (redirects are not followed). */
export function webhookDeliverer(
  db: Conn,
  options: Pick<WebhookOptions, 'allowPrivate' | 'allowHosts' | 'now'>,
): Deliver {
  return async (target, payload, signal, message) => {
    const subscription = findSubscriptionRow(db, target);
    if (!subscription) throw new Error(`webhook subscription ${target} does not exist`);
    const url = new URL(subscription.url);
    const refused = refusedUrl(url, options.allowPrivate, options.allowHosts);
    if (refused !== null) throw new DeliveryFailure(`refused: the URL ${refused}`, null);
    const body = JSON.stringify(messageOf(db, payload));
    const id = messageIdOf(message.id);
    // One reading of the clock: the header must carry the timestamp that was signed.
    const at = options.now();
    const signature = new Webhook(subscription.secret).sign(id, at, body);
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Undersigned-Webhooks/1',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': signature,
    };
    const status = await post(
      url,
      body,
      headers,
      signal,
      !options.allowPrivate && !isAllowedHost(url, options.allowHosts),
    );
    if (status < 200 || status > 299) throw new DeliveryFailure(`${url.origin} answered ${status}`, status);
    return status;
  };
}

/**
 * Logs each attempt (the delivery log), keeps each subscription's run of failures (disabling it
 * after 3 days), and gives up on a message that is 3 days old and still not taken.
 */
export function recordWebhookAttempts(db: Conn, log: FastifyBaseLogger) {
  return (attempts: Attempt[]) => {
    for (const { message, at, durationMs, status, error } of attempts) {
      if (message.topic !== WEBHOOK) continue;
      const eventType = queued.safeParse(message.payload).data?.type ?? 'unknown';
      const input = {
        subscriptionId: message.target,
        outboxId: message.id,
        messageId: messageIdOf(message.id),
        eventType,
        attempt: message.attempts,
        at,
        durationMs,
        statusCode: status,
        error,
      };
      if (recordAttempt(db, input))
        log.warn(
          { subscriptionId: message.target, error },
          'webhooks: a subscription failed for 3 days and is now disabled',
        );
      // created_at is SQLite's UTC "now" with a Z; the clock may be a test's.
      if (error !== null && at.getTime() - Date.parse(message.createdAt) >= DISABLE_AFTER_MS) {
        markAbandoned(db, message.id, `gave up after ${message.attempts} attempts over 3 days; the last: ${error}`);
      }
    }
  };
}

/** The worker that delivers webhooks, right after each commit (no acknowledgement waits for them). */
export function webhookWorker(
  db: Conn,
  lane: WriteLane,
  options: WebhookOptions,
  log: FastifyBaseLogger,
): OutboxWorker {
  const worker = new OutboxWorker(db, lane, { [WEBHOOK]: webhookDeliverer(db, options) }, log, {
    pollMs: options.pollMs,
    timeoutMs: options.timeoutMs,
    now: options.now,
    retryDelayMs: webhookRetryDelayMs,
    recorded: recordWebhookAttempts(db, log),
  });
  lane.afterCommit(() => {
    void worker.flush();
  });
  return worker;
}
