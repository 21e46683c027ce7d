import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp } from './support/app.js';
import { importText, sample, type ImportResult } from './support/imports.js';
import { fixture, LANGS } from './support/published-list.js';

type Entry = ImportResult['entries'][number] & {
  nameEn: string | null;
  translation: { lang: string; name: string } | null;
};
type LanguageImport = ImportResult & { language: string; statement: { language: string | null }; entries: Entry[] };
interface Organization {
  id: string;
  name: string;
  nameEn: string | null;
  names: { lang: string; name: string }[];
}

describe("organizations' names with their language", () => {
  it('are kept per language beside the English name, searched, and checked', async () => {
    const t = await makeApp();
    const created = await t.as('editor', {
      method: 'POST',
      url: '/v1/organizations',
      payload: {
        abbreviation: 'UC',
        name: 'Unité Communiste',
        nameEn: 'Communist Unity',
        names: [
          { lang: 'de', name: 'Kommunistische Einheit' },
          { lang: 'ru', name: 'Коммунистическое единство' },
        ],
        country: 'FR',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const org = created.json<Organization>();
    expect(org.names).toEqual([
      { lang: 'de', name: 'Kommunistische Einheit' },
      { lang: 'ru', name: 'Коммунистическое единство' },
    ]);
    for (const q of ['kommunistische', 'kommunisticheskoe', 'Коммунистическое']) {
      const found = (await t.app.inject({ method: 'GET', url: `/v1/organizations?q=${encodeURIComponent(q)}` })).json<{
        items: Organization[];
      }>().items;
      expect(
        found.map((o) => o.id),
        q,
      ).toEqual([org.id]);
    }
    expectProblem(
      await t.as('editor', {
        method: 'POST',
        url: '/v1/organizations',
        payload: { name: 'X', names: [{ lang: 'en', name: 'X' }] },
      }),
      400,
    );
    expectProblem(
      await t.as('editor', {
        method: 'POST',
        url: '/v1/organizations',
        payload: {
          name: 'X',
          names: [
            { lang: 'de', name: 'A' },
            { lang: 'de-CH', name: 'B' },
          ],
        },
      }),
      400,
    );
    expectProblem(
      await t.as('editor', {
        method: 'POST',
        url: '/v1/organizations',
        payload: { name: 'X', names: [{ lang: 'no such tag', name: 'A' }] },
      }),
      400,
    );
    const patched = await t.as('editor', {
      method: 'PATCH',
      url: `/v1/organizations/${org.id}`,
      headers: { 'if-match': '"r1"' },
      payload: { names: [] },
    });
    expect(patched.json<Organization>().names).toEqual([]);
    const revisions = (await t.app.inject({ method: 'GET', url: `/v1/organizations/${org.id}/revisions` })).json<{
      items: { state: Organization }[];
    }>().items;
    expect(revisions.map((r) => r.state.names.length)).toEqual([0, 2]);
    expect((await t.app.inject({ method: 'GET', url: '/v1/integrity' })).json<{ valid: boolean }>().valid).toBe(true);
  });

  it('a German list stores its German names as German names, not as English ones, and the statement as German', async () => {
    const t = await makeApp();
    const res = await importText(t, fixture('de'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<LanguageImport>();
    expect(body).toMatchObject({ language: 'de', statement: { language: 'de' } });
    const uc = body.entries.find((e) => e.abbreviation === 'UC');
    expect(uc).toMatchObject({
      nameEn: null,
      translation: { lang: 'de', name: 'Kommunistische Einheit' },
      country: 'FR',
    });
    const org = (
      await t.app.inject({ method: 'GET', url: `/v1/organizations/${uc?.match.organizationId ?? ''}` })
    ).json<Organization>();
    expect(org).toMatchObject({
      name: 'Unité Communiste',
      nameEn: null,
      names: [{ lang: 'de', name: 'Kommunistische Einheit' }],
    });
    // A later list naming it only by its German name finds it.
    const later = fixture('de').replace(
      '3. UC Unité Communiste (Kommunistische Einheit), Frankreich',
      '3. Kommunistische Einheit, Frankreich',
    );
    const again = (await importText(t, later, '?dryRun=true')).json<LanguageImport>();
    expect(again.entries[2]?.match).toMatchObject({ organizationId: org.id, reason: 'translated-name' });
  });

  it('the language parameter overrides the header: an English-headed list of German names', async () => {
    const t = await makeApp();
    const doc =
      'ICOR resolution:\n\nEin Titel\n\nSignatories (as of 2 April 2022):\n\n1. UC Unité Communiste (Kommunistische Einheit), France\n';
    const body = (await importText(t, doc, '?language=de')).json<LanguageImport>();
    expect(body).toMatchObject({ language: 'de', statement: { language: 'de' } });
    expect(body.entries[0]).toMatchObject({
      nameEn: null,
      translation: { lang: 'de', name: 'Kommunistische Einheit' },
    });
    expectProblem(await importText(t, doc, '?language=not%20a%20tag'), 400);
    expectProblem(await importText(t, doc, '?statementId=stm_missing'), 404);
  });

  it("a name in the list's language finds the organization when the printed name differs", async () => {
    const t = await makeApp();
    const created = (
      await t.as('editor', {
        method: 'POST',
        url: '/v1/organizations',
        payload: { name: 'Rode Morgen', names: [{ lang: 'de', name: 'Rote Morgenröte' }], country: 'NL' },
      })
    ).json<Organization>();
    const doc =
      'ICOR-Resolution:\n\nEin Titel\n\nUnterzeichner (Stand: 2. April 2022):\n\n1. RM Roode Morgen (Rote Morgenröte), Niederlande\n';
    const body = (await importText(t, doc, '?dryRun=true')).json<LanguageImport>();
    expect(body.entries[0]?.match).toMatchObject({ organizationId: created.id, reason: 'translated-name' });
  });

  it.each(LANGS)(
    'round trip of a list written in %s: its names kept in that language, exported in it and imported back',
    async (lang) => {
      const t = await makeApp();
      const first = (await importText(t, fixture(lang))).json<LanguageImport>();
      expect(first.statement.language).toBe(lang);
      const ids = first.entries.map((e) => e.match.organizationId);
      const text = await t.app.inject({
        method: 'GET',
        url: `/v1/statements/${first.statement.id ?? ''}/signatories.txt`,
      });
      expect(text.headers['content-language']).toBe(lang);
      // Every name in parentheses in the document's language is printed back.
      for (const e of first.entries) if (e.translation) expect(text.body).toContain(`(${e.translation.name})`);
      const back = (await importText(t, text.body)).json<LanguageImport>();
      expect(back).toMatchObject({ outcome: 'unchanged', language: lang, statement: { id: first.statement.id } });
      expect(back.entries.map((e) => e.match.organizationId)).toEqual(ids);
    },
  );

  it('the sample imported again in English matches what a German import created, by its German names', async () => {
    const t = await makeApp();
    await importText(t, fixture('de'));
    const body = (await importText(t, sample, '?dryRun=true')).json<LanguageImport>();
    expect(body.entries.find((e) => e.abbreviation === 'UC')?.match.reason).toBe('abbreviation-and-name');
  });
});
