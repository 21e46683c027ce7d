import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { loadConfig, signingKeySource } from '../config.js';
import { checkBundle } from '../modules/integrity/bundle.js';
import { checkCheckpointAgainst } from '../modules/integrity/checkpoints.js';
import { jwks, loadSigningKey, writeNewKeyFile } from '../modules/integrity/signing-key.js';
import { verifyDatabase } from '../modules/integrity/verify.js';
import type { Db } from '../db/client.js';
import { CliError, out, withDbAsync } from './common.js';

const jwksFile = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

/** A checkpoint file holds the JWS itself, or the JSON that GET …/checkpoint answers. */
function readCheckpointFile(path: string): string {
  const text = readFileSync(path, 'utf8').trim();
  if (!text.startsWith('{')) return text;
  const parsed = z.object({ checkpoint: z.string() }).safeParse(JSON.parse(text));
  if (!parsed.success) throw new CliError(`${path}: expected a checkpoint (a JWS, or JSON with a "checkpoint" field)`);
  return parsed.data.checkpoint;
}

async function readJwks(source: string): Promise<JSONWebKeySet> {
  const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : readFileSync(source, 'utf8');
  const parsed = jwksFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new CliError(`${source}: not a JWK Set ({"keys": […]})`);
  return { keys: parsed.data.keys.map((k) => ({ ...k })) };
}

/** Prints `verify`'s report on `db`, a line per check; returns how many problems it found. */
export function reportIntegrity(db: Db): number {
  const report = verifyDatabase(db);
  let bad = 0;
  const line = (ok: boolean, text: string) => {
    out(`${ok ? 'ok     ' : 'BROKEN '} ${text}`);
    if (!ok) bad++;
  };
  if (report.integrityCheck.join() !== 'ok') line(false, `database: integrity_check: ${report.integrityCheck.join('; ')}`);
  if (report.missingGuards.length) line(false, `guards: missing triggers ${report.missingGuards.join(', ')}`);
  if (report.changedGuards.length) line(false, `guards: triggers whose SQL differs from the migrations' ${report.changedGuards.join(', ')}`);
  if (report.extraTriggers.length) line(false, `guards: triggers the migrations never made ${report.extraTriggers.join(', ')}`);
  for (const s of report.statements) {
    const more = s.problems.length > 1 ? ` (+${s.problems.length - 1} more)` : '';
    line(s.valid, s.valid ? `${s.statementId}: ${s.length} events, head ${s.head ?? '-'}` : `${s.statementId}: ${s.detail ?? 'broken'}${more}`);
  }
  for (const h of report.histories.broken) line(false, `${h.resource} ${h.id}: revision ${h.revision ?? '-'}: ${h.detail}`);
  out(`${report.histories.checked} organization and statement histories checked, ${report.histories.broken.length} broken (signature histories are checked with each statement)`);
  for (const p of report.derived.problems) line(false, `${p.table} ${p.row ?? '-'} ${p.field}: ${p.detail}`);
  out(`${report.derived.checked} rows of derived tables (names, identifiers, search texts and indexes, merges) checked, ${report.derived.problems.length} differ from the hashed records`);
  return bad;
}

export function integrityCommands(program: Command) {
  program
    .command('verify')
    .description('check the database file, its append-only guards, every chain and every history')
    .option('--checkpoint <file>', 'also prove that the chain extends this checkpoint (a JWS, or the JSON of GET …/checkpoint)')
    .action(async (opts: { checkpoint?: string }) => {
      const problems = await withDbAsync(async (db) => {
        let bad = reportIntegrity(db);
        if (opts.checkpoint) {
          const check = await checkCheckpointAgainst(db, readCheckpointFile(opts.checkpoint), jwks(db));
          out(`${check.valid ? 'ok     ' : 'BROKEN '} checkpoint ${opts.checkpoint}: ${check.statementId ?? '?'}: ${check.detail}`);
          if (!check.valid) bad++;
        }
        return bad;
      });
      if (problems > 0) throw new CliError(`${problems} problem(s) found`);
    });

  program
    .command('verify-bundle')
    .description('check a bundle (GET …/bundle or export --bundle) offline, with no database')
    .argument('<file>', 'the bundle JSON')
    .requiredOption('--jwks <url|file>', 'the server\'s public keys: its /.well-known/jwks.json, or a saved copy')
    .action(async (file: string, opts: { jwks: string }) => {
      const check = await checkBundle(JSON.parse(readFileSync(file, 'utf8')), await readJwks(opts.jwks));
      if (!check.valid) throw new CliError(`${file}: ${check.detail}`);
      out(`ok ${file}: ${check.statementId ?? ''}: ${check.detail}; the latest list has ${check.latest.length} signatories`);
    });

  program
    .command('rotate-checkpoint-key')
    .description('make a new checkpoint signing key; old public keys stay in the JWKS (restart the server to sign with it)')
    .action(async () => {
      const config = loadConfig();
      const source = signingKeySource(config);
      if (!('path' in source)) throw new CliError('the key does not come from a file (CHECKPOINT_PRIVATE_KEY, or an in-memory database): rotate it by setting a new one');
      await withDbAsync(async (db) => {
        await writeNewKeyFile(source.path);
        const key = await loadSigningKey(db, source);
        out(`new checkpoint key ${key.kid} in ${source.path}; ${jwks(db).keys.length} keys in the JWKS`);
      });
    });
}
