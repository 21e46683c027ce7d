import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './support/app.js';
import { importText, type ImportResult } from './support/imports.js';
import { appendOk, statement } from './support/timeline.js';

/**
 * The text export reads back through the importer as the same statement and list, whatever the
 * statement's text holds: lines that read as the format's own (a signatories header, numbered
 * entries) are escaped on the way out and read back as written, and any date the API takes is
 * written so that it reads back.
 */
const exportText = async (t: TestApp, id: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories.txt` });
  expect(res.statusCode).toBe(200);
  return res.body;
};

const BODY =
  'We call on everyone.\n\nSignatories (as of 1 March 2022, further signatories possible):\n1. FAKE Fake Party, France\n2) Another line\n\\3. escaped by its author';

describe('the text export imports back', () => {
  it('with a body holding a signatories header and numbered lines, and a title that reads as an entry', async () => {
    const t = await makeApp();
    const id = await statement(t, { title: '1. Against the war', body: BODY });
    await appendOk(t, id, {
      asOf: '2022-01-21',
      add: [{ organization: { name: 'Alpha Party', abbreviation: 'AP', country: 'DE' } }],
    });
    const text = await exportText(t, id);
    const back = await importText(t, text, '?dryRun=true');
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json<ImportResult>()).toMatchObject({
      outcome: 'unchanged',
      statement: { id },
      total: 1,
      warnings: [],
    });
    expect(text).toContain('\n\\Signatories (as of 1 March 2022, further signatories possible):\n\\1. FAKE');

    // Into an empty database: the same title, body and one entry.
    const fresh = await makeApp();
    const created = await importText(fresh, text);
    expect(created.statusCode, created.body).toBe(201);
    const copy = await fresh.app.inject({
      method: 'GET',
      url: `/v1/statements/${created.json<ImportResult>().statement.id ?? ''}`,
    });
    expect(copy.json()).toMatchObject({ title: '1. Against the war', body: BODY });
  });

  it('with a list dated 0000-01-01, as of that date', async () => {
    const t = await makeApp();
    const id = await statement(t);
    await appendOk(t, id, {
      asOf: '0000-01-01',
      add: [{ organization: { name: 'Alpha Party', abbreviation: 'AP', country: 'DE' } }],
    });
    const text = await exportText(t, id);
    const back = await importText(t, text, '?dryRun=true');
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json<ImportResult>()).toMatchObject({
      outcome: 'unchanged',
      asOf: '0000-01-01',
      statement: { id },
      warnings: [],
    });
    expect(text).toContain('\nSignatories (as of 0000-01-01, further signatories possible):\n');
  });
});
