/**
 * Every process and temp dir the benchmark makes is registered here, so that a failure, an
 * exception or Ctrl-C still ends them all and removes the dirs: a benchmark that leaks servers
 * skews the next run's numbers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

export const ROOT = new URL('..', import.meta.url);

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

/** A port nobody listens on now; the OS picks it, so parallel runs do not collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export interface Started {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  logFile: string;
}

/**
 * Starts `node ARGS` (or `command ARGS`) with its stdout and stderr going straight to a file (no pipe through this
 * process: at info level a server under load writes megabytes of log per second, and piping it
 * here would steal CPU from the load generator), then waits until `readyPath` answers 200.
 */
export async function startProcess(options: {
  name: string;
  command?: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  logDir: string;
  readyPath: string;
}): Promise<Started> {
  const logFile = join(options.logDir, `${options.name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(options.command ?? process.execPath, options.args, {
    cwd: ROOT,
    env: options.env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  children.add(child);
  child.on('exit', () => children.delete(child));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${options.name} exited (${child.exitCode ?? child.signalCode}) before it was ready; its log:\n${tail(logFile)}`,
      );
    }
    const ok = await fetch(url + options.readyPath).then(
      (r) => r.ok,
      () => false,
    );
    if (ok && child.pid !== undefined) return { name: options.name, child, pid: child.pid, url, logFile };
    if (Date.now() > deadline)
      throw new Error(`${options.name} did not answer ${options.readyPath} within 30 s; its log:\n${tail(logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `node ARGS` to completion and returns its stdout; a non-zero exit is an error with its stderr. */
export function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`node ${args.join(' ')} failed (${code ?? signal}):\n${err.slice(-4000)}`));
    });
  });
}

const tail = (file: string) => readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');

/** SIGTERM (the server shuts down gracefully and checkpoints), then SIGKILL after a grace period. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Ends everything still running and removes every temp dir; safe to call more than once. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((child) => stopProcess(child, 2_000)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

/** Last resort when the process is exiting synchronously: no time to wait for graceful exits. */
export function killAllNow(): void {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** Resident set size of a process in MB, from /proc (Linux); null when it is gone or not Linux. */
export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every 50 ms until stopped; returns the peak in MB. */
export function sampleRss(pid: number): { stop: () => number | null } {
  let peak: number | null = rssMb(pid);
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** A copy of a closed SQLite file (and its WAL, if one was left), for a peer that writes to its own. */
export function copyDatabase(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}
