// clients/typescript as a user gets it: packed by `npm pack` (which builds it), installed from the
// tarball into an empty project (openapi-fetch and @types/node from npm, the local cache first),
// its README's example compiled in the strictest mode against it, then run against a fresh
// server. Everything happens in a temp folder: no dist/ or tarball is left in the repository.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './support/cli.js';
import { ADMIN_KEY, startLiveServer, type LiveServer } from './support/live-server.js';
import { compile, linkModules } from './support/strict-script.js';

const packageDir = join(root, 'clients/typescript');
interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** The README's example: the ```ts block after the comment that names this test. */
function readmeExample(): string {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const block = /tests\/client-package\.test\.ts -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined)
    throw new Error('clients/typescript/README.md has no ```ts block marked for tests/client-package.test.ts');
  return block;
}

function npm(args: string[], cwd: string) {
  const run = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  expect(run.status, `npm ${args.join(' ')}:\n${run.stdout}${run.stderr}`).toBe(0);
  return run.stdout;
}

let work: string;
let server: LiveServer;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'undersigned-client-package-'));
  server = await startLiveServer();
}, 60_000);
afterAll(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the client package', () => {
  it("has the API's version, and depends on the openapi-fetch the repository develops with", () => {
    const [client, repository] = [manifest(packageDir), manifest(root)];
    expect(client.version).toBe(repository.version);
    expect(client.dependencies?.['openapi-fetch']).toBe(repository.devDependencies?.['openapi-fetch']);
  });

  it(
    'packs, installs into an empty project, and its README example compiles strictly and runs',
    { timeout: 240_000 },
    () => {
      // A copy to pack: its build writes dist/ there. tsc and the types come from the repository.
      const source = join(work, 'source');
      cpSync(packageDir, source, { recursive: true, filter: (path) => !/[/\\](dist|node_modules)$/.test(path) });
      linkModules(source, ['typescript', 'openapi-fetch', '@types/node']);
      mkdirSync(join(source, 'node_modules/.bin'));
      symlinkSync(join(root, 'node_modules/typescript/bin/tsc'), join(source, 'node_modules/.bin/tsc'));
      const packed = npm(['pack', '--json', '--pack-destination', work], source);
      // The prepack build prints before npm's JSON.
      const [tarball] = JSON.parse(packed.slice(packed.search(/^\[/m))) as {
        filename: string;
        files: { path: string }[];
      }[];
      const files = tarball?.files.map((file) => file.path) ?? [];
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'README.md',
          'dist/index.js',
          'dist/index.d.ts',
          'dist/schema.js',
          'dist/schema.d.ts',
        ]),
      );
      expect(
        files.filter((path) => !path.startsWith('dist/') && !['package.json', 'README.md'].includes(path)),
      ).toEqual([]);

      const app = join(work, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-script', private: true, type: 'module' }));
      const typesNode = manifest(join(root, 'node_modules/@types/node')).version;
      npm(['install', '--prefer-offline', join(work, tarball?.filename ?? ''), `@types/node@${typesNode}`], app);

      writeFileSync(join(app, 'example.ts'), readmeExample());
      const compiled = compile(app, 'example', ['example.ts'], {
        exactOptionalPropertyTypes: true,
        noEmit: false,
        outDir: 'out',
      });
      expect(compiled.status, `the README example does not compile against the package:\n${compiled.output}`).toBe(0);

      const ran = spawnSync(process.execPath, ['out/example.js'], {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, UNDERSIGNED_URL: server.base, UNDERSIGNED_KEY: ADMIN_KEY },
      });
      expect(ran.status, `${ran.stdout}${ran.stderr}`).toBe(0);
      expect(ran.stdout).toContain(
        "31 signatories on 21 January 2022; since then: [ 'Kommunistische Partei Österreichs' ]",
      );
      expect(ran.stdout).toContain('412: it changed since the revision we read');
    },
  );
});
