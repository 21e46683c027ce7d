// Three SDK generators, each run on the committed contract as its own README shows (input and
// output, no other option), into a folder outside the repository; a strict script then compiles
// against each: list statements, read a list as of a date, create a statement and an
// organization (with an Idempotency-Key) sending only what is required, append an event, diff,
// and tell a 412 by its problem type. A contract change that trips a generator fails here: a
// request `default` back in the contract makes openapi-typescript require the field, say.
// The committed outputs (clients/typescript, clients/hey-api) are checked by
// tests/typed-client-generated.test.ts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './support/cli.js';
import { compile, linkModules, type CompilerOptions } from './support/strict-script.js';

const spec = join(root, 'openapi/openapi.json');

interface Generator {
  /** Its folder in the work folder, and the name of its script in tests/fixtures/sdk-scripts. */
  name: string;
  /** The command its README gives, writing into `out`. */
  command: (out: string) => [bin: string, ...args: string[]];
  /** What its output needs of the project's compiler options. */
  options?: CompilerOptions;
}

const generators: Generator[] = [
  // README: `npx openapi-typescript ./path/to/my/schema.yaml -o ./path/to/my/schema.d.ts`
  { name: 'openapi-fetch', command: (out) => ['openapi-typescript', spec, '-o', join(out, 'schema.d.ts')] },
  // README: `npx @hey-api/openapi-ts -i hey-api/backend -o src/client`. Its fetch client names
  // BodyInit, a DOM type (hey-api/hey-api#2539): the one thing a Node project must add.
  { name: 'hey-api', command: (out) => ['openapi-ts', '-i', spec, '-o', out], options: { lib: ['ES2023', 'DOM'] } },
  // orval.dev quick start: `orval --input ./petstore.yaml --output ./src/petstore.ts` (an axios client).
  { name: 'orval', command: (out) => ['orval', '--input', spec, '--output', join(out, 'api.ts')] },
];

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'undersigned-sdks-'));
  writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  // What the generated code imports, as a project would have installed it.
  linkModules(work, ['openapi-fetch', 'axios', '@types/node']);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('SDK generators at their default settings', () => {
  it.each(generators)(
    '$name: its client compiles with a strict script',
    { timeout: 120_000 },
    ({ name, command, options }) => {
      const out = join(work, name);
      const [bin, ...args] = command(out);
      const generated = spawnSync(join(root, 'node_modules/.bin', bin), args, { cwd: work, encoding: 'utf8' });
      expect(generated.status, `${bin} failed:\n${generated.stdout}${generated.stderr}`).toBe(0);
      copyFileSync(join(root, 'tests/fixtures/sdk-scripts', `${name}.ts`), join(out, 'script.ts'));
      const compiled = compile(work, name, [join(out, 'script.ts')], options);
      expect(compiled.status, `the ${name} script does not compile:\n${compiled.output}`).toBe(0);
    },
  );

  it(
    'hey-api: without the DOM library its client does not compile, as clients/typescript/README.md says',
    { timeout: 60_000 },
    () => {
      const out = join(work, 'hey-api');
      if (!existsSync(join(out, 'client.gen.ts'))) return expect.fail('the hey-api client was not generated');
      const compiled = compile(work, 'hey-api-no-dom', [join(out, 'script.ts')]);
      expect(compiled.output).toContain("Cannot find name 'BodyInit'");
    },
  );
});
