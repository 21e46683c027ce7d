import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { importText, sample, sampleEntries, type ImportResult } from './support/imports.js';

type Result = ImportResult & { declaredCount: number | null; statement: { declaredCount: number | null } };

/** The sample with its signatories header replaced, its body extended, and its entries cut to `entries`. */
function list(header: string, entries = sampleEntries, body = '') {
  const head = sample.slice(0, sample.indexOf('Signatories'));
  return `${head}${body ? `${body}\n\n` : ''}${header}\n\n${entries.join('\n')}\n`;
}

describe('counts printed by a published list', () => {
  it('reads the count wherever lists print it, in every language, and nothing from other numbers', async () => {
    const t = await makeApp();
    const cases: [string, string, number | null][] = [
      ['Signatories (as of 21 January 2022, further signatories possible):', '', null], // the sample: "225 demonstrators", "3,000 arrests" are not counts
      ['Signatories (31, as of 21 January 2022):', '', 31],
      ['Signatories (as of January 21, 2022):', '', null], // the year is no count
      ['Signatories (as of 21 January 2022, 31):', '', 31],
      ['Signatories (as of 21 January 2022, 31 organizations, further signatories possible):', '', 31],
      ['Signatories (1,031 signatories, as of 21 January 2022):', '', 1031],
      ['Unterzeichner (31, Stand: 21. Januar 2022):', '', 31],
      ['Signataires (au 21 janvier 2022, 31 organisations) :', '', 31],
      ['Signatories (as of 21 January 2022):', 'This resolution has been signed by 31 organisations so far.', 31],
      ['Signatories (as of 21 January 2022):', '31 parties attended the conference.', null], // not about signing
      ['Подписавшие (по состоянию на 21 января 2022 г.):', 'Резолюцию подписали 31 организация.', 31],
    ];
    for (const [header, body, expected] of cases) {
      const res = await importText(t, list(header, sampleEntries, body), '?dryRun=true');
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json<Result>();
      expect([header, result.declaredCount]).toEqual([header, expected]);
      // The count is not mistaken for a date, and the date still reads.
      expect(result.asOf).toBe('2022-01-21');
      expect(result.warnings.filter((w) => /date|also prints/.test(w.message))).toEqual([]);
    }
    // A header with the count alone (the date given as a parameter).
    const alone = (await importText(t, list('Unterzeichner (31):'), '?dryRun=true&asOf=2022-01-21')).json<Result>();
    expect(alone.declaredCount).toBe(31);
    expect(alone.warnings).toEqual([]);
    // A line after the list says it too.
    const footer = (
      await importText(
        t,
        `${list('Signatories (as of 21 January 2022):')}\nSigned by 31 organizations.\n`,
        '?dryRun=true',
      )
    ).json<Result>();
    expect(footer.declaredCount).toBe(31);
    expect(footer.warnings).toEqual([]);
  });

  it('warns in the dry run and the result when the count and the entries disagree, and records it on the statement', async () => {
    const t = await makeApp();
    const thirty = sampleEntries.slice(0, 30);
    const text = list('Signatories (as of 21 January 2022, 31 organizations):', thirty);
    const line = text.split('\n').findIndex((l) => l.startsWith('Signatories')) + 1;
    const warning = { line, message: 'the document prints "31 organizations" as its count, but lists 30 entries' };
    const dry = (await importText(t, text, '?dryRun=true')).json<Result>();
    expect(dry).toMatchObject({ declaredCount: 31, statement: { declaredCount: 31 } });
    expect(dry.warnings).toContainEqual(warning);
    const res = await importText(t, text);
    expect(res.statusCode, res.body).toBe(201);
    const done = res.json<Result>();
    expect(done.warnings).toContainEqual(warning);
    const id = done.statement.id ?? '';
    const statement = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}` })).json();
    expect(statement).toMatchObject({
      declaredCount: 31,
      signatoryCount: 30,
      declaredCountMismatch: { declared: 31, total: 30 },
    });
    const signatories = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories` })).json();
    expect(signatories).toMatchObject({
      total: 30,
      declaredCount: 31,
      declaredCountMismatch: { declared: 31, total: 30 },
    });

    // The next edition prints 31 and lists 31: the statement's count is revised, the reads agree.
    const next = (await importText(t, list('Signatories (as of 1 February 2022, 31 organizations):'))).json<Result>();
    expect(next).toMatchObject({ outcome: 'appended', declaredCount: 31, statement: { declaredCount: 31 } });
    expect(next.warnings.filter((w) => w.message.includes('count'))).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/v1/statements/${id}` })).json()).toMatchObject({
      signatoryCount: 31,
      declaredCountMismatch: null,
    });

    // A backfill (an earlier list) printing another count warns about its own entries but leaves the statement's count.
    const backfill = (
      await importText(t, list('Signatories (as of 15 January 2022, 29 organizations):', thirty.slice(0, 29)))
    ).json<Result>();
    expect(backfill).toMatchObject({ backfill: true, declaredCount: 29, statement: { declaredCount: 31 } });
    // A later list that prints no count leaves it too; one that prints another count changes it (a new revision).
    await importText(t, list('Signatories (as of 2 February 2022):'));
    const revised = (await importText(t, list('Signatories (as of 3 February 2022, 32):'))).json<Result>();
    expect(revised.statement.declaredCount).toBe(32);
    expect(revised.warnings).toContainEqual({
      line: expect.any(Number),
      message: 'the document prints "32" as its count, but lists 31 entries',
    });
    const revisions = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/revisions` })).json<{
      items: { state: { declaredCount?: number | null } }[];
    }>();
    expect(revisions.items.map((r) => r.state.declaredCount)).toEqual([32, 31]);
  });
});
