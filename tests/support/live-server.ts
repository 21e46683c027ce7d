// A real server process (`node --import tsx src/server.ts`, what `npm start` runs once built) on
// a free port with its own temp database, seeded with the sample: for the typed client's tests,
// the example script and the README's examples, which talk to the API from the outside.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { root } from './cli.js';
import { freePort } from './server-process.js';

export const ADMIN_KEY = 'live-server-admin-key-000000000000000000';

export interface LiveServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  port: number;
  dir: string;
  databasePath: string;
  /** What the process wrote so far (stdout and stderr). */
  output: () => string;
  /** Kills the process and removes its folder. */
  stop: () => Promise<void>;
}

/**
 * Starts a seeded server (admin key {@link ADMIN_KEY}, rate limit off) and waits for /health.
 * The caller stops it (onTestFinished, afterAll).
 */
export async function startLiveServer(env: Record<string, string> = {}): Promise<LiveServer> {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-live-'));
  const databasePath = join(dir, 'live.db');
  const children: Promise<void>[] = [];
  const kills: (() => void)[] = [];
  const stop = async () => {
    for (const kill of kills) kill();
    await Promise.all(children);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: databasePath,
        LOG_LEVEL: 'warn',
        UNDERSIGNED_ADMIN_KEY: ADMIN_KEY,
        SEED_SAMPLE: 'true',
        RATE_LIMIT_MAX: '0',
        CORS_ORIGINS: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const running = () => child.exitCode === null && child.signalCode === null;
    children.push(exited);
    kills.push(() => running() && child.kill('SIGKILL'));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 45_000;
    while (running() && Date.now() < deadline) {
      try {
        const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        if (res.status === 200) return { base, port, dir, databasePath, output: () => output, stop };
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    if (running()) child.kill('SIGKILL');
    await exited;
    // The probed port can be taken by someone else before the server binds it: try another.
    if (attempt >= 3 || !output.includes('EADDRINUSE')) {
      await stop();
      throw new Error(`the server did not start on ${base}:\n${output}`);
    }
  }
}
