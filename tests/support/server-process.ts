// Real server processes (`node dist/server.js`, or from source: ./entry.ts) on 127.0.0.1 ports, for the tests
// that check what the API promises from the outside (tests/process-*.test.ts, the cache tier).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { onTestFinished } from 'vitest';
import { entryArgs } from './entry.js';

/** The project root: the child's cwd, so that `--import tsx` resolves. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN_KEY = 'process-test-admin-key-00000000000000000';
export const auth = { authorization: `Bearer ${ADMIN_KEY}` };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type LogLine = Record<string, unknown>;

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<Exit>;
  running: () => boolean;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** The stdout lines that parsed as JSON (pino's log lines). */
  logLines: () => LogLine[];
  /** Polls the log until a line matches; fails with the output when the time is up or the process exits. */
  waitForLog: (match: (line: LogLine) => boolean, timeoutMs: number) => Promise<LogLine>;
}

export interface Workspace {
  dir: string;
  databasePath: string;
  /** A server on the workspace's database, with `env` added to its environment. */
  start: (options: { logLevel: 'debug' | 'info' | 'warn'; env?: Record<string, string> }) => Promise<ServerProcess>;
}

export const tail = (text: string, chars = 4000) => (text.length > chars ? `…${text.slice(-chars)}` : text);

/** Polls `condition` every `everyMs` until it holds; throws `what` when `timeoutMs` is up. */
export async function until(
  condition: () => boolean,
  timeoutMs: number,
  what: () => string,
  everyMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(everyMs);
  }
}

/** A port that was free a moment ago (the kernel picks it; we release it for the server). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  await new Promise<void>((resolve, reject) => probe.close((error) => (error ? reject(error) : resolve())));
  return address.port;
}

export function spawnServer(
  databasePath: string,
  port: number,
  logLevel: string,
  env: Record<string, string> = {},
): ServerProcess {
  const child = spawn(process.execPath, entryArgs('server'), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      LOG_LEVEL: logLevel,
      UNDERSIGNED_ADMIN_KEY: ADMIN_KEY,
      SEED_SAMPLE: 'false',
      RATE_LIMIT_MAX: '0',
      CORS_ORIGINS: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let pending = '';
  const lines: LogLine[] = [];
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    output += chunk;
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
          lines.push(Object.fromEntries(Object.entries(parsed)));
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    exited,
    running,
    output: () => output,
    logLines: () => lines,
    waitForLog: async (match, timeoutMs) => {
      let found: LogLine | undefined;
      await until(
        () => (found = lines.find(match)) !== undefined || !running(),
        timeoutMs,
        () => `a log line; output so far:\n${tail(output)}`,
      );
      if (!found)
        throw new Error(
          `the server exited (${child.exitCode ?? child.signalCode}) before logging it:\n${tail(output)}`,
        );
      return found;
    },
  };
}

/**
 * A temp folder with one database file, and servers started on it. Every server still running
 * when the test finishes is SIGKILLed (and awaited), then the folder is removed.
 */
export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-process-'));
  const databasePath = join(dir, 'process.db');
  const servers: ServerProcess[] = [];
  onTestFinished(async () => {
    for (const server of servers) {
      if (server.running()) server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async ({
    logLevel,
    env,
  }: {
    logLevel: 'debug' | 'info' | 'warn';
    env?: Record<string, string>;
  }): Promise<ServerProcess> => {
    // The probed port can be taken by someone else before the server binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const server = spawnServer(databasePath, await freePort(), logLevel, env);
      servers.push(server);
      // Generous: a start takes 1-3 s, but far longer on a loaded machine, and only a failure waits it out.
      const deadline = Date.now() + 45_000;
      while (server.running() && Date.now() < deadline) {
        try {
          const res = await fetch(`${server.base}/health`, { signal: AbortSignal.timeout(1_000) });
          await res.arrayBuffer();
          if (res.status === 200) return server;
        } catch {
          // not listening yet
        }
        await sleep(50);
      }
      if (server.running()) {
        server.child.kill('SIGKILL');
        await server.exited;
        throw new Error(`the server did not answer /health with 200 within 45 s:\n${tail(server.output())}`);
      }
      await server.exited;
      if (attempt >= 3 || !server.output().includes('EADDRINUSE')) {
        throw new Error(
          `the server exited during start-up (${server.child.exitCode ?? server.child.signalCode}):\n${tail(server.output())}`,
        );
      }
    }
  };
  return { dir, databasePath, start };
}

/** The admin CLI, as an operator runs it next to the server. */
export async function cli(
  databasePath: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...entryArgs('cli'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: databasePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await exited) as [number | null];
  return { code, stdout, stderr };
}
