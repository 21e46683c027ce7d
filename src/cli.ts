#!/usr/bin/env node
// `undersigned`: admin commands that run on the server, against DATABASE_PATH directly.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, runMigrations, type Db } from './db/client.js';
import { HttpProblem } from './http/problem.js';
import { isoDate, instant } from './lib/dates.js';
import { importDocument } from './modules/imports/repository.js';
import { createKey } from './modules/keys/repository.js';
import { findStatementRow, toStatementState } from './modules/statements/repository.js';
import { signatoriesCsv, signatoriesText } from './modules/timeline/export.js';
import { allStatementIds, getEventRow, signatoriesAt, totalAt, verifyChain, visibleSeq } from './modules/timeline/repository.js';

const out = (line: string) => void process.stdout.write(`${line}\n`);
const err = (line: string) => void process.stderr.write(`${line}\n`);

/** Every command gets the configured, migrated database and closes it when done. */
function withDb<T>(fn: (db: Db) => T): T {
  const db = openDatabase(loadConfig().databasePath);
  try {
    runMigrations(db);
    return fn(db);
  } finally {
    db.$client.close();
  }
}

const actor = () => `cli (${userInfo().username})`;

const date = (value: string) => {
  const parsed = isoDate.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('expected a date written YYYY-MM-DD.');
  return parsed.data;
};
const moment = (value: string) => {
  const parsed = instant.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('expected an RFC 3339 date-time such as 2022-02-01T00:00:00Z.');
  return parsed.data;
};

const program = new Command()
  .name('undersigned')
  .description('Admin tools for an Undersigned database (DATABASE_PATH, default ./data/undersigned.db).')
  .showHelpAfterError();

program
  .command('import')
  .description('import published signatory lists (the format of data/sample/*.txt)')
  .argument('<files...>', 'text files, each one published list')
  .option('--dry-run', 'parse and match only; write nothing')
  .option('--as-of <date>', 'the list date, when a document gives none', date)
  .action((files: string[], opts: { dryRun?: boolean; asOf?: string }) => {
    const texts = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    withDb((db) => {
      for (const { file, text } of texts) {
        // A bar only for people: on a pipe or in CI it would be noise.
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar({ format: ` ${basename(file)} {bar} {value}/{total} entries`, stream: process.stderr }, cliProgress.Presets.shades_classic)
          : null;
        const result = importDocument(
          db,
          text,
          {
            dryRun: opts.dryRun ?? false,
            asOf: opts.asOf,
            source: basename(file),
            onEntry: (n, total) => (n === 1 ? bar?.start(total, n) : bar?.update(n)),
          },
          actor(),
        );
        bar?.stop();
        const count = (action: string) => result.entries.filter((e) => e.action === action).length;
        out(
          `${file}: ${result.dryRun ? 'dry run: ' : ''}${result.outcome} ${result.statement.id ?? '(new statement)'} as of ${result.asOf}: ` +
            `${result.entries.length} entries, ${result.entries.filter((e) => e.match.reason !== 'new').length} matched, ` +
            `${count('add')} to add, ${result.withdrawn.length} to withdraw` +
            (result.event ? `; event ${result.event.seq}, total ${result.event.total}` : ''),
        );
        for (const w of result.warnings) err(`${file}${w.line === null ? '' : `:${w.line}`}: warning: ${w.message}`);
      }
    });
  });

program
  .command('export')
  .description('print a statement\'s signatory list')
  .argument('<statement>', 'statement id (stm_…)')
  .option('--as-of <date>', 'the list as of this date (default: latest)', date)
  .option('--known-at <time>', 'as the database knew it at this moment (default: now)', moment)
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'csv', 'json']).default('text'))
  .action((id: string, opts: { asOf?: string; knownAt?: string; format: 'text' | 'csv' | 'json' }) => {
    withDb((db) => {
      const row = findStatementRow(db, id);
      if (!row) throw new HttpProblem(404, 'not-found', `statement ${id} does not exist`);
      const knownAt = opts.knownAt ?? new Date().toISOString();
      const seq = visibleSeq(db, id, opts.asOf, knownAt);
      const items = signatoriesAt(db, id, seq);
      if (opts.format === 'csv') process.stdout.write(signatoriesCsv(items));
      else if (opts.format === 'json') out(JSON.stringify({ statementId: id, asOf: opts.asOf ?? null, knownAt, snapshotSeq: seq, total: totalAt(db, id, seq), items }, null, 2));
      else process.stdout.write(signatoriesText(toStatementState(row), opts.asOf ?? (seq === null ? null : (getEventRow(db, id, seq)?.asOf ?? null)), items));
    });
  });

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .description('create a key and print its secret (shown once)')
  .argument('<name>', 'who uses it; recorded on every change it makes')
  .addOption(new Option('--role <role>', 'editor writes data; admin also manages keys').choices(['editor', 'admin']).makeOptionMandatory())
  .action((name: string, opts: { role: 'editor' | 'admin' }) => {
    withDb((db) => {
      const key = createKey(db, name, opts.role);
      err(`created ${key.role} key ${key.id} "${key.name}"; the secret below is shown once:`);
      out(key.key);
    });
  });

program
  .command('verify')
  .description('check the database file and recompute every statement\'s hash chain')
  .action(() => {
    const broken = withDb((db) => {
      const check = db.all<{ integrity_check: string }>(sql`pragma integrity_check`).map((r) => r.integrity_check);
      if (check.join() !== 'ok') err(`database: integrity_check: ${check.join('; ')}`);
      let bad = check.join() === 'ok' ? 0 : 1;
      for (const id of allStatementIds(db)) {
        const report = verifyChain(db, id);
        if (report.valid) out(`ok      ${id}: ${report.length} events, head ${report.head ?? '-'}`);
        else {
          bad++;
          out(`BROKEN  ${id}: first bad seq ${report.firstBadSeq}: ${report.detail}`);
        }
      }
      return bad;
    });
    if (broken > 0) {
      err(`undersigned: ${broken} problem(s) found`);
      process.exitCode = 1;
    }
  });

program
  .command('migrate')
  .description('apply the committed migrations (the server also does this at start-up)')
  .action(() => withDb(() => out('migrations applied')));

try {
  program.parse();
} catch (error) {
  // One clear line, no stack trace: these are operator errors, not bugs.
  const message =
    error instanceof HttpProblem
      ? `${error.message}${error.errors?.length ? ` (${error.errors.map((e) => `${e.field}: ${e.detail}`).join('; ')})` : ''}`
      : error instanceof ConfigError || error instanceof Error
        ? error.message.replace(/\n\s*/g, ' ')
        : String(error);
  err(`undersigned: ${message}`);
  process.exitCode = 1;
}
