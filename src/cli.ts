#!/usr/bin/env node
// `undersigned`: admin commands that run on the server, against DATABASE_PATH directly.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { API_VERSION } from './version.js';
import { keyHistoryPath, loadConfig, signingKeySource } from './config.js';
import { extractDocument } from './lib/documents/extract.js';
import { sniffMediaType } from './lib/documents/sniff.js';
import type { Extracted, SourceDocument } from './lib/documents/types.js';
import type { AmbiguousPolicy, Decision } from './modules/imports/decisions.js';
import { importDocument } from './modules/imports/repository.js';
import { buildBundle } from './modules/integrity/bundle.js';
import { loadKeyring } from './modules/signing/key-history.js';
import { createKey, listKeys, revokeKey } from './modules/keys/repository.js';
import { toStatementState } from './modules/statements/head.js';
import { signatoriesCsv, signatoriesText, TEXT_LANGUAGES } from './modules/timeline/export.js';
import { signatoryListAt } from './modules/timeline/read.js';
import { requireStatement } from './modules/timeline/statement.js';
import { integrityCommands } from './cli/integrity.js';
import { backupCommands } from './cli/backup.js';
import { monitorCommands } from './cli/monitor.js';
import { witnessCommands } from './cli/witness.js';
import { actor, date, decision, describeError, err, language, moment, out, withDb, withDbAsync } from './cli/common.js';

const program = new Command()
  .name('undersigned')
  .description('Admin tools for an Undersigned database (DATABASE_PATH, default ./data/undersigned.db).')
  .version(API_VERSION)
  .showHelpAfterError();

program
  .command('import')
  .description(
    'import published signatory lists: text in the format of data/sample/*.txt, or web pages, PDFs and Word documents that hold one',
  )
  .argument(
    '<files...>',
    'files, each one published list: .txt, .html, .pdf or .docx (a PDF or a page is known by its first bytes too)',
  )
  .option('--dry-run', 'check and plan only; write nothing')
  .option('--as-of <date>', 'the list date, when a document gives none', date)
  .option('--language <tag>', "the documents' language, when their header says otherwise", language)
  .option('--statement <id>', "import into this statement, as its version in the document's language")
  .option('--show-text', 'print the text read out of each page, PDF or Word document: the lines that warnings point at')
  .option(
    '--decide <line=organization>',
    'decide an undecided (ambiguous) entry by its line: an organization id (org_…) or "new"; repeatable',
    decision,
    [],
  )
  .addOption(
    new Option(
      '--ambiguous <what>',
      'what undecided entries become: refused (the default), or new organizations',
    ).choices(['refuse', 'new']),
  )
  .action(
    async (
      files: string[],
      opts: {
        dryRun?: boolean;
        asOf?: string;
        language?: string;
        statement?: string;
        showText?: boolean;
        decide: Decision[];
        ambiguous?: AmbiguousPolicy;
      },
    ) => {
      // Every file read first: one that cannot be read stops the command before anything is written.
      const documents: { file: string; document: SourceDocument; extracted: Extracted }[] = [];
      for (const file of files) {
        const bytes = readFileSync(file);
        const document: SourceDocument = { bytes, mediaType: sniffMediaType(bytes, file), fileName: basename(file) };
        documents.push({ file, document, extracted: await extractDocument(document) });
      }
      withDb((db) => {
        for (const { file, document, extracted } of documents) {
          const { text, ...from } = extracted;
          if (from.mediaType !== 'text/plain') out(`${file}: ${describeExtracted(extracted)}`);
          if (from.mediaType !== 'text/plain' && opts.showText) out(text);
          const bar = progressBar(file);
          const onEntry = (n: number, total: number) => (n === 1 ? bar?.start(total, n) : bar?.update(n));
          const options = {
            dryRun: opts.dryRun ?? false,
            asOf: opts.asOf,
            language: opts.language,
            statementId: opts.statement,
            source: basename(file),
            onEntry,
            document,
            decisions: opts.decide,
            ambiguous: opts.ambiguous,
            extracted:
              from.mediaType === 'text/plain'
                ? null
                : { mediaType: from.mediaType, pages: from.pages ?? null, title: from.title ?? null },
          };
          const result = importDocument(db, text, options, actor());
          bar?.stop();
          out(`${file}: ${summarizeImport(result)}`);
          for (const r of result.redundantLater)
            err(`${file}: note: the ${r.kind} of ${r.organizationId} in event ${r.seq} is now redundant`);
          // A page's or a PDF's line numbers are those of the text read out of it (--show-text).
          for (const w of result.warnings) err(`${file}${w.line === null ? '' : `:${w.line}`}: warning: ${w.message}`);
        }
      });
    },
  );

/** One line of what an import did (or would do): its outcome, counts and event. */
function summarizeImport(result: ReturnType<typeof importDocument>): string {
  const count = (action: string) => result.entries.filter((e) => e.action === action).length;
  const matched = result.entries.filter((e) => !['new', 'ambiguous', 'decided'].includes(e.match.reason)).length;
  return (
    `${result.dryRun ? 'dry run: ' : ''}${result.outcome}${result.backfill ? ' (backfill)' : ''} ${result.statement.id ?? '(new statement)'} as of ${result.asOf}: ` +
    `${result.entries.length} entries, ${matched} matched, ` +
    `${count('add')} to add, ${count('undecided') ? `${count('undecided')} undecided, ` : ''}${result.withdrawn.length} to withdraw, ${result.total} on the list` +
    (result.event ? `; event ${result.event.seq}` : '') +
    (result.version && result.version !== 'unchanged' ? `; ${result.language} version ${result.version}` : '') +
    (result.namesLearned.length ? `; ${result.namesLearned.length} names in ${result.language} learnt` : '')
  );
}

/** A progress bar only for people: on a pipe or in CI it would be noise. */
function progressBar(file: string): cliProgress.SingleBar | null {
  return process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: ` ${basename(file)} {bar} {value}/{total} entries`, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
}

/** Where the text came from: "read from a PDF of 5 pages ("Title"): 48 lines of text". */
function describeExtracted(extracted: Extracted): string {
  const kind =
    extracted.mediaType === 'application/pdf'
      ? `a PDF of ${extracted.pages ?? '?'} page${extracted.pages === 1 ? '' : 's'}`
      : extracted.mediaType === 'text/html'
        ? 'a web page (its main content)'
        : 'a Word document';
  return `text read from ${kind}${extracted.title ? ` ("${extracted.title}")` : ''}: ${extracted.text.split('\n').length} lines`;
}

program
  .command('export')
  .description("print a statement's signatory list, or its bundle (a portable proof)")
  .argument('<statement>', 'statement id (stm_…)')
  .option('--as-of <date>', 'the list as of this date (default: latest)', date)
  .option('--known-at <time>', 'as the database knew it at this moment (default: now)', moment)
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'csv', 'json']).default('text'))
  .option('--bundle', 'print the bundle: every event, its hashes and a signed checkpoint (check it with verify-bundle)')
  .addOption(
    new Option('--language <tag>', "the text format's language (default: the statement's own, else English)").choices(
      TEXT_LANGUAGES,
    ),
  )
  .action(
    async (
      id: string,
      opts: { asOf?: string; knownAt?: string; format: 'text' | 'csv' | 'json'; bundle?: boolean; language?: string },
    ) => {
      if (opts.bundle) {
        const config = loadConfig();
        const keyring = await loadKeyring(signingKeySource(config), keyHistoryPath(config));
        await withDbAsync(async (db) => out(JSON.stringify(await buildBundle(db, id, keyring), null, 2)));
        return;
      }
      withDb((db) => {
        const row = requireStatement(db, id);
        const knownAt = opts.knownAt ?? new Date().toISOString();
        const list = signatoryListAt(db, id, { asOf: opts.asOf, knownAt });
        if (opts.format === 'csv') process.stdout.write(signatoriesCsv(list.items));
        else if (opts.format === 'json')
          out(JSON.stringify({ statementId: id, asOf: opts.asOf ?? null, knownAt, ...list }, null, 2));
        else
          process.stdout.write(
            signatoriesText(toStatementState(row), opts.asOf ?? list.eventAsOf, list.items, opts.language),
          );
      });
    },
  );

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .description('create a key and print its secret (shown once)')
  .argument('<name>', 'who uses it; recorded on every change it makes')
  .addOption(
    new Option('--role <role>', 'editor writes data; admin also manages keys')
      .choices(['editor', 'admin'])
      .makeOptionMandatory(),
  )
  .action((name: string, opts: { role: 'editor' | 'admin' }) => {
    withDb((db) => {
      const key = createKey(db, name, opts.role);
      err(`created ${key.role} key ${key.id} "${key.name}"; the secret below is shown once:`);
      out(key.key);
    });
  });

keys
  .command('list')
  .description('list the API keys (never their secrets): id, name, role, prefix, created, revoked')
  .action(() => {
    withDb((db) => {
      for (const key of listKeys(db))
        out(
          `${key.id}  ${key.role.padEnd(6)}  ${key.prefix}…  ${key.createdAt}  ${key.revokedAt ? `revoked ${key.revokedAt}` : 'active'}  ${key.name}`,
        );
    });
  });
keys
  .command('revoke')
  .description('revoke an API key: it is refused from now on (its name stays on the changes it made)')
  .argument('<id>', "the key's id (key_…), as keys list shows it")
  .action((id: string) => {
    withDb((db) => {
      revokeKey(db, id);
      err(`revoked ${id}`);
    });
  });

integrityCommands(program);
monitorCommands(program);
witnessCommands(program);
backupCommands(program);

program
  .command('migrate')
  .description(
    'create the database if needed and apply the committed migrations (the server also does this at start-up)',
  )
  .action(() => withDb(() => out('migrations applied'), { create: true }));

try {
  await program.parseAsync();
} catch (error) {
  // One clear line, no stack trace: these are operator errors, not bugs.
  err(`undersigned: ${describeError(error)}`);
  process.exitCode = 1;
}
