// How the tests start the server and the CLI as processes. Built (dist/), each start costs about
// half the CPU of one through tsx, which compiles the sources again in every process: the build
// is what `npm start` and `npx undersigned` run, so it is used whenever it is up to date by the
// rule `npm start` applies (scripts/build-if-changed.mjs). After an edit in src/ the processes
// run from source until the next `npm run build`: never a stale build.
// UNDERSIGNED_TEST_SPAWN=src or =dist forces one (dist fails when there is no build).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsStale } from '../../scripts/build-if-changed.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

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
    fromBuild = !buildIsStale();
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
