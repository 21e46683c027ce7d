// An import decides every entry at once (one query for all their names); the decision must be
// the one a single entry gets, for every reason, and a name holds only where the countries agree.
import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './support/app.js';
import { edition, importText, type ImportResult } from './support/imports.js';

async function organization(t: TestApp, payload: Record<string, unknown>): Promise<string> {
  const res = await t.as('editor', { method: 'POST', url: '/v1/organizations', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

describe('an import matches each entry as a single lookup would', () => {
  it('by every reason, strongest first, the holder of a name in the printed country', async () => {
    const t = await makeApp();
    const mlpd = await organization(t, {
      abbreviation: 'MLPD',
      name: 'Marxistisch-Leninistische Partei Deutschlands',
      country: 'DE',
    });
    const kpd = await organization(t, {
      abbreviation: 'KPD',
      name: 'Kommunistische Partei Deutschlands',
      country: 'DE',
    });
    // The same name, later and elsewhere: the entry prints Austria, so it is this one, not the older German one.
    const kpdAt = await organization(t, { name: 'Kommunistische Partei Deutschlands', country: 'AT' });
    const pca = await organization(t, {
      name: 'Partido Comunista de Atlántida',
      nameEn: 'Communist Party of Atlantis',
      country: 'ES',
    });
    const uc = await organization(t, {
      name: 'Unité Communiste',
      names: [{ lang: 'de', name: 'Kommunistische Einheit' }],
      country: 'FR',
    });
    const rm = await organization(t, { abbreviation: 'RM', name: 'Rode Morgen', country: 'NL' });
    const list = edition('1 March 2022', [
      '1. MLPD Marxistisch-Leninistische Partei Deutschlands, Germany',
      '2. Kommunistische Partei Deutschlands, Austria',
      '3. PCdA Partido Comunista (Communist Party of Atlantis), Spain',
      '4. Kommunistische Einheit, France',
      '5. RM Rote Morgen, Netherlands',
      '6. NEU Ganz Neue Organisation, Peru',
    ]);
    const res = await importText(t, list, '?dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    const matches = res.json<ImportResult>().entries.map((e) => [e.match.reason, e.match.organizationId]);
    expect(matches).toEqual([
      ['abbreviation-and-name', mlpd],
      ['name', kpdAt],
      ['english-name', pca],
      ['translated-name', uc],
      ['abbreviation-and-country', rm],
      ['new', null],
    ]);
    expect(matches.map(([, id]) => id)).not.toContain(kpd);
  });
});
