// Every ```sh example of README.md and of the docs pages, run in one walk by bash
// (`set -euo pipefail`) against one fresh seeded server process: the README's first, then each
// page's in the order of the README's "Documentation" list, from a scratch folder that looks like a
// clone (so `npm run cli`, files like `checkpoint.json` and `examples/…` work). BASE, the
// examples' own variable for where the API listens, is set to that server. Each command must
// succeed, answer no problem its comment does not expect, and print what its `# …` comment promises.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './support/cli.js';
import { envSchema } from '../src/config.js';
import { assignedVariables, documentationPages, shBlocks, steps, unmet, type Block } from './support/readme.js';
import { startLiveServer, type LiveServer } from './support/live-server.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** The pages in the order their examples run: each goes on from the variables of those before. */
const pages = ['README.md', ...documentationPages(readme)];
const blocks = pages.flatMap((page) =>
  shBlocks(readFileSync(join(root, page), 'utf8')).map((block) => ({ ...block, page })),
);

let server: LiveServer;
let work: string;
beforeAll(async () => {
  // As a newcomer starts it: no admin key configured, so the fresh database makes one (its file
  // is what the examples read). The watched-source example fetches the server's own copy of a
  // list: a loopback address.
  server = await startLiveServer({ OUTBOUND_ALLOW_HOSTS: '127.0.0.1', UNDERSIGNED_ADMIN_KEY: '' });
  // A scratch clone: the repository's top-level entries as symlinks, so that what the examples
  // write (checkpoint.json, bundle.json…) lands here and not in the repository.
  work = mkdtempSync(join(tmpdir(), 'undersigned-readme-'));
  for (const entry of readdirSync(root)) if (entry !== '.git') symlinkSync(join(root, entry), join(work, entry));
}, 60_000);
afterAll(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

const MARK = '@@readme-step@@';
const BLOCK_TIMEOUT_MS = 60_000;

function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], {
      cwd: work,
      detached: true, // its own process group, so that a hung block is killed whole
      // BASE is the examples' own variable (`BASE=${BASE:-http://localhost:3000}`): set here, it points them at this server.
      // ADMIN_KEY_FILE likewise points `ADMIN_KEY=$(cat "${ADMIN_KEY_FILE:-data/admin-key}")` at the key this server's fresh database made.
      env: {
        ...process.env,
        BASE: server.base,
        ADMIN_KEY_FILE: join(server.dir, 'admin-key'),
        DATABASE_PATH: server.databasePath,
        npm_config_update_notifier: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const pid = child.pid;
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${BLOCK_TIMEOUT_MS} ms: does the block start a server or wait for input? mark it <!-- not run: reason -->)`;
      if (pid !== undefined) process.kill(-pid, 'SIGKILL');
    }, BLOCK_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The block as one bash script: the variables of earlier blocks in, a marker before each step, its variables out. */
function script(block: Block, state: string): string {
  const variables = assignedVariables(block.code);
  return [
    'set -euo pipefail',
    `[ -f ${state} ] && source ${state}`,
    ...block.steps.map((step, i) => `printf '\\n${MARK}${i}\\n'\n${step.command}`),
    variables.length > 0
      ? `declare -p ${variables.join(' ')} 2>/dev/null | sed 's/^declare -[a-z-]* /declare -gx /' >> ${state} || true`
      : '',
  ].join('\n');
}

describe('README.md and docs examples', () => {
  it('walks every docs page, in the order the README lists them', () => {
    const onDisk = readdirSync(join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`);
    expect([...pages.slice(1)].sort()).toEqual(onDisk.sort());
    expect(
      documentationPages(
        '## Documentation\n\nsee [x](docs/z.md)\n\n1. [A](docs/b.md): b\n2. [C](docs/a.md)\n\n## Next\n3. [D](docs/d.md)',
      ),
    ).toEqual(['docs/b.md', 'docs/a.md']);
  });

  it('reaches the API only through $BASE, defined once', () => {
    const definition = /^BASE=\$\{BASE:-http:\/\/localhost:3000\}/m;
    const run = blocks.filter((block) => !block.notRun);
    expect(run[0]?.code).toMatch(definition);
    const written = run.filter((block) => /\b(localhost|127\.0\.0\.1):3000\b/.test(block.code.replace(definition, '')));
    expect(written.map((block) => `${block.page}:${block.line}`)).toEqual([]);
    expect(run.filter((block) => definition.test(block.code)).length).toBe(1);
  });

  it("lists every variable of src/config.ts in the README's configuration table", () => {
    const table = /^## Configuration\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    for (const variable of Object.keys(envSchema.shape)) expect(table, variable).toContain(`| \`${variable}\` |`);
  });

  it('has sh examples, and the parser finds commands and their promised output', () => {
    expect(blocks.filter((block) => !block.notRun).length).toBeGreaterThanOrEqual(5);
    expect(
      steps('curl -s a \\\n  -d b   # => 201 {"id":"x_…"}\n# {"total":3}\n# prose\ncurl c').map(
        (step) => step.expected,
      ),
    ).toEqual([['=> 201 {"id":"x_…"}', '{"total":3}'], []]);
  });

  it('checks promised output meaningfully (and can fail)', () => {
    expect(
      unmet(
        '{"items":[{"id":"stm_…","signatoryCount":31}],…}',
        '{"items":[{"id":"stm_abc","title":"t","signatoryCount":31}]}',
      ),
    ).toEqual([]);
    expect(
      unmet('{"items":[{"id":"stm_…","signatoryCount":31}],…}', '{"items":[{"id":"org_abc","signatoryCount":30}]}'),
    ).toEqual(['no "id":"stm_…"', 'no "signatoryCount":31']);
    expect(
      unmet(
        '201, Location: /v1/organizations/org_…, ETag: "r1"',
        'HTTP/1.1 201 Created\r\nlocation: /v1/organizations/org_1\r\netag: "r1"\r\n\r\n{}',
      ),
    ).toEqual([]);
    expect(
      unmet('201, Location: /v1/organizations/org_…, ETag: "r1"', 'HTTP/1.1 200 OK\r\netag: "r2"\r\n'),
    ).toHaveLength(3);
    expect(unmet('total 32', '{"total":31}')).toEqual(['no "total":32']);
    expect(unmet('304', '{"a":1}')).toHaveLength(1);
    expect(unmet('{…}', '{}')).toHaveLength(1);
    expect(unmet('"nothing … done"', 'a\nnothing at all was done\n')).toEqual([]);
    expect(unmet('"nothing … done"', 'changed: all')).toEqual(['no line with "nothing … done"']);
  });

  it('every sh block runs on a fresh seeded server and prints what it promises', { timeout: 300_000 }, async () => {
    const state = join(work, '.readme-state.sh');
    const failures: string[] = [];
    for (const block of blocks) {
      if (block.notRun) continue;
      const result = await run(script(block, state));
      const outputs = result.stdout.split(new RegExp(`\\n${MARK}\\d+\\n`)).slice(1);
      const where = `${block.page} block at line ${block.line}`;
      if (result.code !== 0) {
        const failed = block.steps[outputs.length - 1]?.command ?? block.code;
        failures.push(`${where}: exit ${result.code} in\n  ${failed}\n${result.stderr}${outputs.at(-1) ?? ''}`);
        break; // later blocks build on this one
      }
      block.steps.forEach((step, i) => {
        const output = outputs[i] ?? '';
        const expectsProblem = step.expected.some((text) => text.includes('urn:undersigned:problem:'));
        if (!expectsProblem && output.includes('"type":"urn:undersigned:problem:'))
          failures.push(`${where}: unexpected problem from\n  ${step.command}\n  ${output.slice(0, 500)}`);
        for (const expected of step.expected) {
          for (const failure of unmet(expected, output))
            failures.push(`${where}: ${failure}, from\n  ${step.command}\n  ${output.slice(0, 500)}`);
        }
      });
    }
    expect(failures.join('\n\n')).toBe('');
  });
});
