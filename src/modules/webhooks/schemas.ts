import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { revisionSchemas } from '../../http/revisions.js';
import { signatoryEvent } from '../timeline/schemas.js';
import { statementState } from '../statements/schemas.js';
import { proposal } from '../proposals/schemas.js';

export const WEBHOOK_EVENT_TYPES = [
  'signatory-event.recorded',
  'statement.created',
  'statement.updated',
  'statement.deleted',
  'proposal.created',
] as const;

export const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES).meta({
  id: 'WebhookEventType',
  description:
    "`signatory-event.recorded`: an event was added to a statement's record (signatories added, withdrawn or retracted). " +
    '`statement.created`, `statement.updated`, `statement.deleted`: a statement got a new revision. ' +
    "`proposal.created`: a watched source's page changed, and the change waits to be accepted (or was accepted by itself, in auto mode: its event follows).",
  example: 'signatory-event.recorded',
});

const sample = {
  id: 'whk_3b0Yq6cTn7Jm1pXa',
  url: 'https://receiver.example.org/undersigned',
  events: ['signatory-event.recorded'],
  statementId: 'stm_pZ8k1d2mQv7s3xYw',
  status: 'active',
  disabledReason: null,
  disabledAt: null,
  failingSince: null,
  createdAt: '2022-02-15T09:30:00.000Z',
  createdBy: 'admin (UNDERSIGNED_ADMIN_KEY)',
};

export const webhookInput = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .describe(
        'Where deliveries are POSTed. http(s) only; by default not a loopback, private, link-local or unique-local address.',
      ),
    events: z
      .array(webhookEventType)
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length)
      .refine((events) => new Set(events).size === events.length, 'lists an event type twice')
      .describe('The event types to deliver.'),
    statementId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("Only this statement's events; omitted: every statement's."),
  })
  .meta({
    id: 'NewWebhookSubscription',
    examples: [{ url: sample.url, events: sample.events, statementId: sample.statementId }],
  });

export const webhookSubscription = z
  .object({
    id: z.string().describe('Server-made, stable, opaque.'),
    url: z.string().describe('Where deliveries are POSTed.'),
    events: z.array(webhookEventType).describe('The event types delivered.'),
    statementId: z.string().nullable().describe("Only this statement's events; null: every statement's."),
    status: z
      .enum(['active', 'disabled'])
      .describe(
        '`disabled`: nothing is delivered (or queued) until it is set `active` again; `disabledReason` says why.',
      ),
    disabledReason: z
      .string()
      .nullable()
      .describe('Why it is disabled: by an admin, or after failing for 3 days (with the last error).'),
    disabledAt: z.iso.datetime().nullable().describe('When it was disabled.'),
    failingSince: z.iso
      .datetime()
      .nullable()
      .describe('When the current run of failed deliveries began; null after a success.'),
    createdAt: z.iso.datetime().describe('When it was made.'),
    createdBy: z.string().describe('Name of the API key that made it.'),
  })
  .meta({ id: 'WebhookSubscription', examples: [sample] });

export const createdWebhookSubscription = webhookSubscription
  .extend({
    secret: z
      .string()
      .describe(
        'The signing secret (`whsec_` + base64), for verifying `webhook-signature`. Shown once, here: store it now.',
      ),
  })
  .meta({
    id: 'CreatedWebhookSubscription',
    examples: [{ ...sample, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
  });

export const webhookSubscriptionList = z
  .object({ items: z.array(webhookSubscription).describe('Every subscription not deleted, oldest first.') })
  .meta({ id: 'WebhookSubscriptionList' });

export const webhookStatusInput = z
  .strictObject({
    status: z
      .enum(['active', 'disabled'])
      .describe('`disabled` pauses deliveries; `active` resumes them (and forgets the failures).'),
  })
  .meta({ id: 'WebhookSubscriptionStatus', examples: [{ status: 'active' }] });

export const webhookDelivery = z
  .object({
    id: z.number().int().describe("The attempt's number in the log."),
    messageId: z.string().describe('The `webhook-id` sent: the same on every attempt of one message.'),
    eventType: webhookEventType,
    attempt: z.number().int().min(1).describe('1 for the first attempt of the message, 2 for its first retry…'),
    attemptedAt: z.iso.datetime().describe('When the attempt began.'),
    durationMs: z.number().int().min(0).describe('How long it took, in milliseconds.'),
    statusCode: z
      .number()
      .int()
      .nullable()
      .describe("The receiver's HTTP status; null when it did not answer (refused, unreachable, timed out)."),
    error: z.string().nullable().describe('Why it failed; null when it was delivered (a 2xx answer).'),
  })
  .meta({
    id: 'WebhookDelivery',
    examples: [
      {
        id: 1,
        messageId: 'msg_17',
        eventType: 'signatory-event.recorded',
        attempt: 1,
        attemptedAt: '2022-02-15T09:31:00.000Z',
        durationMs: 42,
        statusCode: 204,
        error: null,
      },
    ],
  });

export const webhookDeliveryPage = pageSchema(webhookDelivery, 'WebhookDeliveryPage');
export const deliveryListQuery = z.object(paginationQuery);

const statementRevision = revisionSchemas('WebhookStatement', statementState).one;

/** The body of every delivery, as the Standard Webhooks spec recommends: `{type, timestamp, data}`. */
export const webhookMessage = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('signatory-event.recorded').describe('The event type.'),
      timestamp: z.iso.datetime().describe('When the event was recorded.'),
      data: signatoryEvent.describe('The event, as GET /v1/statements/{id}/events/{seq} shows it.'),
    }),
    z.object({
      type: z.enum(['statement.created', 'statement.updated', 'statement.deleted']).describe('The event type.'),
      timestamp: z.iso.datetime().describe('When the revision was recorded.'),
      data: statementRevision
        .extend({ statementId: z.string().describe('The statement.') })
        .describe("The statement's new revision."),
    }),
    z.object({
      type: z.literal('proposal.created').describe('The event type.'),
      timestamp: z.iso.datetime().describe('When the proposal was made.'),
      data: proposal.describe('The proposal, as GET /v1/proposals/{id} shows it when it was made.'),
    }),
  ])
  .meta({ id: 'WebhookMessage', description: 'What a delivery POSTs (JSON), signed per Standard Webhooks.' });
export type WebhookMessage = z.infer<typeof webhookMessage>;
