// The generated clients are what `npm run client` makes from the committed openapi/openapi.json:
// a contract change without regenerating them fails here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { root } from './support/cli.js';

const bin = (name: string) => join(root, 'node_modules/.bin', name);

/** The `client` script's commands, each as its words: checked as `npm run client` runs them. */
const scripts: { client: string } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
const commands = scripts.client.split(' && ').map((command) => command.split(' '));
function command(name: string): string[] {
  const found = commands.find(([first]) => first === name);
  if (!found) throw new Error(`the client script does not run ${name}`);
  return found.slice(1);
}

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
    const run = spawnSync(bin('openapi-typescript'), [...command('openapi-typescript'), '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, `stale: run \`npm run client\`\n${run.stdout}${run.stderr}`).toBe(0);
  });

  it('@hey-api/openapi-ts: clients/hey-api is current', { timeout: 60_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'undersigned-hey-api-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const args = command('openapi-ts');
    // The same command, writing elsewhere: the committed output is compared with it.
    args[args.indexOf('-o') + 1] = out;
    const run = spawnSync(bin('openapi-ts'), args, { cwd: root, encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const fresh = files(out);
    const committed = files(join(root, 'clients/hey-api'));
    expect([...committed.keys()].sort(), 'stale: run `npm run client`').toEqual([...fresh.keys()].sort());
    for (const [path, text] of fresh)
      expect(committed.get(path), `clients/hey-api/${path} is stale: run \`npm run client\``).toBe(text);
  });
});
