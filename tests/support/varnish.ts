import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onTestFinished } from 'vitest';
import { root, tail } from './server-process.js';

/** Where varnishd is, or null: the Varnish tests skip without it (CI installs it: .ci/run). */
export const varnishdPath: string | null = (() => {
  const found = spawnSync('sh', ['-c', 'command -v varnishd || ls /usr/sbin/varnishd'], { encoding: 'utf8' });
  return found.status === 0 ? (found.stdout.trim().split('\n')[0] ?? null) : null;
})();

export interface Varnish {
  base: string;
  stop: () => Promise<void>;
}

/**
 * The project's deploy/varnish/default.vcl, with its backend at `backendPort`, run by a real
 * varnishd on 127.0.0.1:`port` in the foreground, without a jail (so it runs unprivileged, and
 * as root reads its files in our temp folder). Stopped and removed when the test ends.
 */
export async function startVarnish(port: number, backendPort: number): Promise<Varnish> {
  if (!varnishdPath) throw new Error('varnishd is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-varnish-'));
  const vcl = readFileSync(join(root, 'deploy/varnish/default.vcl'), 'utf8').replace(
    '.port = "3000";',
    `.port = "${backendPort}";`,
  );
  if (!vcl.includes(`"${backendPort}"`))
    throw new Error('default.vcl no longer names its backend port as .port = "3000";');
  writeFileSync(join(dir, 'test.vcl'), vcl);
  const child = spawn(
    varnishdPath,
    [
      '-F',
      '-j',
      'none',
      '-n',
      join(dir, 'work'),
      '-a',
      `127.0.0.1:${port}`,
      '-T',
      'none',
      '-f',
      join(dir, 'test.vcl'),
      '-s',
      'malloc,32m',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  onTestFinished(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return { base, stop };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  await stop();
  throw new Error(`varnishd did not pass /health to the app within 15 s:\n${tail(output)}`);
}
