// `npm install` (prepare), `npm start` and npm's own install of this directory for `npx undersigned`
// all run scripts/build-if-changed.mjs. Run here on a tiny project of the same layout: a rebuild
// nobody asked for rewrites dist/ under running processes, and a missed one serves stale code.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'undersigned-build-'));
  mkdirSync(join(project, 'scripts'));
  mkdirSync(join(project, 'src'));
  cpSync(join(root, 'scripts/build-if-changed.mjs'), join(project, 'scripts/build-if-changed.mjs'));
  cpSync(join(root, 'tsconfig.build.json'), join(project, 'tsconfig.build.json'));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true } }),
  );
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'tiny', type: 'module' }));
  writeFileSync(join(project, 'src/cli.ts'), "export const version: string = '1';\n");
  // The build's second step runs this module's writeIndexFile (the real one builds the country index).
  mkdirSync(join(project, 'src/lib'));
  writeFileSync(
    join(project, 'src/lib/country-index.ts'),
    "import { writeFileSync } from 'node:fs';\nexport function writeIndexFile(): void {\n  writeFileSync(new URL('./country-index.json', import.meta.url), '{}');\n}\n",
  );
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function run(...args: string[]): void {
  const ran = spawnSync(process.execPath, ['scripts/build-if-changed.mjs', ...args], {
    cwd: project,
    encoding: 'utf8',
  });
  expect(ran.status, ran.stdout + ran.stderr).toBe(0);
}
const builtAt = (): number => statSync(join(project, 'dist/.built')).mtimeMs;

describe('the build before a start or an install', () => {
  it(
    'builds when there is no build, leaves an up-to-date one alone, and builds again after an edit',
    { timeout: 60_000 },
    () => {
      run();
      expect(readFileSync(join(project, 'dist/cli.js'), 'utf8')).toContain("version = '1'");
      expect(statSync(join(project, 'dist/cli.js')).mode & 0o111).not.toBe(0); // `npx undersigned` runs it directly
      expect(readFileSync(join(project, 'dist/lib/country-index.json'), 'utf8')).toBe('{}');
      const first = builtAt();

      run();
      expect(builtAt()).toBe(first);

      writeFileSync(join(project, 'src/cli.ts'), "export const version: string = '2';\n");
      const later = new Date(first + 2_000); // newer than the build whatever the clock's resolution
      utimesSync(join(project, 'src/cli.ts'), later, later);
      run();
      expect(readFileSync(join(project, 'dist/cli.js'), 'utf8')).toContain("version = '2'");
      expect(builtAt()).toBeGreaterThan(first);

      const rebuilt = builtAt();
      run('--force');
      expect(builtAt()).toBeGreaterThan(rebuilt);
    },
  );
});
