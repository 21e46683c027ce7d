// The generated clients are what `npm run client` makes from the committed openapi/openapi.json:
// a contract change without regenerating them fails here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { root } from './support/cli.js';

const bin = (name: string) => join(root, 'node_modules/.bin', name);

function files(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      found.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  }
  return found;
}

describe('generated clients', () => {
  it('openapi-typescript: clients/typescript/src/schema.ts is current', { timeout: 60_000 }, () => {
    const run = spawnSync(bin('openapi-typescript'), ['openapi/openapi.json', '--enum-values', '--default-non-nullable', 'false', '-o', 'clients/typescript/src/schema.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, `stale: run \`npm run client\`\n${run.stdout}${run.stderr}`).toBe(0);
  });

  it('@hey-api/openapi-ts: clients/hey-api is current', { timeout: 60_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'undersigned-hey-api-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const run = spawnSync(bin('openapi-ts'), ['-i', './openapi/openapi.json', '-o', out, '-c', '@hey-api/client-fetch', '--no-log-file', '-s'], { cwd: root, encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const fresh = files(out);
    const committed = files(join(root, 'clients/hey-api'));
    expect([...committed.keys()].sort(), 'stale: run `npm run client`').toEqual([...fresh.keys()].sort());
    for (const [path, text] of fresh) expect(committed.get(path), `clients/hey-api/${path} is stale: run \`npm run client\``).toBe(text);
  });
});
