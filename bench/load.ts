/**
 * Load generation: autocannon from code for throughput, and an open-loop prober for latency under
 * a fixed rate. autocannon is closed-loop (a blocked server simply gets fewer requests), which
 * hides a stalled event loop; the prober sends on a clock whether or not answers came back.
 */
import { spawn } from 'node:child_process';
import { Agent, get as httpGet } from 'node:http';
import { z } from 'zod';
import autocannon from 'autocannon';
import { sampleRss } from './processes.js';

export interface Measured {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  statusCounts: Record<string, number>;
  /** Peak RSS (MB) of the process under test during the run. */
  rssMb: number | null;
}

export interface Target {
  /** Full URL including query string. */
  url: string;
  headers?: Record<string, string>;
  /** Makes the path of each request (on the url's origin), instead of the url's own. */
  nextPath?: () => string;
  /** The process answering, for its RSS. */
  pid: number;
}

export async function hammer(target: Target, options: { connections: number; seconds: number }): Promise<Measured> {
  const rss = sampleRss(target.pid);
  const { nextPath } = target;
  const requests: autocannon.Request[] | undefined = nextPath && [
    { method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) },
  ];
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    duration: options.seconds,
    headers: target.headers ?? {},
    ...(requests ? { requests } : {}),
  });
  const peak = rss.stop();
  const statusCounts: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = stats.count ?? 0;
  return {
    reqPerSec: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCounts,
    rssMb: peak,
  };
}

/** The middle of an odd number of runs, by throughput, so its latencies come from one real run. */
export function median(runs: Measured[]): Measured {
  const sorted = [...runs].sort((a, b) => a.reqPerSec - b.reqPerSec);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new Error('no runs to take a median of');
  return middle;
}

export interface Probe {
  name: string;
  url: string;
}

export interface ProbeResult {
  name: string;
  sent: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

/** One GET to the end of its body, on a keep-alive agent; resolves to the status code (0 on a socket error). */
function get(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const request = httpGet(url, { agent, timeout: 120_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', () => resolve(0));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

const STOP_GRACE_MS = 5_000;

/**
 * Sends GET `url` at `perSecond` per probe, on a timer, until `stop` is called; each latency is
 * measured from when the request was due, so time spent waiting on a blocked server counts. A
 * bounded keep-alive pool per probe, like a real client's: requests that pile up while the
 * server is blocked wait in the pool instead of overflowing the server's accept queue.
 */
export function probe(probes: Probe[], perSecond: number): { stop: () => Promise<ProbeResult[]> } {
  const state = probes.map((p) => ({
    ...p,
    agent: new Agent({ keepAlive: true, maxSockets: 8 }),
    latencies: new Array<number>(),
    failed: 0,
    /** Each request still unanswered, with when it was due. */
    inFlight: new Map<Promise<void>, number>(),
  }));
  const interval = 1000 / perSecond;
  const started = performance.now();
  let tick = 0;
  const fire = () => {
    // Catch up on ticks the timer fired late, so the rate is kept even if this process stalls.
    for (let due = started + tick * interval; due <= performance.now(); due = started + tick * interval) {
      tick++;
      for (const s of state) {
        const request = get(s.url, s.agent).then((status) => {
          if (!s.inFlight.delete(request)) return; // counted at stop already
          if (status >= 200 && status < 300) s.latencies.push(performance.now() - due);
          else s.failed++;
        });
        s.inFlight.set(request, due);
      }
    }
  };
  const timer = setInterval(fire, interval);
  return {
    stop: async () => {
      clearInterval(timer);
      // Answers still owed after a grace period (a server stuck in a long synchronous write) are
      // counted as waited until now, a lower bound, so stopping never waits for the server.
      const owed = state.flatMap((s) => [...s.inFlight.keys()]);
      await Promise.race([Promise.all(owed), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS))]);
      const now = performance.now();
      for (const s of state) {
        for (const due of s.inFlight.values()) s.latencies.push(now - due);
        s.inFlight.clear();
        s.agent.destroy();
      }
      return state.map((s) => {
        const sorted = [...s.latencies].sort((a, b) => a - b);
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
        return {
          name: s.name,
          sent: s.latencies.length + s.failed,
          failed: s.failed,
          p50: at(0.5),
          p99: at(0.99),
          max: sorted.at(-1) ?? 0,
        };
      });
    },
  };
}

const probeResults = z.array(
  z.object({
    name: z.string(),
    sent: z.number(),
    failed: z.number(),
    p50: z.number(),
    p99: z.number(),
    max: z.number(),
  }),
);

/**
 * `probe`, run in a child process (bench/prober.ts), so that nothing this process does while the
 * probes run (reading a 4 MB import result) delays them and is counted as the server's delay.
 */
export async function probeElsewhere(
  probes: Probe[],
  perSecond: number,
): Promise<{ stop: () => Promise<ProbeResult[]> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/prober.ts', String(perSecond), JSON.stringify(probes)],
    { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('ready\n') && resolve());
    child.on('exit', (code) => reject(new Error(`the prober exited (${code}) before it was ready`)));
  });
  return {
    stop: async () => {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      return probeResults.parse(JSON.parse(out.split('\n').filter(Boolean).at(-1) ?? '[]'));
    },
  };
}
