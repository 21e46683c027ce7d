import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { GERMAN_NAMES, GERMAN_TITLE, germanSample } from './support/german-sample.js';
import { importText, sample, type ImportResult } from './support/imports.js';
import { LANGS } from './support/published-list.js';

/** The import result with the language fields this file checks. */
type LanguageImport = ImportResult & {
  statement: { language: string | null };
  language: string;
  version: 'added' | 'updated' | 'unchanged' | null;
  suggestion: { statementId: string; overlap: number; reason: string } | null;
  namesLearned: { organizationId: string; lang: string; name: string }[];
  entries: (ImportResult['entries'][number] & { translation: { lang: string; name: string } | null })[];
};

interface Statement {
  title: string;
  body: string;
  language: string | null;
  languages: string[];
  versions: { language: string; title: string; body: string }[];
}

async function importSample(t: TestApp) {
  const res = await importText(t, sample);
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json<LanguageImport>();
  return { statementId: body.statement.id ?? '', ids: body.entries.map((e) => e.match.organizationId) };
}

const organizationCount = async (t: TestApp) =>
  (await t.app.inject({ method: 'GET', url: '/v1/organizations?limit=100' })).json<{ items: unknown[] }>().items.length;

describe('language versions of one statement', () => {
  it('the German version of the sample, imported into its statement, matches the same 31 organizations and creates none', async () => {
    const t = await makeApp();
    const { statementId, ids } = await importSample(t);
    const res = await importText(t, germanSample(), `?statementId=${statementId}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<LanguageImport>();
    expect(body).toMatchObject({
      outcome: 'unchanged',
      language: 'de',
      version: 'added',
      event: null,
      withdrawn: [],
      statement: { id: statementId, language: 'en' },
    });
    expect(body.entries.map((e) => e.match.organizationId)).toEqual(ids);
    expect(body.entries.every((e) => e.action === 'keep')).toBe(true);
    expect(body.entries[15]).toMatchObject({
      abbreviation: 'UC',
      translation: { lang: 'de', name: 'Kommunistische Einheit' },
      country: 'FR',
    });
    expect(await organizationCount(t)).toBe(31);
    // Each organization learns its German name, which search then finds.
    expect(body.namesLearned).toHaveLength(Object.keys(GERMAN_NAMES).length);
    const uc = (await t.app.inject({ method: 'GET', url: `/v1/organizations/${ids[15] ?? ''}` })).json<{
      nameEn: string;
      names: unknown[];
    }>();
    expect(uc).toMatchObject({ nameEn: 'Communist United', names: [{ lang: 'de', name: 'Kommunistische Einheit' }] });
    const found = (await t.app.inject({ method: 'GET', url: '/v1/organizations?q=kommunistische%20einheit' })).json<{
      items: { id: string }[];
    }>().items;
    expect(found.map((o) => o.id)).toEqual([ids[15]]);
    // The same German list again changes nothing.
    const again = (await importText(t, germanSample(), `?statementId=${statementId}`)).json<LanguageImport>();
    expect(again).toMatchObject({ outcome: 'unchanged', version: 'unchanged', namesLearned: [] });
    expect((await t.app.inject({ method: 'GET', url: '/v1/integrity' })).json<{ valid: boolean }>().valid).toBe(true);
  });

  it('reads pick the version by lang or Accept-Language, say which, and list the languages there are', async () => {
    const t = await makeApp();
    const { statementId } = await importSample(t);
    await importText(t, germanSample(), `?statementId=${statementId}`);
    const url = `/v1/statements/${statementId}`;
    const original = await t.app.inject({ method: 'GET', url });
    expect(original.json<Statement>()).toMatchObject({
      title: 'Solidarity with the workers and popular masses in Kazakhstan!',
      language: 'en',
      languages: ['en', 'de'],
    });
    expect(original.headers['content-language']).toBe('en');
    const german = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'de-CH, en;q=0.5' } });
    expect(german.json<Statement>()).toMatchObject({ title: GERMAN_TITLE, language: 'en', languages: ['en', 'de'] });
    expect(german.headers['content-language']).toBe('de');
    expect(german.headers.etag).not.toBe(original.headers.etag);
    expect(
      (
        await t.app.inject({ method: 'GET', url: `${url}?lang=de`, headers: { 'accept-language': 'en' } })
      ).json<Statement>().title,
    ).toBe(GERMAN_TITLE);
    expect((await t.app.inject({ method: 'GET', url: `${url}?lang=fr` })).json<Statement>().title).toBe(
      original.json<Statement>().title,
    );
    const listed = (await t.app.inject({ method: 'GET', url: '/v1/statements?lang=de' })).json<{ items: Statement[] }>()
      .items;
    expect(listed.map((s) => s.title)).toEqual([GERMAN_TITLE]);
    // The German words are searched too; an ETag read in German still guards a write.
    const searched = (await t.app.inject({ method: 'GET', url: '/v1/statements?q=volksmassen' })).json<{
      items: unknown[];
    }>().items;
    expect(searched).toHaveLength(1);
    const patched = await t.as('editor', {
      method: 'PATCH',
      url,
      headers: { 'if-match': String(german.headers.etag) },
      payload: { sourceUrl: 'https://example.org/de' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
  });

  it("versions are set by PATCH too: one per language, none in the statement's own", async () => {
    const t = await makeApp();
    const created = await t.as('editor', {
      method: 'POST',
      url: '/v1/statements',
      payload: { title: 'Peace', issuer: 'ICOR', language: 'en', versions: [{ language: 'fr', title: 'Paix' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<Statement>()).toMatchObject({
      languages: ['en', 'fr'],
      versions: [{ language: 'fr', title: 'Paix', body: '' }],
    });
    const url = `/v1/statements/${created.json<{ id: string }>().id}`;
    const own = await t.as('editor', {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"r1"' },
      payload: { versions: [{ language: 'en-GB', title: 'Peace!' }] },
    });
    expectProblem(own, 400);
    expect(own.json<{ type: string; errors: { field: string }[] }>()).toMatchObject({
      type: 'urn:undersigned:problem:invalid-versions',
      errors: [{ field: 'versions.0.language' }],
    });
    const twice = await t.as('editor', {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"r1"' },
      payload: {
        versions: [
          { language: 'de', title: 'Frieden' },
          { language: 'de-AT', title: 'Friede' },
        ],
      },
    });
    expectProblem(twice, 400);
    const patched = await t.as('editor', {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"r1"' },
      payload: { versions: [{ language: 'de', title: 'Frieden', body: 'Text' }] },
    });
    expect(patched.json<Statement>()).toMatchObject({
      languages: ['en', 'de'],
      versions: [{ language: 'de', title: 'Frieden', body: 'Text' }],
    });
    const revisions = (await t.app.inject({ method: 'GET', url: `${url}/revisions` })).json<{
      items: { state: Statement }[];
    }>().items;
    expect(revisions.map((r) => r.state.versions.map((v) => v.language))).toEqual([['de'], ['fr']]);
  });

  it('a German list with a title no statement has is only proposed as a version: the reason is in the dry run', async () => {
    const t = await makeApp();
    const { statementId } = await importSample(t);
    const res = await importText(t, germanSample(), '?dryRun=true');
    const body = res.json<LanguageImport>();
    expect(body).toMatchObject({ outcome: 'created', version: null, suggestion: { statementId, overlap: 31 } });
    expect(body.suggestion?.reason).toContain('31 of this list');
    expect(body.warnings.some((w) => w.message.includes(`statementId=${statementId}`))).toBe(true);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/statements/${statementId}` })).json<Statement>().languages,
    ).toEqual(['en']);
  });

  it('the German text export of the statement is the German version, and imports back to the same organizations', async () => {
    const t = await makeApp();
    const { statementId, ids } = await importSample(t);
    await importText(t, germanSample(), `?statementId=${statementId}`);
    const text = await t.app.inject({
      method: 'GET',
      url: `/v1/statements/${statementId}/signatories.txt`,
      headers: { 'accept-language': 'de' },
    });
    expect(text.headers['content-language']).toBe('de');
    expect(text.body).toContain(`${GERMAN_TITLE}\n`);
    expect(text.body).toContain('Unterzeichner (Stand: 21. Januar 2022, weitere Unterzeichner möglich):');
    expect(text.body).toContain('16. UC Unité Communiste (Kommunistische Einheit), Frankreich');
    // Found by its German title, without statementId.
    const back = (await importText(t, text.body)).json<LanguageImport>();
    expect(back).toMatchObject({
      outcome: 'unchanged',
      statement: { id: statementId },
      suggestion: null,
      namesLearned: [],
    });
    expect(back.entries.map((e) => e.match.organizationId)).toEqual(ids);
  });

  it.each(LANGS)(
    'round trip in %s: the text export in that language imports back to the same organizations',
    async (lang) => {
      const t = await makeApp();
      const { statementId, ids } = await importSample(t);
      const text = await t.app.inject({
        method: 'GET',
        url: `/v1/statements/${statementId}/signatories.txt`,
        headers: { 'accept-language': `${lang};q=0.9, *;q=0.1` },
      });
      expect(text.statusCode).toBe(200);
      expect(text.headers['content-language']).toBe(lang);
      const back = await importText(t, text.body, `?statementId=${statementId}`);
      expect(back.statusCode, back.body).toBe(200);
      const body = back.json<LanguageImport>();
      expect(body).toMatchObject({ outcome: 'unchanged', language: lang, version: 'unchanged', event: null });
      expect(body.entries.map((e) => e.match.organizationId)).toEqual(ids);
      expect(await organizationCount(t)).toBe(31);
    },
  );
});
