// Names that only look the same, or hide something: a trailing dot is still the same
// organization; invisible, tag and bidi characters, and a letter of another script that looks
// like one of the abbreviation's own, are refused with the field and the character named, by
// POST /v1/organizations and by the importer alike.
import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, reopen, type TestApp } from './support/app.js';
import { importText } from './support/imports.js';

const mlpd = { abbreviation: 'MLPD', name: 'Marxistisch-Leninistische Partei Deutschlands', country: 'DE' };
const create = (t: TestApp, payload: object) => t.as('editor', { method: 'POST', url: '/v1/organizations', payload });
const list = (...entries: string[]) =>
  ['ICOR resolution:', '', 'A title', '', 'Signatories (as of 21 January 2022):', '', ...entries, ''].join('\n');

async function existing(t: TestApp, payload: object = mlpd) {
  const res = await create(t, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

describe('organization names', () => {
  it('a trailing dot is the same organization: a duplicate, found as such', async () => {
    const t = await makeApp();
    const id = await existing(t);
    for (const [payload, reason] of [
      [{ abbreviation: 'MLPD.', name: 'Another name', country: 'DE' }, 'abbreviation-and-country'],
      [{ name: `${mlpd.name}.`, country: 'DE' }, 'name-and-country'],
    ] as const) {
      expect(expectProblem(await create(t, payload), 409), JSON.stringify(payload)).toMatchObject({
        type: 'urn:undersigned:problem:duplicate-organization',
        existing: id,
        reason,
      });
    }
  });

  it('refuses invisible, tag and bidi characters, naming the field and the character', async () => {
    const t = await makeApp();
    const refused: [object, string, RegExp][] = [
      [{ ...mlpd, abbreviation: 'MLPD\u{E0041}' }, 'abbreviation', /U\+E0041, an invisible tag character/],
      [{ ...mlpd, name: 'Marxistisch\u200B-Leninistische Partei' }, 'name', /U\+200B, an invisible character/],
      [{ ...mlpd, nameEn: 'Party\u00AD' }, 'nameEn', /U\+00AD/],
      [{ ...mlpd, aliases: ['MLPD \u202Eevil'] }, 'aliases.0', /U\+202E, a bidirectional control/],
      [{ ...mlpd, names: [{ lang: 'fr', name: 'Par\uFEFFti' }] }, 'names.0.name', /U\+FEFF/],
    ];
    for (const [payload, field, detail] of refused) {
      const problem = expectProblem(await create(t, payload), 400);
      expect(problem.errors, field).toEqual([{ in: 'body', field, detail: expect.stringMatching(detail) }]);
    }
    // A Persian name keeps the zero-width non-joiner its words are written with.
    expect((await create(t, { name: 'حزب کمونیست\u200Cها', country: 'IR' })).statusCode).toBe(201);
  });

  it('refuses an abbreviation with a letter of another script that looks like one of its own', async () => {
    const t = await makeApp();
    await existing(t);
    const problem = expectProblem(await create(t, { ...mlpd, abbreviation: 'MLРD' }), 400); // Cyrillic Р
    expect(problem.errors).toEqual([
      {
        in: 'body',
        field: 'abbreviation',
        detail: expect.stringMatching(/Р \(U\+0420\) is a Cyrillic letter that looks like the Latin P/),
      },
    ]);
    expect(expectProblem(await create(t, { abbreviation: 'КПPФ', name: 'КПРФ' }), 400).errors?.[0]?.detail).toMatch(
      /P \(U\+0050\) is a Latin letter that looks like the Cyrillic Р/,
    );
    // One script, whichever it is, is fine.
    expect(
      (await create(t, { abbreviation: 'БКП', name: 'Българска Комунистическа Партия', country: 'BG' })).statusCode,
    ).toBe(201);
  });

  it('the importer refuses such entries, naming the line, and writes nothing; a trailing dot matches', async () => {
    const t = await makeApp();
    const id = await existing(t);
    for (const [entry, detail] of [
      [
        '1. MLРD Marxistisch-Leninistische Partei Deutschlands',
        /entry 1: the abbreviation "MLРD" mixes scripts: Р \(U\+0420\)/,
      ],
      [
        '1. KPD Kommunistische\u{E0041} Partei Deutschlands',
        /entry 1: the name .* holds U\+E0041, an invisible tag character/,
      ],
    ] as const) {
      for (const query of ['?dryRun=true', '']) {
        const problem = expectProblem(await importText(t, list(entry), query), 400);
        expect(problem.errors, entry).toEqual([{ in: 'body', field: 'line 7', detail: expect.stringMatching(detail) }]);
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/v1/statements' })).json<{ items: unknown[] }>().items).toEqual(
      [],
    );
    const imported = await importText(t, list('1. MLPD. Marxistisch-Leninistische Partei Deutschlands.'));
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json<{ entries: { match: { organizationId: string } }[] }>().entries[0]?.match.organizationId).toBe(
      id,
    );
  });

  it('a database whose name keys kept trailing dots gets them folded again on start', async () => {
    const t = await makeApp();
    const id = await existing(t, { abbreviation: 'K.P.Ö.', name: 'Kommunistische Partei Österreichs', country: 'AT' });
    // As an older version folded it: the dot kept.
    t.app.db.$client.prepare("update organization_names set key = 'k.p.o.' where kind = 'abbreviation'").run();
    await t.app.close();
    const app = await reopen(t.databasePath);
    const res = await app.inject({ method: 'GET', url: '/v1/organizations?abbreviation=K.P.%C3%96' });
    expect(res.json<{ items: { id: string }[] }>().items.map((o) => o.id)).toEqual([id]);
  });
});
