// A list copied out of a PDF: entries wrapped over several lines and a page break inside one.
// The importer stores each whole, says which lines it came from, and refuses a line it cannot place.
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { edition, importText, sampleEntries, type ImportResult } from './support/imports.js';

const wrapped = [
  '1. UPC-Manidem Union des Populations du Cameroun - Manifeste National pour',
  '',
  '2',
  '',
  "   l'Instauration de la Démocratie (Union of Populations of Cameroon - National Manifesto for the Establishment of Democracy), Cameroon",
  '2. MLPD Marxistisch-Leninistische Partei',
  '   Deutschlands (Marxist-Leninist Party of Germany)',
];

describe('importing a list with wrapped entries', () => {
  it('stores each entry whole, with the lines it came from, and says what it dropped', async () => {
    const t = await makeApp();
    const res = await importText(t, edition('21 January 2022', wrapped));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<ImportResult>();
    const start = body.entries[0]?.line ?? 0;
    expect(body.entries.map((e) => [e.number, e.lines, e.abbreviation, e.name, e.country])).toEqual([
      [
        1,
        [start, start + 4],
        'UPC-Manidem',
        "Union des Populations du Cameroun - Manifeste National pour l'Instauration de la Démocratie",
        'CM',
      ],
      [2, [start + 5, start + 6], 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'DE'],
    ]);
    expect(body.warnings).toEqual([{ line: start + 2, message: 'a page number ("2") dropped inside entry 1' }]);
    const list = (await t.app.inject({ method: 'GET', url: `/v1/statements/${body.statement.id}/signatories` })).json<{
      items: { printedAs: string }[];
    }>();
    expect(list.items[1]?.printedAs).toBe(
      '2. MLPD Marxistisch-Leninistische Partei Deutschlands (Marxist-Leninist Party of Germany)',
    );
  });

  it('refuses a line it cannot place, showing it and its entry, and writes nothing', async () => {
    const t = await makeApp();
    const [first, second] = sampleEntries;
    const text = edition('21 January 2022', [first ?? '', 'Africa', second ?? '']);
    for (const query of ['?dryRun=true', '']) {
      const problem = expectProblem(await importText(t, text, query), 400);
      expect(problem.type).toBe('urn:undersigned:problem:unparseable-document');
      const line = text.split('\n').indexOf('Africa') + 1;
      expect(problem.errors).toEqual([
        {
          in: 'body',
          field: `line ${line}`,
          detail: expect.stringContaining('may continue the entry above or stand apart'),
        },
        { in: 'body', field: `line ${line - 1}`, detail: `reads ${JSON.stringify(first)}` },
        { in: 'body', field: `line ${line}`, detail: 'reads "Africa"' },
      ]);
    }
    expect((await t.app.inject({ method: 'GET', url: '/v1/statements' })).json<{ items: unknown[] }>().items).toEqual(
      [],
    );
  });
});
