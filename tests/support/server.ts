import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/** The project root: the child's cwd, so that `--import tsx` resolves. */
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  base: string;
  adminKey: string;
  /** Everything the process wrote so far, for failure messages. */
  output: () => string;
}

/**
 * A real server process (`node --import tsx src/server.ts`) on its own database in a temp
 * folder, on a port the kernel picks (read from its "listening" log line), seeded with the
 * bundled sample unless told otherwise. Killed and cleaned up when the test finishes.
 */
export async function startServer(options: { seedSample?: boolean; timeoutMs?: number } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-server-'));
  const adminKey = 'server-test-admin-key-000000000000000000';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'server.db'),
      LOG_LEVEL: 'info',
      UNDERSIGNED_ADMIN_KEY: adminKey,
      SEED_SAMPLE: String(options.seedSample ?? true),
      RATE_LIMIT_MAX: '0',
      CORS_ORIGINS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${options.timeoutMs ?? 20_000} ms:\n${output}`)), options.timeoutMs ?? 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { base, adminKey, output: () => output };
}
