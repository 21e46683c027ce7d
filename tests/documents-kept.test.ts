// Documents as they come in are kept and named: an import keeps the page or PDF it read, byte
// for byte, and its event names it; a watched page in HTML becomes a proposal the same way; a
// bundle carries a PDF, which verify-bundle reads again, offline.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkBundle } from '../src/modules/integrity/bundle-check.js';
import { makeApp } from './support/app.js';
import { documentFixture, sitePage } from './support/documents.js';
import { startPublisher } from './support/publisher.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const importBytes = (t: Awaited<ReturnType<typeof makeApp>>, body: Buffer | string, type: string, query = '') =>
  t.as('editor', { method: 'POST', url: `/v1/imports${query}`, headers: { 'content-type': type }, payload: body });

describe('documents as they come in', () => {
  it('an import keeps the page it read, byte for byte, and its event names it; a dry run keeps nothing', async () => {
    const t = await makeApp();
    const page = sitePage();
    const dry = await importBytes(t, page, 'text/html; charset=utf-8', '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/v1/documents/${sha256(page)}/meta` })).statusCode).toBe(404);
    const res = await importBytes(t, page, 'text/html; charset=utf-8', '?fileName=icor.html');
    expect(res.statusCode, res.body).toBe(201);
    const event = res.json<{ event: { statementId: string; seq: number; document: string } }>().event;
    expect(event.document).toBe(sha256(page));
    const served = await t.app.inject({ method: 'GET', url: `/v1/documents/${event.document}` });
    expect(served.body).toBe(page);
    expect(served.headers['content-type']).toBe('text/html; charset=utf-8');
    const meta = (await t.app.inject({ method: 'GET', url: `/v1/documents/${event.document}/meta` })).json<{
      captures: { fileName: string; recordedBy: string }[];
      events: unknown[];
    }>();
    expect(meta).toMatchObject({
      captures: [{ fileName: 'icor.html', recordedBy: 'editor-key' }],
      events: [{ statementId: event.statementId, seq: 1 }],
    });
  });

  it('a bundle carries the PDF an event was read from; verify-bundle reads it again offline, and a changed byte fails', async () => {
    const t = await makeApp();
    const pdf = documentFixture('sample-narrow.pdf');
    const res = await importBytes(t, pdf, 'application/pdf');
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ statement: { id: string } }>().statement.id;
    const bundle = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/bundle` })).json<{
      keys: unknown[];
      documents: { sha256: string; base64: string }[];
    }>();
    expect(bundle.documents.map((d) => d.sha256)).toEqual([sha256(pdf)]);
    expect(await checkBundle(bundle, { keys: bundle.keys })).toMatchObject({ valid: true, length: 1 });
    const changed = structuredClone(bundle);
    const bytes = Buffer.from(pdf);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 1;
    if (changed.documents[0]) changed.documents[0].base64 = bytes.toString('base64');
    expect(await checkBundle(changed, { keys: bundle.keys })).toMatchObject({
      valid: false,
      detail: expect.stringContaining('its bytes do not have that SHA-256'),
    });
  });

  it('a watched web page that grows by two makes a proposal; accepting it names the page in the event', async () => {
    const t = await makeApp({ config: { outboundAllowPrivate: true } });
    const first = await importBytes(t, sitePage(), 'text/html');
    const id = first.json<{ statement: { id: string } }>().statement.id;
    const publisher = await startPublisher('/2022/kazakhstan');
    const grown = sitePage()
      .replace('as of 21 January 2022', 'as of 1 February 2022')
      .replace(
        '<li>ROL Revolutionary Organization of Labor, USA</li>\n</ol>',
        '<li>ROL Revolutionary Organization of Labor, USA</li>\n<li>KPÖ Kommunistische Partei Österreichs, Austria</li>\n<li>PCE Partido Comunista de Ecuador, Ecuador</li>\n</ol>',
      );
    expect(grown).toContain('PCE Partido');
    publisher.document = { type: 'text/html; charset=utf-8', body: grown };
    const source = (
      await t.as('editor', { method: 'POST', url: `/v1/statements/${id}/sources`, payload: { url: publisher.url } })
    ).json<{ id: string }>().id;
    const check = (await t.as('editor', { method: 'POST', url: `/v1/sources/${source}/check` })).json<{
      outcome: string;
      proposalId: string;
    }>();
    expect(check.outcome).toBe('proposed');
    const proposal = (await t.app.inject({ method: 'GET', url: `/v1/proposals/${check.proposalId}` })).json<{
      attention: string[];
      plan: { entries: { action: string; printedAs: string }[] };
    }>();
    expect(proposal.plan.entries.filter((e) => e.action === 'add').map((e) => e.printedAs)).toEqual([
      '32. KPÖ Kommunistische Partei Österreichs, Austria',
      '33. PCE Partido Comunista de Ecuador, Ecuador',
    ]);
    expect(proposal.attention).toEqual([]);
    const accepted = (await t.as('editor', { method: 'POST', url: `/v1/proposals/${check.proposalId}/accept` })).json<{
      eventSeq: number;
    }>();
    const event = (
      await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/events/${accepted.eventSeq}` })
    ).json<{ document: string; asOf: string }>();
    expect(event).toEqual(expect.objectContaining({ document: sha256(grown), asOf: '2022-02-01' }));
  });
});
