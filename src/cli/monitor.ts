import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { signedJws } from '../lib/general-jws.js';
import { verifyConsistency } from '../lib/merkle.js';
import { readRotation, trustedKeys } from '../modules/signing/key-history.js';
import { publicKey } from '../modules/signing/signing-key.js';
import { readTreeHead, type TreeHead } from '../modules/log/heads.js';
import { CliError, err, out, readJsonFile } from './common.js';

/**
 * `undersigned monitor URL`: keeps the last signed tree head it saw (a state file), and on each
 * poll checks that the server's new head extends it (RFC 9162 consistency proof). A head that
 * has fewer leaves (a rollback) or that cannot be proven to extend the kept one (a split view, a
 * rewritten or deleted record anywhere) ends it with exit code 2; the kept head is left as it
 * was, as evidence.
 */

const headResponse = z.object({ signed: signedJws });
const keysResponse = z.object({
  keys: z.array(z.unknown()),
  rotations: z.array(z.unknown()),
  witnesses: z.array(z.unknown()).default([]),
});
const consistencyResponse = z.object({ path: z.array(z.string()) });

export class MonitorAlarm extends Error {
  override name = 'MonitorAlarm';
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

interface Options {
  key: string[];
  threshold: number;
  state: string;
  /** Watch the latest head the server's witnesses co-signed, not its current head. */
  witnessed?: boolean;
}

export interface Poll {
  message: string;
  /** The server's head, verified and shown to extend the kept one (now kept instead). */
  signed: z.infer<typeof signedJws>;
}

/** One poll: the server's head, checked against the pinned keys and against the kept head. */
export async function pollOnce(base: string, opts: Options): Promise<Poll> {
  const api = base.replace(/\/+$/, '');
  const keys = keysResponse.parse(await getJson(`${api}/v1/log/keys`));
  // Pinned thumbprints decide trust; the served keys only supply the public halves they name.
  const known = await Promise.all(
    [...keys.keys, ...keys.witnesses].map((k, i) => publicKey(k, `the server's key ${i + 1}`)),
  );
  const rotations = await Promise.all(keys.rotations.map((r, i) => readRotation(r, `the server's rotation ${i + 1}`)));
  const trusted = trustedKeys(opts.key, rotations, known);
  const { signed } = headResponse.parse(await getJson(`${api}/v1/log/head${opts.witnessed ? '?witnessed=true' : ''}`));
  const check = await readTreeHead(signed, trusted, opts.threshold);
  if (!check.valid) throw new MonitorAlarm(`the server's head does not verify: ${check.detail}`);
  const next = check.head;
  if (!existsSync(opts.state)) {
    keep(opts.state, signed);
    return { message: `first head: ${next.size} records, root ${next.root}; kept in ${opts.state}`, signed };
  }
  const keptCheck = await readTreeHead(readJsonFile(opts.state), trusted, opts.threshold);
  if (!keptCheck.valid)
    throw new CliError(`${opts.state}: the kept head does not verify with the pinned keys: ${keptCheck.detail}`);
  const kept: TreeHead = keptCheck.head;
  if (next.size < kept.size)
    throw new MonitorAlarm(
      `ROLLBACK: the server's log has ${next.size} records, fewer than the ${kept.size} of the head kept in ${opts.state} (signed ${kept.time})`,
    );
  if (next.size === kept.size) {
    if (next.root !== kept.root)
      throw new MonitorAlarm(
        `SPLIT: the server signs a different tree of ${next.size} records than the head kept in ${opts.state}: root ${next.root}, kept ${kept.root}`,
      );
    return { message: `unchanged: ${next.size} records, root ${next.root}`, signed };
  }
  const { path } = consistencyResponse.parse(
    await getJson(`${api}/v1/log/proofs/consistency?from=${kept.size}&to=${next.size}`),
  );
  if (!verifyConsistency(kept.size, next.size, kept.root, next.root, path)) {
    throw new MonitorAlarm(
      `SPLIT: the server cannot prove that its log of ${next.size} records extends the ${kept.size} kept in ${opts.state}: a record was rewritten or removed`,
    );
  }
  keep(opts.state, signed);
  return { message: `ok: ${kept.size} → ${next.size} records, root ${next.root}`, signed };
}

/** The kept head, replaced in one rename: a crash never leaves half a file. */
function keep(path: string, signed: z.infer<typeof signedJws>) {
  writeFileSync(`${path}.new`, `${JSON.stringify(signed, null, 2)}\n`);
  renameSync(`${path}.new`, path);
}

export const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`expected a positive whole number, not ${value}`);
  return n;
};
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Polls until an alarm (exit code 2), or once without `every`; other failures end a single check, and are said and retried when polling. */
export async function everyPoll(every: number | undefined, poll: () => Promise<string>): Promise<void> {
  for (;;) {
    try {
      out(`${new Date().toISOString()} ${await poll()}`);
    } catch (error) {
      if (error instanceof MonitorAlarm) {
        err(error.message);
        process.exitCode = 2;
        return;
      }
      if (every === undefined) throw error;
      err(`${new Date().toISOString()} ${error instanceof Error ? error.message : String(error)}`);
    }
    if (every === undefined) return;
    await sleep(every * 1000);
  }
}

export function monitorCommands(program: Command) {
  program
    .command('monitor')
    .description(
      "watch a server's log: each signed head must extend the last one kept (exit 2 on a rollback or a split)",
    )
    .argument('<url>', 'the server, e.g. https://undersigned.example')
    .requiredOption(
      '--key <thumbprint>',
      "a server key you pinned (RFC 7638 thumbprint); repeatable, e.g. with a witness's",
      collect,
    )
    .option('--threshold <n>', 'how many of the pinned keys must have signed each head', positive, 1)
    .option('--state <file>', 'where the last head seen is kept', 'undersigned-head.json')
    .option(
      '--witnessed',
      "watch the latest head the server's witnesses co-signed (with --threshold, ask for their keys too)",
    )
    .option('--every <seconds>', 'poll this often; without it, check once and exit', positive)
    .action(async (url: string, opts: Options & { every?: number }) =>
      everyPoll(opts.every, async () => (await pollOnce(url, opts)).message),
    );
}
