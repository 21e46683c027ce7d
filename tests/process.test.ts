// Real server processes (`node --import tsx src/server.ts`), real sockets on 127.0.0.1, real
// signals: what the API promises about crashes, shutdown and races, checked from the outside.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from './support/server-process.js';

/** The project root: the child's cwd, so that `--import tsx` resolves. */
const root = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_KEY = 'process-test-admin-key-00000000000000000';
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

type LogLine = Record<string, unknown>;

interface ServerProcess {
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

interface Workspace {
  dir: string;
  databasePath: string;
  start: (options: { logLevel: 'debug' | 'info' | 'warn' }) => Promise<ServerProcess>;
}

const tail = (text: string, chars = 4000) => (text.length > chars ? `…${text.slice(-chars)}` : text);

/** Polls `condition` every `everyMs` until it holds; throws `what` when `timeoutMs` is up. */
async function until(condition: () => boolean, timeoutMs: number, what: () => string, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(everyMs);
  }
}


/** The errno-like code behind a `fetch failed` TypeError (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET…). */
function failureCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause !== null && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') return cause.code;
  if (cause instanceof Error) return cause.name;
  return error instanceof Error ? error.message : String(error);
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** One request with the admin key; JSON in, JSON (or null for an empty body) out. */
async function call<T>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

function spawnServer(databasePath: string, port: number, logLevel: string): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
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
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) lines.push(Object.fromEntries(Object.entries(parsed)));
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
      if (!found) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before logging it:\n${tail(output)}`);
      return found;
    },
  };
}

/**
 * A temp folder with one database file, and servers started on it. Every server still running
 * when the test finishes is SIGKILLed (and awaited), then the folder is removed.
 */
function workspace(): Workspace {
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

  const start = async ({ logLevel }: { logLevel: 'debug' | 'info' | 'warn' }): Promise<ServerProcess> => {
    // The probed port can be taken by someone else before the server binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const server = spawnServer(databasePath, await freePort(), logLevel);
      servers.push(server);
      const deadline = Date.now() + 15_000;
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
        throw new Error(`the server did not answer /health with 200 within 15 s:\n${tail(server.output())}`);
      }
      await server.exited;
      if (attempt >= 3 || !server.output().includes('EADDRINUSE')) {
        throw new Error(`the server exited during start-up (${server.child.exitCode ?? server.child.signalCode}):\n${tail(server.output())}`);
      }
    }
  };
  return { dir, databasePath, start };
}

/** `n` concurrent reads, which leave `n` keep-alive connections in fetch's pool for a burst to use. */
async function warmUp(base: string, n: number): Promise<void> {
  const statuses = await Promise.all(
    Array.from({ length: n }, async () => {
      const res = await fetch(`${base}/health`);
      await res.arrayBuffer();
      return res.status;
    }),
  );
  expect(statuses.every((s) => s === 200)).toBe(true);
}

/** The process's exit, or 'still running' when it has not exited within `ms`. */
async function exitWithin(server: ServerProcess, ms: number): Promise<Exit | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), Math.max(0, ms))));
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The admin CLI, as an operator runs it next to the server. */
async function cli(databasePath: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
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

interface Organization {
  id: string;
  name: string;
  aliases: string[];
  revision: number;
}
interface SignatoryEvent {
  statementId: string;
  seq: number;
  hash: string;
  prevHash: string | null;
  total: number;
  items: { kind: string; signatureId: string; organizationId: string; position: number }[];
}
interface Integrity {
  valid: boolean;
  length: number;
  head: string | null;
  firstBadSeq: number | null;
  detail: string | null;
}
interface Problem {
  type: string;
  status: number;
}

const oneAddition = (name: string) => ({ asOf: '2022-01-21', add: [{ organization: { name } }] });

/** `PRAGMA integrity_check` and `foreign_key_check` on the file, opened read-only. */
function checkFile(databasePath: string) {
  const raw = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: raw.pragma('integrity_check', { simple: true }),
      foreignKeyProblems: raw.prepare('PRAGMA foreign_key_check').all().length,
      organizationNames: raw.prepare('SELECT name FROM organizations').pluck().all().map(String),
      events: Number(raw.prepare('SELECT count(*) FROM signatory_events').pluck().get()),
    };
  } finally {
    raw.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('a real server process', () => {
  it('loses no acknowledged write when SIGKILLed under concurrent load', { timeout: 60_000 }, async ({ annotate }) => {
    const startedAt = performance.now();
    const ws = workspace();
    const first = await ws.start({ logLevel: 'warn' });

    const statement = await call<{ id: string }>(first.base, 'POST', '/v1/statements', { title: 'T', issuer: 'I' });
    expect(statement.status, JSON.stringify(statement.body)).toBe(201);
    const statementId = statement.body.id;

    // Every write the server answered 201 to, with what it said it stored.
    const ackedOrganizations = new Map<string, string>(); // id -> name
    const ackedEvents: { seq: number; hash: string; organizationId: string; name: string }[] = [];
    // What must not happen while the server is alive: any other answer, any connection error.
    const unexpected: string[] = [];
    const failuresAfterKill = new Map<string, number>();
    let killed = false;
    let stop = false;
    let inFlight = 0;
    let sent = 0;

    const CLIENTS = 8;
    const MAX_PER_CLIENT = 2_000;
    const client = async (c: number) => {
      const organizations = c % 2 === 0;
      for (let n = 0; n < MAX_PER_CLIENT && !stop; n++) {
        const name = `${organizations ? 'org' : 'sig'}-${c}-${n}`;
        const [path, body] = organizations
          ? ['/v1/organizations', { name }]
          : [`/v1/statements/${statementId}/snapshots`, oneAddition(name)];
        inFlight++;
        sent++;
        try {
          const res = await fetch(`${first.base}${path}`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          if (res.status !== 201) {
            unexpected.push(`${path} ${name}: ${res.status} ${text.slice(0, 300)}`);
            continue;
          }
          // Acknowledged: the status line and the whole body arrived.
          if (organizations) {
            const org = JSON.parse(text) as Organization;
            ackedOrganizations.set(org.id, org.name);
          } else {
            const event = JSON.parse(text) as SignatoryEvent;
            ackedEvents.push({ seq: event.seq, hash: event.hash, organizationId: event.items[0]?.organizationId ?? '', name });
          }
        } catch (error) {
          // Unacknowledged: it may or may not have been committed.
          const code = failureCode(error);
          if (!killed) unexpected.push(`${path} ${name}: ${code} before the kill`);
          else {
            failuresAfterKill.set(code, (failuresAfterKill.get(code) ?? 0) + 1);
            return; // the server is gone: every loop ends here
          }
        } finally {
          inFlight--;
        }
      }
    };

    const loadStart = performance.now();
    const loops = Array.from({ length: CLIENTS }, (_, c) => client(c));
    const acked = () => ackedOrganizations.size + ackedEvents.length;
    try {
      await until(
        () => (acked() >= 50 && performance.now() - loadStart >= 1_500) || unexpected.length > 0 || !first.running(),
        20_000,
        () => `50 acknowledged writes (have ${acked()})`,
      );
    } catch (error) {
      stop = true;
      throw error;
    }
    if (unexpected.length > 0 || !first.running()) stop = true;
    expect(unexpected).toEqual([]);
    expect(first.running(), tail(first.output())).toBe(true);

    // Kill it while the clients' requests are on the wire.
    const inFlightAtKill = inFlight;
    const ackedAtKill = acked();
    killed = true;
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all(loops);
    const loadMs = Math.round(performance.now() - loadStart);
    expect(unexpected).toEqual([]);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(acked()).toBeGreaterThanOrEqual(50);
    // Every client ran until the kill and ended on the connection error it caused.
    expect([...failuresAfterKill.values()].reduce((a, b) => a + b, 0)).toBe(CLIENTS);
    const cutMidRequest = [...failuresAfterKill].filter(([code]) => code !== 'ECONNREFUSED').reduce((a, [, n]) => a + n, 0);
    // Distinct seqs: no event was acknowledged twice under one number.
    expect(new Set(ackedEvents.map((e) => e.seq)).size).toBe(ackedEvents.length);

    // Restart on the same file: WAL recovery, migrations, the bootstrap key.
    const second = await ws.start({ logLevel: 'warn' });

    const missingOrganizations = await mapLimit([...ackedOrganizations], 8, async ([id, name]) => {
      const res = await call<Organization>(second.base, 'GET', `/v1/organizations/${id}`);
      return res.status === 200 && res.body.name === name ? null : `${id} (${name}): ${res.status}`;
    });
    expect(missingOrganizations.filter((m) => m !== null)).toEqual([]);

    const badEvents = await mapLimit(ackedEvents, 8, async (ack) => {
      const res = await call<SignatoryEvent>(second.base, 'GET', `/v1/statements/${statementId}/snapshots/${ack.seq}`);
      if (res.status !== 200) return `seq ${ack.seq}: ${res.status}`;
      if (res.body.hash !== ack.hash) return `seq ${ack.seq}: hash ${res.body.hash}, acknowledged ${ack.hash}`;
      if (res.headers.get('etag') !== `"${ack.hash}"`) return `seq ${ack.seq}: etag ${res.headers.get('etag')}`;
      if (res.body.items[0]?.organizationId !== ack.organizationId) return `seq ${ack.seq}: items ${JSON.stringify(res.body.items)}`;
      const org = await call<Organization>(second.base, 'GET', `/v1/organizations/${ack.organizationId}`);
      return org.status === 200 && org.body.name === ack.name ? null : `seq ${ack.seq}: organization ${ack.organizationId} ${org.status}`;
    });
    expect(badEvents.filter((m) => m !== null)).toEqual([]);

    const integrity = await call<Integrity>(second.base, 'GET', `/v1/statements/${statementId}/integrity`);
    expect(integrity.status).toBe(200);
    expect(integrity.body).toMatchObject({ valid: true, firstBadSeq: null, detail: null });
    expect(integrity.body.length).toBeGreaterThanOrEqual(ackedEvents.length);
    expect(integrity.body.length).toBeGreaterThanOrEqual(Math.max(0, ...ackedEvents.map((e) => e.seq)));

    // The admin CLI, alongside the running server, agrees.
    const verify = await cli(ws.databasePath, 'verify');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`ok      ${statementId}: ${integrity.body.length} events, head ${integrity.body.head}`);

    // Stop the restarted server gracefully, then look at the file itself.
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const file = checkFile(ws.databasePath);
    expect(file.integrity).toBe('ok');
    expect(file.foreignKeyProblems).toBe(0);
    expect(file.events).toBe(integrity.body.length);
    const stored = new Set(file.organizationNames);
    for (const name of ackedOrganizations.values()) expect(stored.has(name), name).toBe(true);
    for (const { name } of ackedEvents) expect(stored.has(name), name).toBe(true);

    const committedButUnacknowledged = stored.size - ackedOrganizations.size - ackedEvents.length;
    await annotate(
      `SIGKILL after ${loadMs} ms of load: ${sent} requests sent, ${ackedAtKill} acknowledged at the kill ` +
        `(${acked()} in all: ${ackedOrganizations.size} organizations, ${ackedEvents.length} events), ${inFlightAtKill} in flight, ` +
        `client errors after the kill ${JSON.stringify(Object.fromEntries(failuresAfterKill))} (${cutMidRequest} cut mid-request); after restart: ${integrity.body.length} events, ` +
        `${stored.size} organizations, ${committedButUnacknowledged} committed but unacknowledged; ` +
        `test took ${Math.round(performance.now() - startedAt)} ms`,
    );
  });

  it('on SIGTERM finishes the in-flight request, refuses new ones, checkpoints the WAL and exits 0', { timeout: 40_000 }, async ({ annotate }) => {
    const startedAt = performance.now();
    const ws = workspace();
    const server = await ws.start({ logLevel: 'debug' });

    const before: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call<Organization>(server.base, 'POST', '/v1/organizations', { name: `before-${i}` });
      expect(res.status).toBe(201);
      before.push(res.body.id);
    }

    // A request the server has started (its headers are in, it logged it) but whose body is only
    // completed after SIGTERM: deterministically in flight across the signal.
    const requestId = `in-flight-${randomUUID()}`;
    let releaseBody = () => {};
    const bodyGate = new Promise<void>((resolve) => (releaseBody = resolve));
    async function* slowBody() {
      yield new TextEncoder().encode('{"name":"in-fl');
      await bodyGate;
      yield new TextEncoder().encode('ight"}');
    }
    const inFlight = fetch(`${server.base}/v1/organizations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'x-request-id': requestId },
      body: slowBody(),
      duplex: 'half',
      signal: AbortSignal.timeout(20_000),
    }).then(async (res) => ({ status: res.status, text: await res.text() }));
    await server.waitForLog((line) => line.reqId === requestId && line.msg === 'incoming request', 10_000);

    // And a few plain requests fired just before the signal: each is either accepted, and then
    // answered in full and stored, or refused before it is accepted (connection refused or reset
    // by the closing server, or a 503 from Fastify's drain), and then not stored.
    const racers = Array.from({ length: 5 }, (_, i) =>
      fetch(`${server.base}/v1/organizations`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `racer-${i}` }),
        signal: AbortSignal.timeout(20_000),
      }).then(
        async (res) => ({ name: `racer-${i}`, outcome: String(res.status), text: await res.text() }),
        (error: unknown) => ({ name: `racer-${i}`, outcome: failureCode(error), text: '' }),
      ),
    );

    const sigtermAt = performance.now();
    server.child.kill('SIGTERM');
    const shuttingDown = await server.waitForLog((line) => line.msg === 'shutting down', 5_000);
    expect(shuttingDown.signal).toBe('SIGTERM');

    // While the request is unfinished the server stays up (a fixed hold on purpose: it shows that
    // it waits rather than exits), and no longer takes new connections.
    await sleep(300);
    expect(server.running(), tail(server.output())).toBe(true);
    const late = await fetch(`${server.base}/v1/organizations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'after-sigterm' }),
      signal: AbortSignal.timeout(5_000),
    }).then(
      (res) => `HTTP ${res.status}`,
      (error: unknown) => failureCode(error),
    );
    expect(late).not.toMatch(/^HTTP 2/);

    releaseBody();
    const answer = await inFlight;
    expect(answer.status, answer.text).toBe(201);
    const created = JSON.parse(answer.text) as Organization;
    expect(created.name).toBe('in-flight');

    // close-with-grace gives up after 10 s and exits 1; wait a little longer to see which it was.
    const exit = await exitWithin(server, 12_000 - (performance.now() - sigtermAt));
    const exitMs = Math.round(performance.now() - sigtermAt);
    const raced = await Promise.all(racers);
    // better-sqlite3 checkpoints on close: no WAL left with frames in it.
    const wal = `${ws.databasePath}-wal`;
    const walBytes = existsSync(wal) ? statSync(wal).size : null;
    const summary =
      `SIGTERM → ${exit === 'still running' ? 'still running' : `exit code ${exit.code}`} after ${exitMs} ms (in-flight body released ~300 ms after the signal); ` +
      `in-flight request: ${answer.status}; request after the signal: ${late}; racers fired just before it: ${raced.map((r) => r.outcome).join(', ')}; ` +
      `WAL after exit: ${walBytes === null ? 'absent' : `${walBytes} bytes`}`;
    await annotate(`${summary}; test took ${Math.round(performance.now() - startedAt)} ms`);

    expect(exit, `${summary}\n${tail(server.output())}`).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(10_000);
    expect(server.output()).toContain('"msg":"shutting down"');
    expect(server.logLines().filter((line) => typeof line.level === 'number' && line.level >= 50)).toEqual([]);
    expect(walBytes === null || walBytes === 0, `${wal} has ${walBytes} bytes`).toBe(true);

    const file = checkFile(ws.databasePath);
    expect(file.integrity).toBe('ok');
    const stored = new Set(file.organizationNames);
    expect([...stored].filter((name) => name.startsWith('before-'))).toHaveLength(before.length);
    expect(stored.has('in-flight')).toBe(true);
    expect(stored.has('after-sigterm')).toBe(false);
    for (const racer of raced) {
      if (racer.outcome === '201') expect(stored.has(racer.name), racer.name).toBe(true);
      else {
        // Refused before it was accepted: nothing of it may be stored.
        expect(stored.has(racer.name), `${racer.name} was stored but answered ${racer.outcome}`).toBe(false);
        if (/^\d+$/.test(racer.outcome)) expect(racer.outcome).toBe('503');
      }
    }
  });

  it('settles races over real sockets: one If-Match winner, contiguous seqs', { timeout: 40_000 }, async ({ annotate }) => {
    const startedAt = performance.now();
    const ws = workspace();
    const server = await ws.start({ logLevel: 'warn' });
    const N = 50;

    const org = await call<Organization>(server.base, 'POST', '/v1/organizations', { name: 'Contested' });
    expect(org.status).toBe(201);
    expect(org.headers.get('etag')).toBe('"r1"');

    // Open the 50 connections first, so that the PATCHes reach the server together rather than
    // one TCP handshake apart.
    await warmUp(server.base, N);
    const patches = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        call<Organization | Problem>(server.base, 'PATCH', `/v1/organizations/${org.body.id}`, { aliases: [`writer-${i}`] }, { 'if-match': '"r1"' }),
      ),
    );
    const statuses = patches.map((p) => p.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(N - 1);
    const winner = patches.findIndex((p) => p.status === 200);
    for (const lost of patches.filter((p) => p.status === 412)) {
      expect(lost.body).toMatchObject({ type: 'urn:undersigned:problem:precondition-failed', status: 412 });
      expect(lost.headers.get('etag')).toBe('"r2"');
    }

    const current = await call<Organization>(server.base, 'GET', `/v1/organizations/${org.body.id}`);
    expect(current.body).toMatchObject({ revision: 2, aliases: [`writer-${winner}`] });
    const revisions = await call<{ items: { revision: number; state: Organization }[] }>(server.base, 'GET', `/v1/organizations/${org.body.id}/revisions`);
    expect(revisions.body.items.map((r) => r.revision)).toEqual([2, 1]);
    expect(revisions.body.items[0]?.state.aliases).toEqual([`writer-${winner}`]);

    const statement = await call<{ id: string }>(server.base, 'POST', '/v1/statements', { title: 'T', issuer: 'I' });
    expect(statement.status).toBe(201);
    await warmUp(server.base, N);
    const appends = await Promise.all(
      Array.from({ length: N }, (_, i) => call<SignatoryEvent>(server.base, 'POST', `/v1/statements/${statement.body.id}/snapshots`, oneAddition(`signer-${i}`))),
    );
    expect(appends.map((a) => a.status)).toEqual(Array<number>(N).fill(201));
    const events = appends.map((a) => a.body).sort((a, b) => a.seq - b.seq);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    // Each acknowledged event chains onto the one acknowledged before it, and counts one more.
    events.forEach((e, i) => {
      expect(e.prevHash).toBe(i === 0 ? null : events[i - 1]?.hash);
      expect(e.total).toBe(i + 1);
      expect(e.items[0]?.position).toBe(i + 1);
    });

    const integrity = await call<Integrity>(server.base, 'GET', `/v1/statements/${statement.body.id}/integrity`);
    expect(integrity.body).toMatchObject({ valid: true, length: N, head: events.at(-1)?.hash, firstBadSeq: null });

    await annotate(`${N} PATCHes: 1 × 200 (writer-${winner}), ${N - 1} × 412; ${N} appends: seqs 1..${N}; test took ${Math.round(performance.now() - startedAt)} ms`);
  });
});
