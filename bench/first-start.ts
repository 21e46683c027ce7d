import { join } from 'node:path';
import { envSchema } from '#dist/config.js';
import { freePort, startProcess, stopProcess } from './processes.js';
import { ms, section } from './report.js';

/**
 * What a newcomer waits for: `npm start` (scripts/start.mjs, which builds only when the sources
 * changed) until /health answers, on a fresh database (migrated, the sample imported, an admin key
 * made) and again on the same database. Target: 3 s.
 */
export async function measureFirstStart(dir: string): Promise<{ freshMs: number; restartMs: number }> {
  const env: NodeJS.ProcessEnv = {};
  const projectVariables = new Set(Object.keys(envSchema.shape));
  for (const [key, value] of Object.entries(process.env)) if (!projectVariables.has(key)) env[key] = value;
  const databasePath = join(dir, 'first-start', 'undersigned.db');
  const timeOne = async (name: string) => {
    const port = await freePort();
    const started = performance.now();
    const server = await startProcess({
      name,
      args: ['scripts/start.mjs'],
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath },
      port,
      logDir: dir,
      readyPath: '/health',
    });
    const took = performance.now() - started;
    await stopProcess(server.child);
    return took;
  };
  return { freshMs: await timeOne('first-start'), restartMs: await timeOne('restart') };
}

export const firstStartSection = (start: { freshMs: number; restartMs: number }) =>
  section('Start (npm start until /health answers; target <= 3 s)', [
    `fresh database (migrations, the sample imported, an admin key made): ${ms(start.freshMs)} ms ${start.freshMs <= 3000 ? '✓' : '✗'}`,
    `restart on the same database: ${ms(start.restartMs)} ms ${start.restartMs <= 3000 ? '✓' : '✗'}`,
  ]);
