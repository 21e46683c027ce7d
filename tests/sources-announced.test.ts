// A proposal is announced where a reader follows a list: a signed webhook (`proposal.created`) and
// an entry in the statement's feeds.
import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { edition, importText, sampleEntries } from './support/imports.js';
import { startPublisher } from './support/publisher.js';
import { waitFor, webhookReceiver } from './support/webhook-receiver.js';

describe('proposals are announced', () => {
  it("by a proposal.created webhook and in the statement's feeds", async () => {
    const t = await makeApp({ config: { outboundAllowPrivate: true, webhookPollMs: 20 } });
    const id = (await importText(t, edition('21 January 2022', sampleEntries))).json<{ statement: { id: string } }>()
      .statement.id;
    const receiver = await webhookReceiver();
    const sub = await t.admin({
      method: 'POST',
      url: '/v1/webhooks',
      payload: { url: receiver.url, events: ['proposal.created'], statementId: id },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    receiver.secret = sub.json<{ secret: string }>().secret;
    const publisher = await startPublisher();
    publisher.document.body = edition('1 February 2022', [
      ...sampleEntries,
      '32. KPÖ Kommunistische Partei Österreichs, Austria',
    ]);
    const source = (
      await t.as('editor', { method: 'POST', url: `/v1/statements/${id}/sources`, payload: { url: publisher.url } })
    ).json<{ id: string }>().id;
    const check = (await t.as('editor', { method: 'POST', url: `/v1/sources/${source}/check` })).json<{
      proposalId: string;
    }>();

    await waitFor(() => receiver.requests.length > 0, 'the proposal.created delivery');
    expect(receiver.requests[0]?.verified).toMatchObject({
      type: 'proposal.created',
      data: { id: check.proposalId, statementId: id, sourceId: source, status: 'pending' },
    });

    const feed = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/feed.json` })).json<{
      items: { id: string; title: string; content_html: string }[];
    }>();
    expect(feed.items[0]).toMatchObject({
      id: `urn:undersigned:statement:${id}:proposal:${check.proposalId}`,
      title: 'A change is proposed: 1 to add',
    });
    expect(feed.items[0]?.content_html).toContain('32. KPÖ Kommunistische Partei Österreichs, Austria');
    const atom = await t.app.inject({ method: 'GET', url: '/v1/feed.atom' });
    expect(atom.body).toContain(`:proposal:${check.proposalId}`);
  });
});
