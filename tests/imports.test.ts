import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { edition, importText, sample, sampleEntries, type ImportResult } from './support/imports.js';
import { added } from './support/timeline.js';

describe('importing published lists', () => {
  it('a dry run parses and matches the sample and writes nothing', async () => {
    const t = await makeApp();
    const res = await importText(t, sample, '?dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ImportResult>();
    expect(body).toMatchObject({
      dryRun: true,
      outcome: 'created',
      asOf: '2022-01-21',
      event: null,
      statement: { id: null, issuer: 'ICOR', openForSignatures: true },
    });
    expect(body.entries).toHaveLength(31);
    expect(body.entries.every((e) => e.match.reason === 'new' && e.action === 'add')).toBe(true);
    expect(body.entries[12]).toMatchObject({
      number: 13,
      abbreviation: 'БКП',
      printedAs: '13. БКП Българска Комунистическа Партия (Bulgarian Communist Party)',
    });
    const statements = await t.app.inject({ method: 'GET', url: '/v1/statements' });
    expect(statements.json<{ items: unknown[] }>().items).toHaveLength(0);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/organizations' })).json<{ items: unknown[] }>().items,
    ).toHaveLength(0);
  });

  it('imports the sample: one statement, 31 organizations, one event, each signature keeping its printed entry', async () => {
    const t = await makeApp();
    const res = await importText(t, sample);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<ImportResult>();
    expect(body.outcome).toBe('created');
    expect(body.event).toMatchObject({ seq: 1, total: 31 });
    expect(res.headers.location).toBe(`/v1/statements/${body.statement.id}/events/1`);
    expect(body.entries.every((e) => e.match.organizationId?.startsWith('org_'))).toBe(true);

    const list = (
      await t.app.inject({ method: 'GET', url: `/v1/statements/${body.statement.id}/signatories?asOf=2022-01-21` })
    ).json<{
      total: number;
      items: {
        position: number;
        printedAs: string;
        organization: { abbreviation: string; name: string; nameEn: string | null; country: string };
      }[];
    }>();
    expect(list.total).toBe(31);
    expect(list.items.map((i) => i.position)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(list.items.map((i) => i.printedAs)).toEqual(sampleEntries.map((l) => l.trim()));
    expect(list.items[14]?.organization).toMatchObject({
      abbreviation: 'MLPD',
      name: 'Marxistisch-Leninistische Partei Deutschlands',
      nameEn: 'Marxist-Leninist Party of Germany',
      country: 'DE',
    });
    const stm = (await t.app.inject({ method: 'GET', url: `/v1/statements/${body.statement.id}` })).json();
    expect(stm).toMatchObject({
      issuer: 'ICOR',
      kind: 'resolution',
      title: 'Solidarity with the workers and popular masses in Kazakhstan!',
      openForSignatures: true,
      signatoryCount: 31,
    });
  });

  it('the same list again writes nothing and says so', async () => {
    const t = await makeApp();
    await importText(t, sample);
    const again = await importText(t, sample);
    expect(again.statusCode).toBe(200);
    const body = again.json<ImportResult>();
    expect(body.outcome).toBe('unchanged');
    expect(body.event).toBeNull();
    expect(body.entries.every((e) => e.action === 'keep' && e.match.reason === 'abbreviation-and-name')).toBe(true);
    const events = (await t.app.inject({ method: 'GET', url: `/v1/statements/${body.statement.id}/events` })).json<{
      items: unknown[];
    }>();
    expect(events.items).toHaveLength(1);
  });

  it('an updated list appends the difference: late signatories added, missing ones withdrawn, with its date', async () => {
    const t = await makeApp();
    const first = (await importText(t, sample)).json<ImportResult>();
    const updated = edition('4 February 2022', [
      ...sampleEntries.filter((l) => !l.startsWith('20. ')),
      '32. KPÖ Kommunistische Partei Österreichs (Communist Party of Austria)',
    ]);
    const res = await importText(t, updated);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<ImportResult>();
    expect(body.outcome).toBe('appended');
    expect(body.statement.id).toBe(first.statement.id);
    expect(body.asOf).toBe('2022-02-04');
    expect(body.event).toMatchObject({ seq: 2, total: 31 });
    expect(added(body.event ?? { items: [] })).toEqual([expect.objectContaining({ position: 32, printedNumber: 32 })]);
    expect(body.withdrawn.map((w) => w.name)).toEqual(['Rode Morgen']);
    const diff = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/statements/${body.statement.id}/signatories/diff?from=2022-01-21&to=2022-02-04`,
      })
    ).json<{
      added: { organization: { name: string; country: string } }[];
      withdrawn: { organization: { name: string } }[];
    }>();
    expect(diff.added.map((s) => [s.organization.name, s.organization.country])).toEqual([
      ['Kommunistische Partei Österreichs', 'AT'],
    ]);
    expect(diff.withdrawn.map((s) => s.organization.name)).toEqual(['Rode Morgen']);
    // Its own export numbers entries 1, 2, 3… as a published list would, so it reads back cleanly.
    const exported = await t.app.inject({ method: 'GET', url: `/v1/statements/${body.statement.id}/signatories.txt` });
    expect(exported.body).toContain('\n31. KPÖ Kommunistische Partei Österreichs');
    const back = (await importText(t, exported.body, '?dryRun=true')).json<ImportResult>();
    expect(back).toMatchObject({ outcome: 'unchanged', warnings: [] });
    // An older edition found later is a backfill: as of 1 February the list was the January one, so nothing changes.
    const older = (await importText(t, edition('1 February 2022', sampleEntries))).json<ImportResult>();
    expect(older).toMatchObject({ outcome: 'unchanged', backfill: true, total: 31, event: null });
  });

  it("links a second document's shared organizations to the same ids, saying why", async () => {
    const t = await makeApp();
    const first = (await importText(t, sample)).json<ImportResult>();
    const idOf = (n: number) => first.entries.find((e) => e.number === n)?.match.organizationId;
    const second = [
      'ICOR declaration:',
      '',
      'For peace and against imperialist war',
      '',
      'Text of the declaration.',
      '',
      'Signatories (as of 01.05.2022):',
      '',
      '1. MLPD Marxistisch–Leninistische  Partei Deutschlands (Marxist-Leninist Party of Germany)',
      '2. Rode Morgen (Red Dawn), Netherlands',
      '3. Union Communiste (Communist United), France',
      '4. RM2 Rood Verbond (Red Union), Netherlands',
    ].join('\n');
    const res = await importText(t, second);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<ImportResult>();
    expect(body.statement.id).not.toBe(first.statement.id);
    expect(body.entries.map((e) => [e.match.organizationId, e.match.reason])).toEqual([
      [idOf(15), 'abbreviation-and-name'],
      [idOf(20), 'name'],
      [idOf(16), 'english-name'],
      [expect.stringMatching(/^org_/), 'new'],
    ]);
    expect(body.entries[3]?.match.organizationId).not.toBe(idOf(20));
    expect(body.entries[0]?.match.detail).toContain(idOf(15));
    // Who signed what now spans both statements.
    const mlpd = (await t.app.inject({ method: 'GET', url: `/v1/organizations/${idOf(15)}/signatures` })).json<{
      items: { statement: { id: string } }[];
    }>();
    expect(mlpd.items.map((i) => i.statement.id)).toEqual([first.statement.id, body.statement.id]);
  });

  it('accepts JSON {text}, and refuses what it cannot read with a clear problem', async () => {
    const t = await makeApp();
    const json = await t.as('editor', { method: 'POST', url: '/v1/imports?dryRun=true', payload: { text: sample } });
    expect(json.statusCode).toBe(200);
    const noHeader = expectProblem(await importText(t, 'ICOR resolution:\n\nTitle\n\nJust text, no list.\n'), 400);
    expect(noHeader.type).toBe('urn:undersigned:problem:unparseable-document');
    // It shows the lines it looked at, numbered, so the header can be found and fixed.
    expect(noHeader.errors?.map((e) => [e.field, e.detail])).toEqual([
      ['', expect.stringContaining('no signatories header found')],
      ['line 1', 'reads "ICOR resolution:"'],
      ['line 3', 'reads "Title"'],
      ['line 5', 'reads "Just text, no list."'],
    ]);
    const noDate = expectProblem(
      await importText(
        t,
        'ICOR resolution:\n\nTitle\n\nSignatories:\n\n1. MLPD Marxistisch-Leninistische Partei Deutschlands\n',
      ),
      400,
    );
    expect(noDate.type).toBe('urn:undersigned:problem:missing-as-of');
    const dated = await importText(
      t,
      'ICOR resolution:\n\nTitle\n\nSignatories:\n\n1. MLPD Marxistisch-Leninistische Partei Deutschlands\n',
      '?asOf=2022-05-01',
    );
    expect(dated.statusCode, dated.body).toBe(201);
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v1/imports',
        headers: { 'content-type': 'text/plain' },
        payload: sample,
      }),
      401,
    );
    expectProblem(await t.as('editor', { method: 'POST', url: '/v1/imports', payload: { text: 5 } }), 400);
  });
});

describe('exporting a list', () => {
  it('as CSV: a header row and one UTF-8 row per signatory', async () => {
    const t = await makeApp();
    const { statement } = (await importText(t, sample)).json<ImportResult>();
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/statements/${statement.id}/signatories.csv?asOf=2022-01-21`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe('position,signatureId,organizationId,abbreviation,name,nameEn,country,addedAsOf,printedAs');
    expect(lines).toHaveLength(32);
    expect(lines[13]).toMatch(
      /^13,sig_[^,]+,org_[^,]+,БКП,Българска Комунистическа Партия,Bulgarian Communist Party,BG,2022-01-21,13\. БКП Българска/,
    );
    // Commas inside a field are quoted, so the row still has nine columns.
    expect(lines[6]).toMatch(
      /,"6\. PPDS Parti Patriotique Démocratique Socialiste \(Patriotic Democratic Socialist Party\), Tunisia"$/,
    );
  });

  it('as text in the published format, which imports back to the same statement, entries and organizations', async () => {
    const t = await makeApp();
    const first = (await importText(t, sample)).json<ImportResult>();
    const res = await t.app.inject({ method: 'GET', url: `/v1/statements/${first.statement.id}/signatories.txt` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain('Signatories (as of 21 January 2022, further signatories possible):');
    expect(res.body).toContain('13. БКП Българска Комунистическа Партия (Bulgarian Communist Party)');

    const back = await importText(t, res.body);
    expect(back.statusCode, back.body).toBe(200);
    const again = back.json<ImportResult>();
    expect(again.outcome).toBe('unchanged');
    expect(again.statement.id).toBe(first.statement.id);
    expect(again.entries.map((e) => [e.number, e.abbreviation, e.name, e.match.organizationId])).toEqual(
      first.entries.map((e) => [e.number, e.abbreviation, e.name, e.match.organizationId]),
    );
    expect(again.entries.every((e) => e.match.reason === 'abbreviation-and-name')).toBe(true);

    // Into an empty database it recreates the statement and every entry exactly.
    const fresh = await makeApp();
    const recreated = (await importText(fresh, res.body)).json<ImportResult>();
    expect(recreated.entries.map((e) => [e.number, e.abbreviation, e.name])).toEqual(
      first.entries.map((e) => [e.number, e.abbreviation, e.name]),
    );
  });

  it('answers 406 to another type than JSON, pointing at the export that has it', async () => {
    const t = await makeApp();
    const { statement } = (await importText(t, sample)).json<ImportResult>();
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/statements/${statement.id}/signatories`,
      headers: { accept: 'text/csv' },
    });
    expect(expectProblem(res, 406).detail).toContain(`/v1/statements/${statement.id}/signatories.csv`);
  });
});
