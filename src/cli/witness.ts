import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cosign } from '../modules/log/heads.js';
import { signingKeyFrom, writeNewKeyFile } from '../modules/signing/signing-key.js';
import { collect, everyPoll, pollOnce, positive } from './monitor.js';
import { CliError, err, out } from './common.js';

/**
 * `undersigned witness URL`: a monitor that also vouches. Each head it has checked against the
 * last one it kept (the same checks as `monitor`) it co-signs with its own key and hands back to
 * the server (POST /v1/log/cosignatures), which serves it as the witnessed head. A server that
 * showed the witness a split or rolled-back log gets no signature, and the witness stops (exit 2).
 */
export function witnessCommands(program: Command) {
  program
    .command('witness')
    .description(
      "check a server's log like monitor, and co-sign each head that extends the last (the server keeps the co-signature)",
    )
    .argument('<url>', 'the server, e.g. https://undersigned.example')
    .requiredOption('--key <thumbprint>', 'the server key you pinned (RFC 7638 thumbprint); repeatable', collect)
    .requiredOption('--witness-key <file>', "this witness's private Ed25519 JWK (made, mode 0600, if missing)")
    .option('--state <file>', 'where the last head co-signed is kept', 'undersigned-witness-head.json')
    .option('--every <seconds>', 'poll this often; without it, check once and exit', positive)
    .option(
      '--public-key',
      "print the JWK Set of this witness's public key (for a server's LOG_WITNESSES file) and exit",
    )
    .action(
      async (
        url: string,
        opts: { key: string[]; witnessKey: string; state: string; every?: number; publicKey?: boolean },
      ) => {
        if (!existsSync(opts.witnessKey)) {
          await writeNewKeyFile(opts.witnessKey);
          err(`made a witness key in ${opts.witnessKey}`);
        }
        const key = await signingKeyFrom(readFileSync(opts.witnessKey, 'utf8'), opts.witnessKey);
        if (opts.publicKey) {
          out(JSON.stringify({ keys: [key.publicJwk] }));
          return;
        }
        err(
          `witness key ${key.kid}: servers list it in LOG_WITNESSES (witness --public-key prints the JWK Set), verifiers pin it`,
        );
        await everyPoll(opts.every, async () => {
          const poll = await pollOnce(url, { key: opts.key, threshold: 1, state: opts.state });
          const res = await fetch(`${url.replace(/\/+$/, '')}/v1/log/cosignatures`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(await cosign(poll.signed, key)),
          });
          if (res.status !== 201)
            throw new CliError(`the server refused the co-signature (${res.status}): ${await res.text()}`);
          return `${poll.message}; co-signed`;
        });
      },
    );
}
