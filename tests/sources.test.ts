// A watched source, through HTTP against a local publisher: a grown page becomes one proposal,
// accepting it appends one event naming the document; an unchanged page makes nothing; auto mode
// accepts additions by itself but not a withdrawal; a failing page is recorded on the source only.
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { edition, importText, sampleEntries } from './support/imports.js';
import { startPublisher } from './support/publisher.js';

interface Check {
  outcome: string;
  proposalId: string | null;
  source: {
    id: string;
    lastOutcome: string;
    lastHttpStatus: number | null;
    lastError: string | null;
    lastDocument: string | null;
  };
}
interface Proposal {
  id: string;
  status: string;
  document: string;
  attention: string[];
  eventSeq: number | null;
  plan: { entries: { printedAs: string; action: string }[]; withdrawn: { name: string }[] };
}

const extra = ['32. KPÖ Kommunistische Partei Österreichs, Austria', '33. PCE Partido Comunista de Ecuador, Ecuador'];

/** The sample imported as a statement, and a publisher serving its list. */
async function watched(mode: 'review' | 'auto' = 'review') {
  const t = await makeApp({ config: { outboundAllowPrivate: true } });
  const imported = await importText(t, edition('21 January 2022', sampleEntries));
  const id = imported.json<{ statement: { id: string } }>().statement.id;
  const publisher = await startPublisher();
  publisher.document.body = edition('21 January 2022', sampleEntries);
  const created = await t.as('editor', {
    method: 'POST',
    url: `/v1/statements/${id}/sources`,
    payload: { url: publisher.url, mode, every: 'PT6H' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const source = created.json<{ id: string }>().id;
  const check = async () => {
    const res = await t.as('editor', { method: 'POST', url: `/v1/sources/${source}/check` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Check>();
  };
  return { t, id, source, publisher, check };
}

const proposals = async (t: TestApp, id: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/proposals` })).json<{ items: Proposal[] }>().items;

describe('watched sources', () => {
  it('a page that grows by two makes one proposal naming them; accepting it appends one event naming the document', async () => {
    const { t, id, publisher, check } = await watched();
    expect((await check()).outcome).toBe('unchanged');
    publisher.document.body = edition('1 February 2022', [...sampleEntries, ...extra]);
    const proposed = await check();
    expect(proposed).toMatchObject({ outcome: 'proposed', source: { lastOutcome: 'proposed', lastHttpStatus: 200 } });
    const [proposal] = await proposals(t, id);
    expect(proposal).toMatchObject({ status: 'pending', attention: [], document: proposed.source.lastDocument });
    expect(proposal?.plan.entries.filter((e) => e.action === 'add').map((e) => e.printedAs)).toEqual(extra);

    const accepted = await t.as('editor', { method: 'POST', url: `/v1/proposals/${proposal?.id ?? ''}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<Proposal>()).toMatchObject({ status: 'accepted', eventSeq: 2 });
    const event = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events/2` })).json<{
      asOf: string;
      document: string;
      items: { kind: string }[];
    }>();
    expect(event).toMatchObject({ asOf: '2022-02-01', document: proposal?.document });
    expect(event.items.filter((i) => i.kind === 'add')).toHaveLength(2);
    const bytes = await t.app.inject({ method: 'GET', url: `/v1/documents/${event.document}` });
    expect(bytes.body).toBe(publisher.document.body);
    const meta = (await t.app.inject({ method: 'GET', url: `/v1/documents/${event.document}/meta` })).json<{
      captures: { url: string; httpStatus: number; httpHeaders: Record<string, string> }[];
    }>();
    expect(meta.captures[0]).toMatchObject({
      url: publisher.url,
      httpStatus: 200,
      httpHeaders: expect.objectContaining({ etag: expect.any(String) }),
    });
    // Deciding twice is refused.
    expectProblem(
      await t.as('editor', {
        method: 'POST',
        url: `/v1/proposals/${proposal?.id ?? ''}/reject`,
        payload: { reason: 'too late' },
      }),
      409,
    );
  });

  it('an unchanged page makes nothing: a 304 to the conditional request, and no proposal or event', async () => {
    const { t, id, publisher, check } = await watched();
    await check();
    const again = await check();
    expect(again.outcome).toBe('not-modified');
    expect(publisher.requests.at(-1)?.ifNoneMatch).toMatch(/^"/);
    expect(await proposals(t, id)).toEqual([]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events` })).json<{ items: unknown[] }>().items,
    ).toHaveLength(1);
  });

  it('auto mode appends additions by itself; a withdrawal waits for a person', async () => {
    const { t, id, publisher, check } = await watched('auto');
    publisher.document.body = edition('1 February 2022', [...sampleEntries, ...extra]);
    expect(await check()).toMatchObject({ outcome: 'accepted' });
    expect((await proposals(t, id))[0]).toMatchObject({
      status: 'accepted',
      decidedBy: expect.stringMatching(/^source src_.* \(auto\)$/),
      eventSeq: 2,
    });
    publisher.document.body = edition('1 March 2022', [
      ...sampleEntries.slice(0, 30),
      ...extra.map((e, i) => e.replace(/^\d+/, String(31 + i))),
    ]);
    expect(await check()).toMatchObject({ outcome: 'proposed' });
    const waiting = (await proposals(t, id)).find((p) => p.status === 'pending');
    expect(waiting?.attention).toEqual([expect.stringMatching(/^withdraws 1: /)]);
    const rejected = await t.as('editor', {
      method: 'POST',
      url: `/v1/proposals/${waiting?.id ?? ''}/reject`,
      payload: { reason: 'a misprint on the page' },
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: 'a misprint on the page' });
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events` })).json<{ items: unknown[] }>().items,
    ).toHaveLength(2);
  });

  it('a page that fails, vanishes, is too slow or is not a list is recorded on the source and changes nothing', async () => {
    const { t, id, publisher, check } = await watched();
    publisher.answer = { status: 404 };
    expect((await check()).source).toMatchObject({
      lastOutcome: 'failed',
      lastHttpStatus: 404,
      lastError: 'answered 404',
    });
    publisher.answer = null;
    publisher.document = { type: 'image/png', body: Buffer.from([137, 80, 78, 71]) };
    expect((await check()).source.lastError).toMatch(/^served image\/png, not a document this server reads/);
    publisher.document = { type: 'text/plain', body: 'Nothing to see here.' };
    expect((await check()).source.lastError).toMatch(/^does not read as the statement's list/);
    expect(await proposals(t, id)).toEqual([]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events` })).json<{ items: unknown[] }>().items,
    ).toHaveLength(1);
  });

  it('refuses a private target unless the server allows it, naming the field', async () => {
    const t = await makeApp();
    const imported = await importText(t, edition('21 January 2022', sampleEntries));
    const id = imported.json<{ statement: { id: string } }>().statement.id;
    const res = await t.as('editor', {
      method: 'POST',
      url: `/v1/statements/${id}/sources`,
      payload: { url: 'http://127.0.0.1:9/list' },
    });
    expectProblem(res, 400);
    expect(res.json()).toMatchObject({
      errors: [{ in: 'body', field: 'url', detail: expect.stringContaining('private network') }],
    });
    const bad = await t.as('editor', {
      method: 'POST',
      url: `/v1/statements/${id}/sources`,
      payload: { url: 'https://example.org/list', every: 'PT1S' },
    });
    expect(bad.json()).toMatchObject({ errors: [{ field: 'every' }] });
  });
});
