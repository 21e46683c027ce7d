// Undecided entries are decided by whoever imports, never guessed: by line (an organization or a
// new one), or all as new organizations; the CLI takes them as --decide and --ambiguous.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { workspace } from './support/cli.js';
import { edition } from './support/imports.js';

const german = edition('1 February 2022', [
  '1. RKP Revolutionäre Kommunistische Partei X (Revolutionary Communist Party X), Germany',
]);
const list = edition('1 March 2022', [
  '1. PCR Partido Comunista Revolucionario X (Revolutionary Communist Party X), Argentina',
  '2. PCR-U Partido Comunista Revolucionario X del Uruguay (Revolutionary Communist Party X), Uruguay',
]).replace('Solidarity with', 'Solidarity again with');
const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

describe('deciding undecided entries', () => {
  it('is refused until each is decided; --decide takes a line and an organization or "new", --ambiguous new takes them all as new', () => {
    const { dir, run, databasePath } = workspace();
    const write = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const first = run('import', write('german.txt', german));
    expect(first.code, first.stderr).toBe(0);
    const file = write('list.txt', list);
    const [argentina, uruguay] = [lineOf(list, '1. PCR'), lineOf(list, '2. PCR-U')];

    const dry = run('import', file, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('2 entries, 0 matched, 0 to add, 2 undecided');
    expect(dry.stderr).toContain(`list.txt:${argentina}: warning: entry 1 is undecided (1 candidate)`);

    const refused = run('import', file);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      new RegExp(
        `2 entries match no organization for certain.*line ${argentina}: entry 1: names agree only with organizations of other countries than the one printed \\(AR\\)`,
      ),
    );

    const wrongLine = run('import', file, '--decide', '2=new');
    expect(wrongLine.stderr).toContain('decisions.0.line: line 2 is not a line of an entry');
    const halfDecided = run('import', file, '--decide', `${argentina}=new`);
    expect(halfDecided.code).not.toBe(0);
    expect(halfDecided.stderr).toContain(`line ${uruguay}: entry 2`);

    const decided = run('import', file, '--decide', `${argentina}=new`, '--ambiguous', 'new');
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stdout).toContain('2 entries, 0 matched, 2 to add');
    const db = new Database(databasePath, { readonly: true });
    const rows = db
      .prepare(
        "select name, country from organizations where name like 'Partido Comunista Revolucionario X%' order by seq",
      )
      .all();
    db.close();
    expect(rows).toEqual([
      { name: 'Partido Comunista Revolucionario X', country: 'AR' },
      { name: 'Partido Comunista Revolucionario X del Uruguay', country: 'UY' },
    ]);
  });
});
