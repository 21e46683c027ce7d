import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { makeApp } from './support/app.js';

describe('configuration and health', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databasePath: './data/undersigned.db',
      logLevel: 'info',
      adminKey: undefined,
      seedSample: true,
      rateLimitMax: 600,
      corsOrigins: [],
      cachePurgeUrls: [],
      webhookAllowPrivate: false,
      publicUrl: 'http://127.0.0.1:3000',
      adminKeyFile: 'data/admin-key',
      outboundAllowPrivate: false,
      outboundAllowHosts: [],
      sourceTimeoutMs: 20_000,
      webhookTimeoutMs: 5000,
    });
  });

  it('reads each variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_PATH: '/var/lib/undersigned/u.db',
      LOG_LEVEL: 'warn',
      UNDERSIGNED_ADMIN_KEY: 'k'.repeat(32),
      SEED_SAMPLE: 'false',
      RATE_LIMIT_MAX: '30',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      CACHE_PURGE_URLS: 'http://127.0.0.1:6081/, http://cache-2.internal/',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_TIMEOUT_MS: '2500',
      OUTBOUND_ALLOW_PRIVATE: '1',
      SOURCE_TIMEOUT_MS: '5000',
      CHECKPOINT_KEY_HISTORY: '/keys/history.json',
      LOG_WITNESSES: '/keys/witnesses.json',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databasePath: '/var/lib/undersigned/u.db',
      logLevel: 'warn',
      adminKey: 'k'.repeat(32),
      seedSample: false,
      rateLimitMax: 30,
      corsOrigins: ['https://a.example', 'https://b.example'],
      cachePurgeUrls: ['http://127.0.0.1:6081/', 'http://cache-2.internal/'],
      webhookAllowPrivate: true,
      webhookTimeoutMs: 2500,
      outboundAllowPrivate: true,
      sourceTimeoutMs: 5000,
      keyHistoryPath: '/keys/history.json',
      witnessesPath: '/keys/witnesses.json',
    });
  });

  it('names every bad variable in one clear error', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', UNDERSIGNED_ADMIN_KEY: 'short' })).toThrow(
      /PORT:.*\n.*LOG_LEVEL:.*\n.*UNDERSIGNED_ADMIN_KEY: must be at least 24 characters/,
    );
    expect(() => loadConfig({ CORS_ORIGINS: 'not a url' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ RATE_LIMIT_MAX: '-1' })).toThrow(/RATE_LIMIT_MAX/);
    expect(() => loadConfig({ CACHE_PURGE_URLS: 'varnish:6081' })).toThrow(
      /CACHE_PURGE_URLS\.0: must be a comma-separated list of http\(s\) URLs/,
    );
  });

  it('GET /health is 200 {"status":"ok"} while the database answers, 503 when it does not', async () => {
    const t = await makeApp();
    const ok = await t.app.inject({ method: 'GET', url: '/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok' });
    t.app.db.$client.close();
    const down = await t.app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
  });

  it('the database runs in WAL mode with synchronous=FULL, foreign keys on and statement journals in memory', async () => {
    const t = await makeApp();
    const c = t.app.db.$client;
    expect(c.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.pragma('synchronous', { simple: true })).toBe(2);
    expect(c.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(c.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(c.pragma('temp_store', { simple: true })).toBe(2);
  });
});
