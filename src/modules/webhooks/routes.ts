import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { ANSWERS_HEAD } from '../../http/contract.js';
import { decodeCursor, setNextLink, toPage } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { invalidField, problemResponses } from '../../http/problem.js';
import { findStatementRow } from '../statements/head.js';
import * as repo from './repository.js';
import { refusedUrl } from '../../lib/safe-target.js';
import {
  createdWebhookSubscription,
  deliveryListQuery,
  webhookDeliveryPage,
  webhookInput,
  webhookStatusInput,
  webhookSubscription,
  webhookSubscriptionList,
} from './schemas.js';

const tags = ['webhooks'];

export const webhookRoutes: FastifyPluginAsyncZod<{
  db: Conn;
  lane: WriteLane;
  allowPrivate: boolean;
  allowHosts: readonly string[];
}> = async (app, options) => {
  subscriptionCollection(app, options);
  oneSubscription(app, options);
};

/** Subscribing, and the list of subscriptions. */
function subscriptionCollection(
  app: RouteApp,
  {
    db,
    lane,
    allowPrivate,
    allowHosts,
  }: { db: Conn; lane: WriteLane; allowPrivate: boolean; allowHosts: readonly string[] },
) {
  app.post('/v1/webhooks', {
    config: { role: 'admin' },
    schema: {
      operationId: 'createWebhookSubscription',
      responseHeaders: { 201: ['location', 'cache-control'] },
      summary: 'Subscribe a URL to events (admin)',
      description:
        'Each matching event is POSTed to `url` as JSON `{type, timestamp, data}`, signed per Standard Webhooks ' +
        '(`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the `secret`, which is in this response only. ' +
        'Failed deliveries are retried for 3 days (5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h); a subscription failing for 3 days is disabled. ' +
        'Refused with 400 naming `url` when it is not http(s), or (unless the server allows it) points at a loopback, private, link-local or unique-local address.',
      tags,
      body: webhookInput,
      response: { 201: createdWebhookSubscription, ...problemResponses(400, 401, 403, 413, 415) },
    },
    handler: async (request, reply) => {
      const { url, statementId } = request.body;
      const refused = refusedUrl(new URL(url), allowPrivate, allowHosts);
      if (refused !== null) throw invalidField('body', 'url', refused);
      if (statementId !== undefined && !findStatementRow(db, statementId))
        throw invalidField('body', 'statementId', `statement ${JSON.stringify(statementId)} does not exist`);
      const created = await lane.write(() => repo.createSubscription(db, request.body, actorOf(request).name));
      return reply
        .code(201)
        .header('location', `/v1/webhooks/${created.id}`)
        .header('cache-control', 'no-store')
        .send(created);
    },
  });

  app.get('/v1/webhooks', {
    config: { role: 'admin' },
    schema: {
      operationId: 'listWebhookSubscriptions',
      summary: 'List webhook subscriptions, without their secrets (admin)',
      tags,
      response: { 200: webhookSubscriptionList, ...problemResponses(401, 403) },
    },
    handler: async () => ({ items: repo.listSubscriptions(db) }),
  });
}

/** One subscription: read, paused or resumed, deleted, and its delivery log. */
function oneSubscription(
  app: RouteApp,
  { db, lane }: { db: Conn; lane: WriteLane; allowPrivate: boolean; allowHosts: readonly string[] },
) {
  app.get('/v1/webhooks/:id', {
    config: { role: 'admin' },
    schema: {
      operationId: 'getWebhookSubscription',
      summary: 'Get a webhook subscription, without its secret (admin)',
      description:
        '`status` is `disabled` when an admin paused it or it failed for 3 days; `disabledReason` says which.',
      tags,
      params: idParams,
      response: { 200: webhookSubscription, ...problemResponses(401, 403, 404, 410) },
    },
    handler: async (request) => repo.toSubscription(repo.getLiveSubscriptionRow(db, request.params.id)),
  });

  app.put('/v1/webhooks/:id/status', {
    config: { role: 'admin' },
    schema: {
      operationId: 'setWebhookSubscriptionStatus',
      summary: 'Pause or resume a webhook subscription (admin)',
      description:
        '`{"status": "disabled"}` stops deliveries (nothing is queued meanwhile); `{"status": "active"}` resumes them, ' +
        'forgets the run of failures and retries what was still waiting.',
      tags,
      params: idParams,
      body: webhookStatusInput,
      response: { 200: webhookSubscription, ...problemResponses(400, 401, 403, 404, 410, 413, 415) },
    },
    handler: async (request) =>
      lane.write(() => repo.setSubscriptionStatus(db, request.params.id, request.body.status, actorOf(request).name)),
  });

  app.delete('/v1/webhooks/:id', {
    config: { role: 'admin' },
    schema: {
      operationId: 'deleteWebhookSubscription',
      summary: 'Delete a webhook subscription (admin)',
      description: 'Nothing more is delivered; later reads answer 410; its delivery log stays readable.',
      tags,
      params: idParams,
      response: { 204: z.undefined().describe('Deleted'), ...problemResponses(401, 403, 404, 410) },
    },
    handler: async (request, reply) => {
      await lane.write(() => repo.deleteSubscription(db, request.params.id));
      return reply.code(204).send();
    },
  });

  app.get('/v1/webhooks/:id/deliveries', {
    ...ANSWERS_HEAD,
    config: { ...ANSWERS_HEAD.config, role: 'admin' },
    schema: {
      operationId: 'listWebhookDeliveries',
      responseHeaders: { 200: ['link'] },
      summary: "A webhook subscription's delivery log (admin)",
      description: "Every attempt, newest first: when, how long, the receiver's status code, and why it failed.",
      tags,
      params: idParams,
      querystring: deliveryListQuery,
      response: { 200: webhookDeliveryPage, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const { limit, cursor } = request.query;
      const page = toPage(
        repo.listDeliveries(db, request.params.id, limit, decodeCursor(cursor)),
        limit,
        (row) => row.id,
      );
      setNextLink(request, reply, page.nextCursor);
      return page;
    },
  });
}
