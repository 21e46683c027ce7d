// A user's script compiled as in a project of their own: in a folder outside the repository (so
// nothing resolves from its node_modules by accident), in strict mode, by this repository's tsc
// (no second install of TypeScript).
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root } from './cli.js';

/** The compiler options of a strict Node project. */
export const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  target: 'ES2022',
  // A Node project's: no DOM, so the fetch types come from @types/node.
  lib: ['ES2023'],
  types: ['node'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  skipLibCheck: true,
  noEmit: true,
};

export type CompilerOptions = Partial<Omit<typeof STRICT, 'lib'>> & {
  lib?: string[];
  exactOptionalPropertyTypes?: boolean;
  outDir?: string;
};

/** Makes `dir/node_modules/<name>` this repository's copy of each package: imports resolve, nothing is installed. */
export function linkModules(dir: string, names: string[]): void {
  for (const name of names) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), link, 'dir');
  }
}

/** Writes `dir/tsconfig.<name>.json` over `files` and runs tsc on it: its exit status and what it printed. */
export function compile(
  dir: string,
  name: string,
  files: string[],
  options: CompilerOptions = {},
): { status: number | null; output: string } {
  const config = join(dir, `tsconfig.${name}.json`);
  writeFileSync(config, JSON.stringify({ compilerOptions: { ...STRICT, ...options }, files }, null, 2));
  const run = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
