// A bundle carries the documents its events name; verify-bundle reads each again, offline, and
// checks its bytes and that it gives the list its event recorded. The API refuses an event whose
// document says otherwise.
import { describe, expect, it } from 'vitest';
import { checkBundle } from '../src/modules/integrity/bundle-check.js';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { sample, sampleEntries } from './support/imports.js';
import { appendOk, org, statement } from './support/timeline.js';

interface Bundle {
  events: { document: string | null }[];
  documents: { sha256: string; base64: string | null; mediaType: string }[];
  informational: string[];
  keys: unknown[];
}

/** A statement whose first event names the sample as its document, adding two of its entries. */
async function documented(t: TestApp) {
  const kept = await t.as('editor', {
    method: 'POST',
    url: '/v1/documents',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    payload: sample,
  });
  const sha256 = kept.json<{ sha256: string }>().sha256;
  const id = await statement(t);
  const [first, second] = sampleEntries;
  const add = [
    { organizationId: await org(t, 'BKP'), printedAs: first },
    { organizationId: await org(t, 'PCPCI'), printedAs: second },
  ];
  await appendOk(t, id, { asOf: '2022-01-21', add, document: sha256 });
  return { id, sha256 };
}

describe('bundles carry the documents their events name', () => {
  it('verify offline: a byte of the document changed, or a document swapped for another, fails', async () => {
    const t = await makeApp();
    const { id, sha256 } = await documented(t);
    const bundle = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/bundle` })).json<Bundle>();
    expect(bundle.events[0]?.document).toBe(sha256);
    expect(bundle.documents).toEqual([
      {
        sha256,
        mediaType: 'text/plain; charset=utf-8',
        size: Buffer.byteLength(sample),
        base64: Buffer.from(sample).toString('base64'),
      },
    ]);
    const trust = { keys: bundle.keys };
    expect(await checkBundle(bundle, trust)).toMatchObject({ valid: true, informational: ['organizations'] });

    const flipped = structuredClone(bundle);
    const bytes = Buffer.from(sample);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    if (flipped.documents[0]) flipped.documents[0].base64 = bytes.toString('base64');
    expect(await checkBundle(flipped, trust)).toMatchObject({
      valid: false,
      detail: `document ${sha256}: its bytes do not have that SHA-256: they were changed`,
    });

    const swapped = structuredClone(bundle);
    if (swapped.documents[0]) swapped.documents[0] = { ...swapped.documents[0], sha256: 'f'.repeat(64) };
    expect(await checkBundle(swapped, trust)).toMatchObject({
      valid: false,
      detail: `event 1 names document ${sha256}, which the bundle does not carry`,
    });
  });

  it('the API refuses an event its document does not give', async () => {
    const t = await makeApp();
    const { id, sha256 } = await documented(t);
    const later = await t.admin({
      method: 'POST',
      url: `/v1/statements/${id}/events`,
      payload: { asOf: '2022-02-01', add: [{ organizationId: await org(t, 'Gamma') }], document: sha256 },
    });
    expectProblem(later, 400);
    expect(later.json()).toMatchObject({
      type: 'urn:undersigned:problem:document-disagrees',
      errors: [{ field: 'document', detail: 'the document is dated 2022-01-21, the event 2022-02-01' }],
    });
    const unprinted = await t.admin({
      method: 'POST',
      url: `/v1/statements/${id}/events`,
      payload: {
        asOf: '2022-01-21',
        add: [{ organizationId: await org(t, 'Delta'), printedAs: '99. Delta Party, Nowhere' }],
        document: sha256,
      },
    });
    expect(unprinted.json()).toMatchObject({
      errors: [
        { field: 'document', detail: 'the event adds "99. Delta Party, Nowhere", which the document does not print' },
      ],
    });
  });
});
