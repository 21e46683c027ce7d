/**
 * The processes under test: the built server, started as `npm start` starts it, and the peers it
 * is compared with, each in its own process so that no two share an event loop.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from '#dist/config.js';
import { freePort, ROOT, startProcess, type Started } from './processes.js';

/** 24+ characters, as config requires; only ever used against a temp database. */
export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

/**
 * `node dist/server.js` with the environment `npm start` would see, minus any of the project's
 * own settings the caller happens to have set, plus: a temp database, a free port on 127.0.0.1,
 * the admin key, the sample seed on, and the rate limit off (the only change from the defaults:
 * at 600 requests a minute there would be nothing to measure). Log level stays the default, info.
 */
export async function startServer(name: string, databasePath: string, logDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = {};
  const projectVariables = new Set(Object.keys(envSchema.shape));
  for (const [key, value] of Object.entries(process.env)) if (!projectVariables.has(key)) env[key] = value;
  const port = await freePort();
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    UNDERSIGNED_ADMIN_KEY: ADMIN_KEY,
    SEED_SAMPLE: 'true',
    RATE_LIMIT_MAX: '0',
  });
  return startProcess({ name, args: ['dist/server.js'], env, port, logDir, readyPath: '/health' });
}

export type PeerKind = 'static' | 'bytes' | 'list' | 'diff' | 'org' | 'search';

const tsx = ['--import', 'tsx'];

/** The two static peers serve `body` (the server's own answer) on the server's route pattern. */
export async function startStaticPeer(kind: 'static' | 'bytes', body: string, logDir: string): Promise<Started> {
  const bodyFile = join(logDir, 'main-read.json');
  writeFileSync(bodyFile, body);
  const port = await freePort();
  const env = {
    ...process.env,
    PEER_PORT: String(port),
    PEER_BODY_FILE: bodyFile,
    PEER_MODE: kind === 'bytes' ? 'bytes' : 'object',
    PEER_ROUTE: '/v1/statements/:id/signatories',
  };
  return startProcess({
    name: `peer-${kind}`,
    args: [...tsx, 'bench/peers/static-peer.ts'],
    env,
    port,
    logDir,
    readyPath: '/ready',
  });
}

/** A hand-written better-sqlite3 peer for one read, on a read-only connection to the server's file. */
export async function startSqlitePeer(
  kind: 'list' | 'diff' | 'org' | 'search',
  databasePath: string,
  logDir: string,
): Promise<Started> {
  const port = await freePort();
  const env = { ...process.env, PEER_PORT: String(port), PEER_DB: databasePath, PEER_ROUTE: kind };
  return startProcess({
    name: `peer-${kind}`,
    args: [...tsx, 'bench/peers/sqlite-peer.ts'],
    env,
    port,
    logDir,
    readyPath: '/ready',
  });
}

/** The hand-written write peer (peers/write-peer.ts) on its own copy of a database. */
export async function startWritePeer(name: string, databasePath: string, logDir: string): Promise<Started> {
  const port = await freePort();
  const env = { ...process.env, PEER_PORT: String(port), PEER_DB: databasePath };
  return startProcess({
    name,
    args: [...tsx, 'bench/peers/write-peer.ts'],
    env,
    port,
    logDir,
    readyPath: '/ready',
  });
}

/** Where varnishd is, or null (the Varnish row is then skipped, saying so). */
export const varnishd = (): string | null => {
  const found = spawnSync('sh', ['-c', 'command -v varnishd || ls /usr/sbin/varnishd'], { encoding: 'utf8' });
  return found.status === 0 ? (found.stdout.trim().split('\n')[0] ?? null) : null;
};

/**
 * deploy/varnish/default.vcl with `backend` as its backend, run by varnishd in the foreground,
 * without a jail (so it runs as any user), with 256 MB of cache.
 */
export async function startVarnish(path: string, backend: string, logDir: string): Promise<Started> {
  const vclFile = join(logDir, 'bench.vcl');
  writeFileSync(
    vclFile,
    readFileSync(new URL('deploy/varnish/default.vcl', ROOT), 'utf8').replace(
      '.port = "3000";',
      `.port = "${new URL(backend).port}";`,
    ),
  );
  const port = await freePort();
  const args = [
    '-F',
    '-j',
    'none',
    '-n',
    join(logDir, 'varnish'),
    '-a',
    `127.0.0.1:${port}`,
    '-T',
    'none',
    '-f',
    vclFile,
    '-s',
    'malloc,256m',
  ];
  return startProcess({ name: 'varnish', command: path, args, env: process.env, port, logDir, readyPath: '/health' });
}

/** The hand-written peers, each its own process, on the main database. */
export async function startSqlitePeers(databasePath: string, dir: string): Promise<Partial<Record<PeerKind, Started>>> {
  const kinds: ('list' | 'diff' | 'org' | 'search')[] = ['list', 'diff', 'org', 'search'];
  const [list, diff, org, search] = await Promise.all(kinds.map((kind) => startSqlitePeer(kind, databasePath, dir)));
  return { list, diff, org, search };
}

/** The static peers serve the server's own answer to the main read. */
export async function startStaticPeers(body: string, dir: string): Promise<Partial<Record<PeerKind, Started>>> {
  const [staticPeer, bytes] = await Promise.all([
    startStaticPeer('static', body, dir),
    startStaticPeer('bytes', body, dir),
  ]);
  return { static: staticPeer, bytes };
}
