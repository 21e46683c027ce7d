// The tables reads use but no hash covers (who holds an identifier, the names an organization is
// found by, search texts and the full-text index, merge state) are recomputed from the hashed
// records by verify: each change below passed every check before, and is now named by table,
// row and column in GET /v1/integrity and by `undersigned verify` (non-zero exit).
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, makeApp, type TestApp } from './support/app.js';
import { checkFile, heldFile, withoutTrigger } from './support/tamper.js';
import { org } from './support/timeline.js';

/** The KPÖ (with a Wikidata id), another party, and a server to ask before the file is touched. */
async function registry() {
  const t = await makeApp();
  const kpoe = await org(t, 'Kommunistische Partei Österreichs', {
    abbreviation: 'KPÖ',
    country: 'AT',
    identifiers: [{ scheme: 'wikidata', value: 'Q42' }],
  });
  const other = await org(t, 'Partei der Arbeit', { abbreviation: 'PdA', country: 'CH' });
  return { t, kpoe, other };
}

const ids = async (t: Pick<TestApp, 'app'>, query: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/organizations?${query}` }))
    .json<{ items: { id: string }[] }>()
    .items.map((o) => o.id);

/** Checks the file both ways: the problems /v1/integrity names, and `undersigned verify`'s output, which must fail. */
async function problemsIn(databasePath: string) {
  const { report, cli, app } = await checkFile(databasePath);
  expect(report.valid).toBe(false);
  expect(cli.code, cli.stdout).toBe(1);
  return { problems: report.derived.problems, stdout: cli.stdout, report, served: { app } };
}

const seqOf = (raw: Database.Database, id: string) =>
  Number(raw.prepare('select seq from organizations where id = ?').pluck().get(id));

describe('derived tables are recomputed from the hashed records', () => {
  it('an identifier moved to another organization', async () => {
    const { t, kpoe, other } = await registry();
    const { raw, databasePath } = await heldFile(t);
    raw
      .prepare("UPDATE organization_identifiers SET organization_id = ? WHERE scheme = 'wikidata' AND value = 'Q42'")
      .run(other);
    raw.close();

    const { problems, stdout, served } = await problemsIn(databasePath);
    expect(await ids(served, 'identifier=wikidata:Q42')).toEqual([other]);
    expect(problems).toEqual([
      {
        table: 'organization_identifiers',
        row: 'wikidata:Q42',
        field: 'organization_id',
        detail: `is ${other}; the heads give it to ${kpoe}`,
      },
    ]);
    expect(stdout).toContain(
      `BROKEN  organization_identifiers wikidata:Q42 organization_id: is ${other}; the heads give it to ${kpoe}\n`,
    );
  });

  it('a name key given to another organization', async () => {
    const { t, kpoe, other } = await registry();
    const { raw, databasePath } = await heldFile(t);
    const key = String(
      raw.prepare("select key from organization_names where organization_id = ? and kind = 'name'").pluck().get(kpoe),
    );
    raw.prepare("INSERT INTO organization_names (key, kind, organization_id) VALUES (?, 'name', ?)").run(key, other);
    raw.close();

    const { problems, stdout, served } = await problemsIn(databasePath);
    expect(await ids(served, `name=${encodeURIComponent('Kommunistische Partei Österreichs')}`)).toEqual([kpoe, other]);
    const detail = `holds name "${key}", which the organization's names do not give`;
    expect(problems).toEqual([{ table: 'organization_names', row: other, field: 'key', detail }]);
    expect(stdout).toContain(`BROKEN  organization_names ${other} key: ${detail}\n`);
  });

  it('a search text edited to hide an organization from search', async () => {
    const { t, kpoe } = await registry();
    const { raw, databasePath } = await heldFile(t);
    raw.prepare("UPDATE organizations SET search_text = 'zzz' WHERE id = ?").run(kpoe);
    raw.close();

    const { problems, stdout, report, served } = await problemsIn(databasePath);
    expect(await ids(served, 'q=kommunistische')).toEqual([]);
    // The index follows the column (its trigger is intact), so only the column differs from what the names give.
    expect(problems).toEqual([
      {
        table: 'organizations',
        row: kpoe,
        field: 'search_text',
        detail: expect.stringMatching(
          /^is "zzz"; its names and texts give "kpo \\u0001 kommunistische partei osterreichs /,
        ),
      },
    ]);
    expect(report.histories.broken).toEqual([]);
    expect(stdout).toMatch(new RegExp(`BROKEN  organizations ${kpoe} search_text: is "zzz"; `));
  });

  it("a row removed from the full-text index, and another one's words changed", async () => {
    const { t, kpoe, other } = await registry();
    expect(await ids(t, 'q=kommunistische')).toEqual([kpoe]);
    const { raw, databasePath } = await heldFile(t);
    const text = (id: string) =>
      String(raw.prepare('select search_text from organizations where id = ?').pluck().get(id));
    const index = raw.prepare(
      "INSERT INTO organizations_fts (organizations_fts, rowid, search_text) VALUES ('delete', ?, ?)",
    );
    index.run(seqOf(raw, kpoe), text(kpoe));
    index.run(seqOf(raw, other), text(other));
    raw.prepare('INSERT INTO organizations_fts (rowid, search_text) VALUES (?, ?)').run(seqOf(raw, other), 'zzz');
    raw.close();

    const { problems, stdout, served } = await problemsIn(databasePath);
    expect(await ids(served, 'q=kommunistische')).toEqual([]);
    expect(problems).toEqual([
      {
        table: 'organizations_fts',
        row: kpoe,
        field: 'search_text',
        detail: expect.stringMatching(/^the index lacks "kommunistische", .*, unlike its search_text$/),
      },
      {
        table: 'organizations_fts',
        row: other,
        field: 'search_text',
        detail: expect.stringMatching(/^the index lacks .* and holds "zzz", unlike its search_text$/),
      },
    ]);
    expect(stdout).toContain(`BROKEN  organizations_fts ${kpoe} search_text: the index lacks "kommunistische"`);
  });

  it('a merge record deleted, its guard lifted and put back, while the organization still says merged', async () => {
    const { t, kpoe } = await registry();
    const duplicate = await org(t, 'Kommunistische Partei Oesterreichs', { country: 'AT' });
    const merged = await t.admin({
      method: 'POST',
      url: `/v1/organizations/${duplicate}/merge`,
      payload: { into: kpoe, reason: 'the same party' },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const { raw, databasePath } = await heldFile(t);
    withoutTrigger(raw, 'organization_merges_no_delete', 'DELETE FROM organization_merges WHERE seq = 1');
    raw.close();

    const { problems, stdout, report, served } = await problemsIn(databasePath);
    // Answered 308 for ever, and never to be undone: no record holds it merged.
    expect((await served.app.inject({ method: 'GET', url: `/v1/organizations/${duplicate}` })).statusCode).toBe(308);
    const unmerge = await served.app.inject({
      method: 'POST',
      url: `/v1/organizations/${duplicate}/unmerge`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: { reason: 'undo' },
    });
    expect(unmerge.statusCode).toBe(409);
    expect(report).toMatchObject({ missingGuards: [], changedGuards: [], histories: { broken: [] } });
    expect(problems).toEqual([
      { table: 'organizations', row: kpoe, field: 'merged_ids', detail: `is [${duplicate}]; the merge records say []` },
      {
        table: 'organizations',
        row: duplicate,
        field: 'merged_into',
        detail: `is ${kpoe}; the merge records say it is merged into none`,
      },
    ]);
    expect(stdout).toContain(
      `BROKEN  organizations ${duplicate} merged_into: is ${kpoe}; the merge records say it is merged into none\n`,
    );
  });
});
