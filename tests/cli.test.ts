import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reopen } from './support/app.js';
import { root, samplePath as sample, workspace } from './support/cli.js';
import { sitePage } from './support/documents.js';
import { germanSample } from './support/german-sample.js';

describe('the undersigned CLI', () => {
  it('imports (dry run first), exports as text, CSV and JSON, and re-imports its own export unchanged', async () => {
    const { dir, run, runAsync } = workspace();
    const dry = run('import', sample, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run: created (new statement) as of 2022-01-21: 31 entries, 0 matched, 31 to add');

    const real = run('import', sample);
    expect(real.code, real.stderr).toBe(0);
    const id = /created (stm_\S+)/.exec(real.stdout)?.[1] ?? '';
    expect(id).toMatch(/^stm_/);
    expect(real.stdout).toContain('31 on the list; event 1');

    // The exports only read: side by side.
    const [text, csv, json] = await Promise.all([
      runAsync('export', id, '--as-of', '2022-01-21', '--format', 'text'),
      runAsync('export', id, '--format', 'csv'),
      runAsync('export', id, '--format', 'json'),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '15. MLPD Marxistisch-Leninistische Partei Deutschlands (Marxist-Leninist Party of Germany)',
    );
    expect(csv.stdout.trimEnd().split('\n')).toHaveLength(32);
    expect(JSON.parse(json.stdout) as { total: number; knownSeq: number }).toMatchObject({ total: 31, knownSeq: 1 });

    const file = join(dir, 'export.txt');
    writeFileSync(file, text.stdout);
    const back = run('import', file);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain(
      `unchanged ${id} as of 2022-01-21: 31 entries, 31 matched, 0 to add, 0 to withdraw, 31 on the list`,
    );
  });

  it('imports a PDF and a web page (told by their bytes or their names), saying where the text came from', async () => {
    const { dir, run } = workspace();
    const pdf = join(root, 'tests/fixtures/documents/sample-narrow.pdf');
    const page = join(dir, 'statement'); // no extension: its markup says it is a page
    writeFileSync(page, sitePage());
    const dry = run('import', pdf, page, '--dry-run', '--show-text');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      `${pdf}: text read from a PDF of 5 pages ("Solidarity with the workers and popular masses in Kazakhstan!"): `,
    );
    expect(dry.stdout).toContain(
      `${page}: text read from a web page (its main content) ("Solidarity with the workers and popular masses in Kazakhstan!"): `,
    );
    expect(dry.stdout).toContain(
      '\n23. TKP-ML Türkiye Komünist Partisi – Marksist-Leninist (Communist Party of Turkey – Marxist-Leninist)\n',
    );
    expect(dry.stdout.match(/dry run: created \(new statement\) as of 2022-01-21: 31 entries/g)).toHaveLength(2);
    const fake = join(dir, 'list.pdf');
    writeFileSync(fake, 'not a PDF at all');
    const refused = run('import', fake);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'undersigned: The PDF could not be read: it is not a PDF: a PDF starts with "%PDF-". (body: it is not a PDF: a PDF starts with "%PDF-")',
    );
  });

  it("imports another language's version into a statement and exports the list in a language", async () => {
    const { dir, run, runAsync } = workspace();
    const id = /created (stm_\S+)/.exec(run('import', sample).stdout)?.[1] ?? '';
    const german = join(dir, 'de.txt');
    writeFileSync(german, germanSample());
    const added = run('import', german, '--statement', id);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(
      `unchanged ${id} as of 2022-01-21: 31 entries, 31 matched, 0 to add, 0 to withdraw, 31 on the list; de version added; 24 names in de learnt`,
    );
    // These only read, or are refused before they write: side by side.
    const [text, unknownLanguage, badTag] = await Promise.all([
      runAsync('export', id, '--language', 'de'),
      runAsync('export', id, '--language', 'xx'),
      runAsync('import', german, '--language', 'not a tag'),
    ]);
    expect(text.stdout).toContain('16. UC Unité Communiste (Kommunistische Einheit), Frankreich');
    expect(unknownLanguage.code).not.toBe(0);
    expect(badTag.code).not.toBe(0);
    // Six CLI processes: more than the default timeout on a loaded machine.
  }, 90_000);

  it('creates keys that the API accepts, and reports errors as one line with a non-zero exit', async () => {
    const { dir, databasePath, run, runEnvAsync } = workspace();
    const created = run('keys', 'create', 'ops script', '--role', 'editor');
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^us_/);
    const app = await reopen(databasePath);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organizations',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'Via CLI key' },
    });
    expect(res.statusCode).toBe(201);
    await app.close();

    // Each refused before it writes anything: side by side.
    const cases = [
      [['keys', 'create', 'ops script', '--role', 'editor'], 'exists already'],
      [['import', join(dir, 'missing.txt')], 'no such file'],
      [['export', 'stm_missing'], 'does not exist'],
      [['verify'], 'no database at /nowhere/undersigned.db', { DATABASE_PATH: '/nowhere/undersigned.db' }],
    ] as [string[], string, Record<string, string>?][];
    const [badDate, ...failures] = await Promise.all([
      runEnvAsync({}, 'export', 'stm_x', '--as-of', '21.01.2022'),
      ...cases.map(([args, , env]) => runEnvAsync(env ?? {}, ...args)),
    ]);
    cases.forEach(([, message], i) => {
      const failed = failures[i];
      expect(failed?.code).toBe(1);
      expect(failed?.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^undersigned: .*${message}`)),
      ]);
      expect(failed?.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    });
    expect(badDate?.code).not.toBe(0);
  });

  it('verify passes on an intact database and names the first bad seq of a tampered chain', async () => {
    const { databasePath, run } = workspace();
    const id = /created (stm_\S+)/.exec(run('import', sample).stdout)?.[1] ?? '';
    const ok = run('verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^ok +${id}: 1 events, head [0-9a-f]{64}$`, 'm'));

    const raw = new Database(databasePath);
    raw.exec('DROP TRIGGER signatory_events_no_update');
    raw.prepare('UPDATE signatory_events SET total = 30 WHERE statement_id = ? AND seq = 1').run(id);
    raw.close();
    const bad = run('verify');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`BROKEN  ${id}: events at seq 1: the stored hash does not match the event's content`);
  });
});
