// A witness co-signs the heads it has checked; the server keeps the co-signatures of the
// witnesses it is configured with; a monitor can then ask for both keys (a threshold).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTreeHead } from '../src/modules/log/heads.js';
import { expectProblem, makeApp } from './support/app.js';
import { workspace } from './support/cli.js';
import { threeEvents } from './support/timeline.js';

describe('witnesses', () => {
  it('co-sign a checked head, which the server serves as witnessed and a monitor can require', async () => {
    const cli = workspace();
    const witnessKey = join(cli.dir, 'witness.jwk');
    const printed = cli.run(
      'witness',
      'http://unused.example',
      '--key',
      'x',
      '--witness-key',
      witnessKey,
      '--public-key',
    );
    expect(printed.code, printed.stderr).toBe(0);
    const witnesses = join(cli.dir, 'witnesses.json');
    writeFileSync(witnesses, printed.stdout);
    const witness = (
      JSON.parse(printed.stdout) as {
        keys: { kid: string; kty: 'OKP'; crv: 'Ed25519'; x: string; alg: 'EdDSA'; use: 'sig' }[];
      }
    ).keys[0];
    if (!witness) throw new Error('no witness key printed');

    const t = await makeApp({ config: { witnessesPath: witnesses } });
    await threeEvents(t);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/log/head?witnessed=true' }), 404);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const server = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: (typeof witness)[];
    }>().keys[0];
    if (!server) throw new Error('no server key');

    const cosigned = await cli.runAsync(
      'witness',
      url,
      '--key',
      server.kid,
      '--witness-key',
      witnessKey,
      '--state',
      join(cli.dir, 'witness-state.json'),
    );
    expect(cosigned.code, cosigned.stderr).toBe(0);
    expect(cosigned.stdout).toMatch(/first head: \d+ records, root [0-9a-f]{64}; kept in .*; co-signed/);

    const head = (await t.app.inject({ method: 'GET', url: '/v1/log/head?witnessed=true' })).json<{
      size: number;
      signed: unknown;
      witnesses: string[];
    }>();
    expect(head.witnesses).toEqual([witness.kid]);
    expect(await readTreeHead(head.signed, [server, witness], 2)).toMatchObject({
      valid: true,
      signedBy: [server.kid, witness.kid],
    });

    const both = ['--key', server.kid, '--key', witness.kid, '--threshold', '2'];
    const monitored = await cli.runAsync(
      'monitor',
      url,
      ...both,
      '--witnessed',
      '--state',
      join(cli.dir, 'monitor.json'),
    );
    expect(monitored.code, monitored.stderr).toBe(0);
    // The current head carries the server's signature only: two keys cannot be satisfied by it.
    const unwitnessed = await cli.runAsync('monitor', url, ...both, '--state', join(cli.dir, 'other.json'));
    expect(unwitnessed.code).toBe(2);
    expect(unwitnessed.stderr).toContain('signed by 1 trusted key(s), 2 needed');
  });

  it('a co-signature by a key the server does not know is refused, naming the field', async () => {
    const t = await makeApp();
    await threeEvents(t);
    const head = (await t.app.inject({ method: 'GET', url: '/v1/log/head' })).json<{ signed: unknown }>();
    const res = await t.app.inject({ method: 'POST', url: '/v1/log/cosignatures', payload: head.signed as object });
    expectProblem(res, 400);
    expect(res.json()).toMatchObject({
      type: 'urn:undersigned:problem:invalid-cosignature',
      errors: [{ field: 'signatures' }],
    });
  });
});
