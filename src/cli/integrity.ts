import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { keyHistoryPath, loadConfig, signingKeySource } from '../config.js';
import type { Conn } from '../db/client.js';
import { checkBundle, type Trust } from '../modules/integrity/bundle-check.js';
import { checkCheckpointAgainst } from '../modules/integrity/checkpoints.js';
import { jwksOf, loadKeyring, recordRotations, rotateKey } from '../modules/signing/key-history.js';
import { verifyDatabase } from '../modules/integrity/verify.js';
import { readTreeHead } from '../modules/log/heads.js';
import { LogCorruptError, logSize, rootAt } from '../modules/log/repository.js';
import { CliError, err, out, readJsonFile, withDb, withDbAsync } from './common.js';

const jwksFile = z.object({ keys: z.array(z.unknown()) });

/** A checkpoint file holds the JWS itself, or JSON with a "checkpoint" field (GET …/checkpoint, or a bundle). */
function readCheckpointFile(path: string): string {
  const text = readFileSync(path, 'utf8').trim();
  if (!text.startsWith('{')) return text;
  const parsed = z.object({ checkpoint: z.string() }).safeParse(readJsonFile(path));
  if (!parsed.success) throw new CliError(`${path}: expected a checkpoint (a JWS, or JSON with a "checkpoint" field)`);
  return parsed.data.checkpoint;
}

/** Keys the verifier trusts: a JWKS file they kept, or (warned against) whatever a URL serves now. */
async function readJwks(source: string): Promise<unknown[]> {
  let json: unknown;
  if (/^https?:\/\//.test(source)) {
    err(
      `warning: trusting the keys ${source} serves now; whoever controls that server controls this check. Pin a key (--key THUMBPRINT) or use a JWKS saved earlier.`,
    );
    json = await (await fetch(source)).json().catch(() => null);
  } else {
    json = readJsonFile(source);
  }
  const parsed = jwksFile.safeParse(json);
  if (!parsed.success) throw new CliError(`${source}: not a JWK Set ({"keys": […]})`);
  return parsed.data.keys;
}

/** Prints `verify`'s report on `db`, a line per check; returns how many problems it found. */
export function reportIntegrity(db: Conn): number {
  const report = verifyDatabase(db);
  let bad = 0;
  const line = (ok: boolean, text: string) => {
    out(`${ok ? 'ok     ' : 'BROKEN '} ${text}`);
    if (!ok) bad++;
  };
  if (report.integrityCheck.join() !== 'ok')
    line(false, `database: integrity_check: ${report.integrityCheck.join('; ')}`);
  if (report.missingGuards.length) line(false, `guards: missing triggers ${report.missingGuards.join(', ')}`);
  if (report.changedGuards.length)
    line(false, `guards: triggers whose SQL differs from the migrations' ${report.changedGuards.join(', ')}`);
  if (report.extraTriggers.length)
    line(false, `guards: triggers the migrations never made ${report.extraTriggers.join(', ')}`);
  for (const s of report.statements) {
    const more = s.problems.length > 1 ? ` (+${s.problems.length - 1} more)` : '';
    line(
      s.valid,
      s.valid
        ? `${s.statementId}: ${s.length} events, head ${s.head ?? '-'}`
        : `${s.statementId}: ${s.detail ?? 'broken'}${more}`,
    );
  }
  for (const h of report.histories.broken)
    line(false, `${h.resource} ${h.id}: revision ${h.revision ?? '-'}: ${h.detail}`);
  out(
    `${report.histories.checked} organization and statement histories checked, ${report.histories.broken.length} broken (signature histories are checked with each statement)`,
  );
  for (const p of report.derived.problems) line(false, `${p.table} ${p.row ?? '-'} ${p.field}: ${p.detail}`);
  out(
    `${report.derived.checked} rows of derived tables (names, identifiers, search texts and indexes, merges) checked, ${report.derived.problems.length} differ from the hashed records`,
  );
  for (const p of report.log.problems) line(false, `log${p.index === null ? '' : ` entry ${p.index}`}: ${p.detail}`);
  line(report.log.problems.length === 0, `log: ${report.log.size} records, root ${report.log.root ?? '-'}`);
  for (const p of report.documents.problems) line(false, `document ${p.sha256}: ${p.detail}`);
  out(
    `${report.documents.checked} kept documents (${report.documents.bytes} bytes) hashed again, ${report.documents.problems.length} broken`,
  );
  return bad;
}

/** Does the database's log extend a head someone kept (checked with the configured keys)? */
async function checkKeptHead(db: Conn, path: string): Promise<{ ok: boolean; text: string }> {
  const json = z.object({ signed: z.unknown() }).safeParse(readJsonFile(path));
  const config = loadConfig();
  const keyring = await loadKeyring(signingKeySource(config), keyHistoryPath(config));
  const check = await readTreeHead(json.success ? json.data.signed : readJsonFile(path), keyring.keys);
  if (!check.valid) return { ok: false, text: `head ${path}: ${check.detail}` };
  const { size, root } = check.head;
  const current = logSize(db);
  if (current < size)
    return {
      ok: false,
      text: `head ${path}: the log has ${current} records, fewer than the ${size} of the head: records were deleted`,
    };
  try {
    if (rootAt(db, size) !== root)
      return {
        ok: false,
        text: `head ${path}: the log's first ${size} records no longer have the head's root: a record was rewritten or removed`,
      };
  } catch (error) {
    if (error instanceof LogCorruptError) return { ok: false, text: `head ${path}: ${error.message}` };
    throw error;
  }
  return { ok: true, text: `head ${path}: the log extends it (${size} → ${current} records)` };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `verify`: every check, then the checkpoint and head given; fails on any problem. */
async function verify(opts: { checkpoint?: string; head?: string }) {
  const problems = await withDbAsync(async (db) => {
    let bad = reportIntegrity(db);
    if (opts.checkpoint) {
      const config = loadConfig();
      const keyring = await loadKeyring(signingKeySource(config), keyHistoryPath(config));
      const check = await checkCheckpointAgainst(db, readCheckpointFile(opts.checkpoint), jwksOf(keyring));
      out(
        `${check.valid ? 'ok     ' : 'BROKEN '} checkpoint ${opts.checkpoint}: ${check.statementId ?? '?'}: ${check.detail}`,
      );
      if (!check.valid) bad++;
    }
    if (opts.head) {
      const check = await checkKeptHead(db, opts.head);
      out(`${check.ok ? 'ok     ' : 'BROKEN '} ${check.text}`);
      if (!check.ok) bad++;
    }
    return bad;
  });
  if (problems > 0) throw new CliError(`${problems} problem(s) found`);
}

/** `verify-bundle`: a bundle checked with no database, against the keys the user trusts. */
async function verifyBundle(file: string, opts: { key?: string[]; jwks?: string }) {
  if (!opts.key?.length && !opts.jwks)
    throw new CliError('say which keys you trust: --key THUMBPRINT (pinned earlier), or --jwks FILE (saved earlier)');
  const trust: Trust = { pinned: opts.key ?? [], keys: opts.jwks ? await readJwks(opts.jwks) : [] };
  const check = await checkBundle(readJsonFile(file), trust);
  if (!check.valid) throw new CliError(`${file}: ${check.detail}`);
  const informational = check.informational.length ? ` (not proven: ${check.informational.join(', ')})` : '';
  out(
    `ok ${file}: ${check.statementId ?? ''}: ${check.detail}; the latest list has ${check.latest.length} signatories${informational}`,
  );
}

/** `rotate-checkpoint-key`: a new key, handed over by the old one and recorded. */
async function rotateCheckpointKey() {
  const config = loadConfig();
  const source = signingKeySource(config);
  const history = keyHistoryPath(config);
  if (!('path' in source) || history === null)
    throw new CliError(
      'the key does not come from a file (CHECKPOINT_PRIVATE_KEY, or an in-memory database): rotate it by setting a new one with its history',
    );
  const keyring = await rotateKey(source, history);
  withDb((db) => recordRotations(db, keyring));
  out(
    `new checkpoint key ${keyring.current.kid} in ${source.path}; ${keyring.keys.length} keys in the JWKS; handover recorded in ${history}`,
  );
}

export function integrityCommands(program: Command) {
  program
    .command('verify')
    .description('check the database file, its guards, every chain, every history and the log over them')
    .option(
      '--checkpoint <file>',
      'also prove that the chain and the log extend this checkpoint (a JWS, or the JSON of GET …/checkpoint or a bundle)',
    )
    .option(
      '--head <file>',
      "also prove that the log extends this signed tree head (GET /v1/log/head, or a monitor's state file)",
    )
    .action(verify);

  program
    .command('verify-bundle')
    .description('check a bundle (GET …/bundle or export --bundle) offline, with no database, against keys you trust')
    .argument('<file>', 'the bundle JSON')
    .option(
      '--key <thumbprint>',
      'a server key you pinned (its RFC 7638 thumbprint, the kid in /v1/log/keys); repeatable',
      collect,
    )
    .option('--jwks <file|url>', 'a JWKS you saved earlier (a URL is fetched now, with a warning)')
    .action(verifyBundle);

  program
    .command('rotate-checkpoint-key')
    .description(
      'hand over to a new checkpoint signing key: the old key signs the handover, recorded in the key history (restart the server to sign with it)',
    )
    .action(rotateCheckpointKey);
}
