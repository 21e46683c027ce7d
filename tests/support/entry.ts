// How the tests start the server and the CLI as processes. Built (dist/), each start costs about
// half the CPU of one through tsx, which compiles the sources again in every process: the build
// is what `npm start` and `npx undersigned` run, so it is used whenever it is at least as new as
// every file a build reads (the rule scripts/start.mjs applies). After an edit in src/ the
// processes run from source until the next `npm run build`: never a stale build.
// UNDERSIGNED_TEST_SPAWN=src or =dist forces one (dist fails when there is no build).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The newest modification time among the files under `path`. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

let fromBuild: boolean | undefined;

/** Whether processes run the build: UNDERSIGNED_TEST_SPAWN, else whether dist/ is up to date. */
export function spawnsBuild(): boolean {
  if (fromBuild !== undefined) return fromBuild;
  const forced = process.env.UNDERSIGNED_TEST_SPAWN;
  const stamp = join(root, 'dist/.built');
  if (forced === 'dist') {
    if (!existsSync(stamp)) throw new Error('UNDERSIGNED_TEST_SPAWN=dist, but there is no build: npm run build');
    fromBuild = true;
  } else if (forced === 'src') {
    fromBuild = false;
  } else {
    const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => join(root, p));
    fromBuild = existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...inputs.map(newest));
  }
  return fromBuild;
}

/**
 * Node's arguments that run `src/<name>.ts` (or its build, `dist/<name>.js`): absolute paths, so
 * any cwd works. The child needs the project root as its cwd only for `--import tsx` to resolve.
 */
export function entryArgs(name: 'cli' | 'server'): string[] {
  return spawnsBuild() ? [join(root, `dist/${name}.js`)] : ['--import', 'tsx', join(root, `src/${name}.ts`)];
}
