import { dirname, join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { z } from 'zod';

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Every setting the server reads from its environment, with its default. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, the address clients reach the server at' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  AUTO_ADMIN_KEY: booleanFromEnv.default(true),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/undersigned.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UNDERSIGNED_ADMIN_KEY: z.string().min(24, 'must be at least 24 characters: it is an admin credential').optional(),
  SEED_SAMPLE: booleanFromEnv.default(true),
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  CHECKPOINT_PRIVATE_KEY: z.string().min(1).optional(),
  CHECKPOINT_KEY_HISTORY: z.string().min(1).optional(),
  LOG_WITNESSES: z.string().min(1).optional(),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/ })]))),
  CACHE_PURGE_URLS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be a comma-separated list of http(s) URLs' }))),
  WEBHOOK_ALLOW_PRIVATE: booleanFromEnv.default(false),
  OUTBOUND_ALLOW_PRIVATE: booleanFromEnv.default(false),
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i, 'must be a comma-separated list of host or host:port'),
      ),
    ),
  SOURCE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

/** Where the checkpoint signing key comes from: a private Ed25519 JWK given outright, or a file. */
export type SigningKeySource = { jwk: string } | { path: string } | { ephemeral: true };

export interface AppConfig {
  databasePath: string;
  /** The address clients reach the server at: every absolute URL it writes (feeds, the reconciliation manifest) starts with it. */
  publicUrl?: string;
  /** On a database with no API key at all, make an admin key and write it to this file (0600). */
  adminKeyFile?: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  adminKey?: string | undefined;
  /** Import the bundled sample statement into an empty database at start-up. */
  seedSample: boolean;
  /** Requests per minute per client (API key, else IP); 0 turns the limit off. */
  rateLimitMax?: number;
  /** Origins allowed by CORS; empty means no CORS headers at all. */
  corsOrigins?: string[];
  /** The Ed25519 key that signs checkpoints; default: checkpoint-key.jwk beside the database. */
  signingKey?: SigningKeySource;
  /** The signed rotations that led to that key (key-history.ts); default: checkpoint-keys.json beside the key file. */
  keyHistoryPath?: string;
  /** A JWK Set of the witnesses whose co-signatures of tree heads the server keeps; none by default. */
  witnessesPath?: string;
  /** HTTP caches (Varnish with xkey) that every committed change purges, through the outbox; empty: none. */
  cachePurgeUrls?: string[];
  /** Let webhooks and watched sources reach loopback, private, link-local and unique-local addresses (tests, closed networks). */
  outboundAllowPrivate?: boolean;
  /** The same, by its older name (WEBHOOK_ALLOW_PRIVATE): either lifts the limit for every outbound request. */
  webhookAllowPrivate?: boolean;
  /** Hosts (`host` or `host:port`) called even when private, without lifting the limit for others. */
  outboundAllowHosts?: string[];
  /** How long fetching a watched source may take (default 20 s). */
  sourceTimeoutMs?: number;
  /** How often the source watcher looks for sources due (default 30 s). */
  sourcePollMs?: number;
  /** How long a webhook receiver may take to answer (default 5000 ms); slower is a failed attempt. */
  webhookTimeoutMs?: number;
  /** How often the webhook worker looks for due deliveries (default 1000 ms). */
  webhookPollMs?: number;
  /** The clock webhook deliveries, retries and disabling go by (default: the system's); tests move it. */
  clock?: () => Date;
  /** The import worker's V8 heap sizes (default: imports/off-thread.ts WORKER_LIMITS); tests starve it. */
  importWorkerLimits?: ResourceLimits;
  /** The bound of the cosigner reads' index in memory (default 64 MiB); past it, or at 0, they read SQLite. */
  cosignerMemoryBytes?: number;
  /** Where log lines go (default stdout); tests read them. */
  logStream?: NodeJS.WritableStream;
}

/**
 * The configured key, else `checkpoint-key.jwk` in the database's folder (created on first
 * start). An in-memory database gets a key that lives as long as it does.
 */
export const signingKeySource = (config: Pick<AppConfig, 'signingKey' | 'databasePath'>): SigningKeySource =>
  config.signingKey ??
  (config.databasePath === ':memory:'
    ? { ephemeral: true }
    : { path: join(dirname(config.databasePath), 'checkpoint-key.jwk') });

/** The key history file: configured, else beside a key file; a key given outright has none unless configured. */
export function keyHistoryPath(
  config: Pick<AppConfig, 'signingKey' | 'databasePath' | 'keyHistoryPath'>,
): string | null {
  if (config.keyHistoryPath) return config.keyHistoryPath;
  const source = signingKeySource(config);
  return 'path' in source ? join(dirname(source.path), 'checkpoint-keys.json') : null;
}

export interface ServerConfig extends AppConfig {
  port: number;
  host: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment once; the message names each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // Empty strings mean "unset", as they do in most shells and .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  // Where a newcomer finds the first admin key: beside the database, unless one is configured.
  const autoKey = e.AUTO_ADMIN_KEY && !e.UNDERSIGNED_ADMIN_KEY && e.DATABASE_PATH !== ':memory:';
  const listening = ['0.0.0.0', '::'].includes(e.HOST) ? 'localhost' : e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://${listening}:${e.PORT}`,
    ...(autoKey ? { adminKeyFile: join(dirname(e.DATABASE_PATH), 'admin-key') } : {}),
    databasePath: e.DATABASE_PATH,
    logLevel: e.LOG_LEVEL,
    adminKey: e.UNDERSIGNED_ADMIN_KEY,
    seedSample: e.SEED_SAMPLE,
    rateLimitMax: e.RATE_LIMIT_MAX,
    corsOrigins: e.CORS_ORIGINS,
    cachePurgeUrls: e.CACHE_PURGE_URLS,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    outboundAllowPrivate: e.OUTBOUND_ALLOW_PRIVATE,
    outboundAllowHosts: e.OUTBOUND_ALLOW_HOSTS,
    sourceTimeoutMs: e.SOURCE_TIMEOUT_MS,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    ...(e.CHECKPOINT_KEY_HISTORY ? { keyHistoryPath: e.CHECKPOINT_KEY_HISTORY } : {}),
    ...(e.LOG_WITNESSES ? { witnessesPath: e.LOG_WITNESSES } : {}),
    ...(e.CHECKPOINT_PRIVATE_KEY
      ? { signingKey: { jwk: e.CHECKPOINT_PRIVATE_KEY } }
      : e.CHECKPOINT_KEY_FILE
        ? { signingKey: { path: e.CHECKPOINT_KEY_FILE } }
        : {}),
  };
}
