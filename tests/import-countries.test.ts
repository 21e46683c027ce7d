// What a list prints about countries reaches the import: several countries on one entry.
import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { edition, importText, type ImportResult } from './support/imports.js';

describe('an entry that prints several countries', () => {
  it('lists them all; the organization it becomes takes the first', async () => {
    const t = await makeApp();
    const res = await importText(t, edition('1 March 2022', ['1. IVK Internationale Vereinigung der Kommunisten, Deutschland und Österreich', '2. RM Rode Morgen, Netherlands']));
    expect(res.statusCode, res.body).toBe(201);
    const entries = res.json<ImportResult>().entries;
    expect(entries.map((e) => [e.country, e.countries])).toEqual([
      ['DE', ['DE', 'AT']],
      ['NL', ['NL']],
    ]);
    const org = await t.app.inject({ method: 'GET', url: `/v1/organizations/${entries[0]?.match.organizationId ?? ''}` });
    expect(org.json()).toMatchObject({ name: 'Internationale Vereinigung der Kommunisten', country: 'DE' });
  });
});
