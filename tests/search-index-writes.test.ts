// New organizations enter the search index in the transaction that creates them, one statement
// per chunk (src/db/fts.ts, migrations/0025), however they are created: one by one, inline in an
// event, or by the thousand in an import on the worker.
import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './support/app.js';
import { importText, type ImportResult } from './support/imports.js';

const found = async (t: TestApp, q: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/v1/organizations?q=${encodeURIComponent(q)}&limit=200` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { name: string }[] }>().items.map((i) => i.name);
};

/** Rows in the organizations' index, and organizations. */
const counts = (t: TestApp) => ({
  indexed: t.app.db.$client.prepare('SELECT count(*) FROM organizations_fts_docsize').pluck().get(),
  organizations: t.app.db.$client.prepare('SELECT count(*) FROM organizations').pluck().get(),
});

describe('the organizations’ search index, as organizations are created', () => {
  it('holds each new organization, found by its words, and the whole-database check agrees', async () => {
    const t = await makeApp();
    const one = await t.as('editor', { method: 'POST', url: '/v1/organizations', payload: { name: 'Quebec Workers' } });
    expect(one.statusCode, one.body).toBe(201);
    const statement = await t.as('editor', {
      method: 'POST',
      url: '/v1/statements',
      payload: { title: 'Index test', kind: 'open-letter', issuer: 'Test' },
    });
    const event = await t.as('editor', {
      method: 'POST',
      url: `/v1/statements/${statement.json<{ id: string }>().id}/events`,
      payload: {
        asOf: '2024-03-01',
        add: [{ organization: { name: 'Zanzibar Dockers' } }, { organization: { name: 'Yukon Miners' } }],
      },
    });
    expect(event.statusCode, event.body).toBe(201);
    // Over 16 KiB: imported on the worker, its 600 organizations in two chunks of the insert.
    const lines = Array.from({ length: 600 }, (_, i) => `${i + 1}. Xylograph Union number ${i + 1}, Germany`);
    const text = `ICOR resolution:\n\nIndexed\n\nSignatories (as of 21 January 2022):\n\n${lines.join('\n')}\n`;
    const imported = await importText(t, text);
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json<ImportResult>()).toMatchObject({ total: 600 });

    expect(await found(t, 'quebec')).toEqual(['Quebec Workers']);
    expect(await found(t, 'zanzibar')).toEqual(['Zanzibar Dockers']);
    expect(await found(t, 'yukon')).toEqual(['Yukon Miners']);
    expect(await found(t, 'xylograph number 537')).toEqual(['Xylograph Union number 537']);
    expect((await found(t, 'xylograph')).length).toBe(200); // a page of the 600
    const { indexed, organizations } = counts(t);
    expect(indexed).toBe(organizations);
    const check = await t.app.inject({ method: 'GET', url: '/v1/integrity' });
    expect(check.json()).toMatchObject({ valid: true });
  });
});
