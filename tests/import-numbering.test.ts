import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { edition, importText, sampleEntries, type ImportResult } from './support/imports.js';

describe('printed numbering', () => {
  it('a list that skips numbers says so, in the dry run and in the result, and still reads every entry', async () => {
    const t = await makeApp();
    const [first, second, third, fourth] = sampleEntries;
    if (!first || !second || !third || !fourth) throw new Error('the sample has fewer than four entries');
    // 1, 2, 4, 7: the third entry skips 3, the fourth 5 and 6.
    const list = edition('2022-01-21', [first, second, third.replace(/^3\./, '4.'), fourth.replace(/^4\./, '7.')]);
    for (const query of ['?dryRun=true', '']) {
      const res = await importText(t, list, query);
      expect(res.statusCode, res.body).toBe(query ? 200 : 201);
      const result = res.json<ImportResult>();
      expect(result.entries.map((e) => e.number)).toEqual([1, 2, 4, 7]);
      expect(result.warnings.map((w) => w.message)).toEqual(
        expect.arrayContaining(['entry number 4, expected 3', 'entry number 7, expected 5']),
      );
    }
    // A repeated number is refused, naming the line: two entries under one number is a damaged list.
    const repeated = await importText(
      t,
      edition('2022-01-23', [first, second, third.replace(/^3\./, '2.')]),
      '?dryRun=true',
    );
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json<{ detail: string }>().detail).toMatch(/entry number 2 does not follow 2/);
    const list2 = edition('2022-01-22', [first, second, third, fourth]);
    const clean = (await importText(t, list2, '?dryRun=true')).json<ImportResult>();
    expect(clean.warnings.filter((w) => w.message.startsWith('entry number'))).toEqual([]);
  });
});
