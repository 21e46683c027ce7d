/**
 * The long list and the event loop. Node serves everything on one thread, so a request that
 * computes for seconds (a big import, a 100,000-row export) delays every other request: the
 * probes measure what a cheap request (/health, the 31-signatory read) suffers meanwhile.
 */
import { z } from 'zod';
import { expectStatus, fail, json } from './checks.js';
import { probeElsewhere, type ProbeResult } from './load.js';
import { rssMb, sampleRss } from './processes.js';
import { timeImport, type ImportBody, type ImportTiming } from './imports.js';

export interface Server {
  url: string;
  pid: number;
}

export interface EventLoopResult {
  during: string;
  ms: number;
  probes: ProbeResult[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Probes `/health` and the sample read at `rate`/s each while `work` runs (after a short baseline). */
export async function whileRunning<T>(
  server: Server,
  sampleId: string,
  rate: number,
  work: () => Promise<T>,
): Promise<{ result: T; probes: ProbeResult[] }> {
  const probes = await probeElsewhere(
    [
      { name: '/health', url: `${server.url}/health` },
      { name: '31-signatory read', url: `${server.url}/v1/statements/${sampleId}/signatories` },
    ],
    rate,
  );
  await sleep(300);
  const result = await work();
  return { result, probes: await probes.stop() };
}

/** Times an import (or dry run) while probing: the import is one synchronous transaction. */
export async function importWhileProbing(
  step: string,
  server: Server,
  sampleId: string,
  rate: number,
  body: ImportBody,
  dryRun: boolean,
): Promise<{ timing: ImportTiming; loop: EventLoopResult }> {
  const { result, probes } = await whileRunning(server, sampleId, rate, () => timeImport(step, server, body, dryRun));
  const what = 'pdf' in body ? ` (a ${(body.pdf.length / 1e6).toFixed(0)} MB PDF)` : '';
  return {
    timing: result,
    loop: {
      during: `${dryRun ? 'dry run' : 'import'} of ${result.entries.toLocaleString('en-US')} entries${what}`,
      ms: result.ms,
      probes,
    },
  };
}

export interface BigListResult {
  signatories: number;
  paging: {
    supported: boolean;
    pages: number;
    items: number;
    totalMs: number;
    firstPageMs: number;
    medianPageMs: number;
    note: string;
  };
  csv: { ms: number; bytes: number; rows: number; loop: EventLoopResult };
  json: { ms: number; bytes: number } | null;
  rssBeforeMb: number | null;
  peakRssMb: number | null;
}

const page = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable().optional() });

/**
 * Paged read (following nextCursor when the server pages), then the full CSV export with the
 * event-loop probes running, sampling the server's RSS throughout.
 */
export async function measureBigList(
  server: Server,
  bigId: string,
  expected: number,
  probing: { sampleId: string; rate: number },
): Promise<BigListResult> {
  const rssBeforeMb = rssMb(server.pid);
  const rss = sampleRss(server.pid);
  const base = `${server.url}/v1/statements/${bigId}/signatories`;
  const pageTimes: number[] = [];
  let items = 0;
  let supported = false;
  let json0: { ms: number; bytes: number } | null = null;
  let cursor: string | null = null;
  const started = performance.now();
  do {
    const url: string = `${base}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const fetched = await expectStatus('big list: paged read', url);
    const parsed = page.safeParse(json(fetched));
    if (!parsed.success) {
      fail('big list: paged read', `not a list: ${fetched.text.slice(0, 200)}`);
      break;
    }
    pageTimes.push(fetched.ms);
    items += parsed.data.items.length;
    supported ||= parsed.data.nextCursor !== undefined;
    cursor = parsed.data.nextCursor ?? null;
    if (!supported) json0 = { ms: fetched.ms, bytes: Buffer.byteLength(fetched.text) };
  } while (cursor && pageTimes.length < 10_000);
  const totalMs = performance.now() - started;
  if (items !== expected) fail('big list: paged read', `read ${items} signatories, expected ${expected}`);

  const { result: csv, probes } = await whileRunning(server, probing.sampleId, probing.rate, () =>
    expectStatus('big list: CSV export', `${base}.csv`, {}),
  );
  const rows = csv.text.split('\n').filter(Boolean).length - 1;
  if (rows !== expected) fail('big list: CSV export', `${rows} rows, expected ${expected}`);
  const peakRssMb = rss.stop();
  const sorted = [...pageTimes].sort((a, b) => a - b);
  return {
    signatories: expected,
    paging: {
      supported,
      pages: pageTimes.length,
      items,
      totalMs,
      firstPageMs: pageTimes[0] ?? 0,
      medianPageMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
      note: supported
        ? `limit=1000: ${pageTimes.length} pages`
        : 'no nextCursor: ?limit is ignored and the whole list comes in one response',
    },
    csv: {
      ms: csv.ms,
      bytes: Buffer.byteLength(csv.text),
      rows,
      loop: { during: 'CSV export of the biggest list', ms: csv.ms, probes },
    },
    json: json0,
    rssBeforeMb,
    peakRssMb,
  };
}
