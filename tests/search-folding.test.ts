// Search finds a name however it is typed: ä/ae alike, across apostrophes and word breaks; and an
// import that prints a known organization another way teaches search that spelling (an alias).
import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './support/app.js';
import { edition, importText, sample, type ImportResult } from './support/imports.js';

const found = async (t: TestApp, resource: 'organizations' | 'statements', q: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/v1/${resource}?q=${encodeURIComponent(q)}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { name?: string; title?: string }[] }>().items.map((i) => i.name ?? i.title);
};

async function organizations(t: TestApp, names: string[]) {
  for (const name of names) {
    const res = await t.as('editor', { method: 'POST', url: '/v1/organizations', payload: { name } });
    expect(res.statusCode, res.body).toBe(201);
  }
}

describe('search folding', () => {
  it('folds ae/oe/ue both ways, and joins words across apostrophes, dashes and spaces', async () => {
    const t = await makeApp();
    const kpoe = 'Kommunistische Partei Österreichs';
    const pcpci = 'Parti Communiste Proletarien de Côte d\u2019Ivoire';
    const mlpd = 'Marxistisch-Leninistische Partei Deutschlands';
    await organizations(t, [kpoe, pcpci, mlpd, 'Gruppe RoteFahne', 'Arbeiterbund Muenchen', 'Quebec Workers']);
    for (const q of ['oesterreichs', 'Österreichs', 'osterreichs', 'OESTERR'])
      expect(await found(t, 'organizations', q), q).toEqual([kpoe]);
    for (const q of ['cote divoire', "côte d'ivoire", 'cotedivoire', 'ivoire', 'Côte d’Iv'])
      expect(await found(t, 'organizations', q), q).toEqual([pcpci]);
    expect(await found(t, 'organizations', 'marxistischleninistische')).toEqual([mlpd]);
    expect(await found(t, 'organizations', 'marxistisch leninistische')).toEqual([mlpd]);
    expect(await found(t, 'organizations', 'rote fahne')).toEqual(['Gruppe RoteFahne']);
    expect(await found(t, 'organizations', 'münchen')).toEqual(['Arbeiterbund Muenchen']);
    expect(await found(t, 'organizations', 'quebec')).toEqual(['Quebec Workers']);
    // Still every word, as a prefix: no match for a word that is not there.
    expect(await found(t, 'organizations', 'oesterreichs deutschlands')).toEqual([]);
  });

  it('applies to statements too', async () => {
    const t = await makeApp();
    const res = await t.as('editor', {
      method: 'POST',
      url: '/v1/statements',
      payload: { title: 'Für den Frieden', issuer: 'ICOR', body: "Gegen den Krieg in der Côte d'Ivoire." },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await found(t, 'statements', 'fuer frieden')).toEqual(['Für den Frieden']);
    expect(await found(t, 'statements', 'cote divoire')).toEqual(['Für den Frieden']);
  });
});

const bkp = '13. BKP Balgarska Komunisticheska Partiya (Bulgarian Communist Party)';
const spelledOtherwise = (asOf: string) => edition(asOf, [bkp, '20. Rode Morgen (Red Dawn), Netherlands']);

describe('aliases from imports', () => {
  it('records a spelling a list prints for a known organization as an alias, in a new revision; a dry run records nothing', async () => {
    const t = await makeApp();
    const first = (await importText(t, sample)).json<ImportResult>();
    const id = first.entries.find((e) => e.number === 13)?.match.organizationId ?? '';
    expect(first.entries.every((e) => e.newAliases.length === 0)).toBe(true);
    expect(await found(t, 'organizations', 'Balgarska')).toEqual([]);

    const dry = await importText(t, spelledOtherwise('1 March 2022'), '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json<ImportResult>().entries.map((e) => [e.match.organizationId, e.match.reason, e.newAliases])).toEqual(
      [
        [id, 'english-name', ['Balgarska Komunisticheska Partiya']],
        [expect.stringMatching(/^org_/), 'name', []],
      ],
    );
    expect(await found(t, 'organizations', 'Balgarska')).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}` })).json()).toMatchObject({
      revision: 1,
      aliases: [],
    });

    const real = await importText(t, spelledOtherwise('1 March 2022'));
    expect(real.statusCode, real.body).toBe(201);
    expect(real.json<ImportResult>().entries[0]?.newAliases).toEqual(['Balgarska Komunisticheska Partiya']);
    expect(await found(t, 'organizations', 'Balgarska')).toEqual(['Българска Комунистическа Партия']);
    expect(await found(t, 'organizations', 'komunisticheska partiya')).toEqual(['Българска Комунистическа Партия']);
    const org = await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}` });
    expect(org.json()).toMatchObject({
      revision: 2,
      name: 'Българска Комунистическа Партия',
      aliases: ['Balgarska Komunisticheska Partiya'],
    });
    const history = (await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}/revisions` })).json<{
      items: { revision: number; action: string; recordedBy: string; state: { aliases: string[] } }[];
    }>();
    expect(history.items.map((r) => [r.revision, r.action, r.recordedBy, r.state.aliases])).toEqual([
      [2, 'update', 'editor-key', ['Balgarska Komunisticheska Partiya']],
      [1, 'create', 'editor-key', []],
    ]);
    // Known now: the same spelling again, or a later list, adds nothing; the alias matches by name.
    const again = await importText(t, spelledOtherwise('2 April 2022'));
    expect(again.json<ImportResult>().entries.map((e) => [e.match.reason, e.newAliases])).toEqual([
      ['name', []],
      ['name', []],
    ]);
    expect((await t.app.inject({ method: 'GET', url: `/v1/organizations/${id}` })).json()).toMatchObject({
      revision: 2,
    });
    expect(await found(t, 'organizations', 'Balgarska')).toEqual(['Българска Комунистическа Партия']);
  });

  it('records a new abbreviation and a name matched by abbreviation and country', async () => {
    const t = await makeApp();
    const first = (await importText(t, sample)).json<ImportResult>();
    const rm = first.entries.find((e) => e.number === 20)?.match.organizationId;
    const res = await importText(
      t,
      edition('1 March 2022', [
        '1. RM Rode Morgen Nederland (Red Morning), Netherlands',
        '2. MLPD-D Marxistisch-Leninistische Partei Deutschlands',
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ImportResult>().entries.map((e) => [e.match.reason, e.newAliases])).toEqual([
      ['abbreviation-and-country', ['Rode Morgen Nederland']],
      ['name', ['MLPD-D']],
    ]);
    expect(res.json<ImportResult>().entries[0]?.match.organizationId).toBe(rm);
    expect(await found(t, 'organizations', 'MLPD-D')).toEqual(['Marxistisch-Leninistische Partei Deutschlands']);
  });
});
