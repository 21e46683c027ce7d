import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { AppConfig } from '../../src/config.js';
import { keepToContract } from './contract.js';
import { migratedDatabaseAt } from './migrated.js';

export const ADMIN_KEY = 'test-admin-key-000000000000000000000000';

export interface TestApp {
  app: FastifyInstance;
  dir: string;
  databasePath: string;
  /** inject with the admin key */
  admin: (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  /** inject with a key of the given role, created on first use */
  as: (role: 'editor' | 'admin', opts: InjectOptions) => Promise<LightMyRequestResponse>;
  keys: Record<string, string>;
}

/**
 * A fresh app on its own migrated SQLite file in a temp folder, closed and removed when the
 * test finishes: no state is shared between tests.
 */
export async function makeApp(
  options: { ready?: boolean; adminKey?: string | null; config?: Partial<AppConfig>; contract?: boolean } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-test-'));
  const databasePath = join(dir, 'test.db');
  // A test that names its own file (config.databasePath) gets that file as it is.
  if (options.config?.databasePath === undefined) migratedDatabaseAt(databasePath);
  const app = await buildApp({
    databasePath,
    // TEST_LOG_LEVEL=error npm test shows the server's own log lines while debugging.
    logLevel: process.env.TEST_LOG_LEVEL === 'error' ? 'error' : 'silent',
    adminKey: options.adminKey === null ? undefined : (options.adminKey ?? ADMIN_KEY),
    seedSample: false,
    ...options.config,
  });
  // Every response of every test is checked against the committed OpenAPI document.
  if (options.contract !== false) keepToContract(app);
  onTestFinished(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  if (options.ready !== false) await app.ready();
  const keys: Record<string, string> = {};
  const withKey = (key: string, opts: InjectOptions) =>
    app.inject({ ...opts, headers: { authorization: `Bearer ${key}`, ...opts.headers } });
  const t: TestApp = {
    app,
    dir,
    databasePath,
    keys,
    admin: (opts) => withKey(ADMIN_KEY, opts),
    as: async (role, opts) => {
      if (!keys[role]) {
        const res = await withKey(ADMIN_KEY, {
          method: 'POST',
          url: '/v1/keys',
          payload: { name: `${role}-key`, role },
        });
        keys[role] = res.json<{ key: string }>().key;
      }
      return withKey(keys[role], opts);
    },
  };
  return t;
}

/** Another app on the same database file, as after a restart (or beside it); closed when the test ends. */
export async function reopen(databasePath: string, config: Partial<AppConfig> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ databasePath, logLevel: 'silent', adminKey: ADMIN_KEY, seedSample: false, ...config });
  keepToContract(app);
  onTestFinished(() => app.close());
  await app.ready();
  return app;
}

export function expectProblem(res: LightMyRequestResponse, status: number) {
  if (res.statusCode !== status) {
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${res.headers['content-type']}`);
  }
  const body = res.json<{
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: { in: string; field: string; detail: string }[];
  }>();
  if (
    body.status !== status ||
    typeof body.type !== 'string' ||
    typeof body.title !== 'string' ||
    typeof body.detail !== 'string'
  ) {
    throw new Error(`not a problem document: ${res.body}`);
  }
  if (/\bat .+:\d+:\d+/.test(res.body)) throw new Error(`problem leaks a stack trace: ${res.body}`);
  return body;
}
