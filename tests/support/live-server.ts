// A real server process (`node dist/server.js` as `npm start` runs it, or from source: ./entry.ts) on
// a free port with its own temp database, seeded with the sample: for the typed client's tests,
// the example script, the README's and docs' examples and the browser test, which talk to the API from
// the outside. The process itself is spawnServer's, as in the process tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_KEY, freePort, spawnServer, type ServerProcess } from './server-process.js';

export { ADMIN_KEY };

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
  const started: ServerProcess[] = [];
  const stop = async () => {
    for (const server of started) if (server.running()) server.child.kill('SIGKILL');
    await Promise.all(started.map((server) => server.exited));
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = spawnServer(databasePath, port, 'warn', { SEED_SAMPLE: 'true', ...env });
    started.push(server);
    const { base, running, output } = server;
    const deadline = Date.now() + 45_000;
    while (running() && Date.now() < deadline) {
      try {
        const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        if (res.status === 200) return { base, port, dir, databasePath, output, stop };
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    if (running()) server.child.kill('SIGKILL');
    await server.exited;
    // The probed port can be taken by someone else before the server binds it: try another.
    if (attempt >= 3 || !output().includes('EADDRINUSE')) {
      await stop();
      throw new Error(`the server did not start on ${base}:\n${output()}`);
    }
  }
}
