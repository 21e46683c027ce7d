/**
 * Who signs with whom, at the scale issue 12 names: one organization's cosigners when the
 * database holds 10,000 statements of 100 signatories (target: <= 100 ms). The database is
 * generated (network-data.ts, bulk-inserted lists), a server started on it, and each cosigner
 * read asked so that it is computed, never a cache hit: ordinary organizations each with two
 * `limit`s, a hub (on a fifth of all statements) with ten. The machine's load average is printed
 * beside the numbers: on a shared machine they are wall times of a process that waits for a core.
 */
import { loadavg } from 'node:os';
import { z } from 'zod';
import { GRAPH_PAIR_LIMIT } from '#dist/modules/network/repository.js';
import { expectStatus, json } from './checks.js';
import type { NetworkData } from './data.js';
import { section, ms } from './report.js';

interface Timings {
  asked: number;
  p50: number;
  p99: number;
  max: number;
}

export interface NetworkResult {
  statements: number;
  signatures: number;
  organizations: number;
  generation: { seconds: number; phases: Record<string, number>; method: string };
  ordinary: Timings & { meanCosigners: number; meanSigned: number };
  asOf: Timings;
  hub: Timings & { signed: number; cosigners: number; cachedMs: number };
  overlapMs: number;
  /** The whole graph as CSV; only at small scale (see docs/registry.md: it is not an interactive read). */
  graph: { ms: number; bytes: number } | null;
  /** 1-minute load average before and after the reads: how shared the machine was. */
  load: [number, number];
}

const cosigners = z.object({ signed: z.number(), total: z.number() });
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
};
const timings = (xs: number[]): Timings => ({
  asked: xs.length,
  p50: quantile(xs, 0.5),
  p99: quantile(xs, 0.99),
  max: Math.max(0, ...xs),
});
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export const BULK_METHOD =
  "organizations through the project's insert; statement rows, one event per list (hashed by the project's hashEvent, logged by the triggers) and the lists bulk-inserted straight into statements, signatory_events, signatory_event_items, signatures and signature_spans of the migrated file (indexes and guards set aside, then recreated from the migrations' SQL); no signature revisions";

export async function measureNetwork(
  url: string,
  data: NetworkData,
  withGraph: boolean,
): Promise<Omit<NetworkResult, 'generation'>> {
  const step = 'network';
  const ask = async (id: string, query = '') => {
    const res = await expectStatus(step, `${url}/v1/organizations/${id}/cosigners${query}`);
    const parsed = cosigners.safeParse(json(res));
    return {
      ms: res.ms,
      signed: parsed.success ? parsed.data.signed : 0,
      total: parsed.success ? parsed.data.total : 0,
    };
  };
  const loadBefore = loadavg()[0] ?? 0;
  const [first, ...rest] = data.sampleIds;
  if (first) await ask(first, '?limit=1'); // a first request warms the connection and the prepared statements
  // Each URL once: a repeat would be a cache hit, which says nothing of the query.
  const ordinary = [];
  for (const limit of [100, 99]) for (const id of rest) ordinary.push(await ask(id, `?limit=${limit}`));
  const asOf = [];
  for (const id of rest.slice(0, 20)) asOf.push(await ask(id, '?asOf=2020-01-01'));
  const hub = [];
  for (let limit = 100; limit > 90; limit--) hub.push(await ask(data.hubId, `?limit=${limit}`));
  const hubCached = await ask(data.hubId, '?limit=100');
  const statements = await expectStatus(step, `${url}/v1/statements?limit=2`);
  const ids = z.object({ items: z.array(z.object({ id: z.string() })) }).safeParse(json(statements));
  const pair = ids.success ? ids.data.items.map((s) => s.id) : [];
  const overlap = await expectStatus(step, `${url}/v1/statements/${pair[0] ?? ''}/overlap?with=${pair[1] ?? ''}`);
  const graph = withGraph ? await expectStatus(step, `${url}/v1/network?format=csv`) : null;
  return {
    statements: data.statements,
    signatures: data.signatures,
    organizations: data.organizations,
    ordinary: {
      ...timings(ordinary.map((o) => o.ms)),
      meanCosigners: mean(ordinary.map((o) => o.total)),
      meanSigned: mean(ordinary.map((o) => o.signed)),
    },
    asOf: timings(asOf.map((o) => o.ms)),
    hub: {
      ...timings(hub.map((o) => o.ms)),
      signed: hub[0]?.signed ?? 0,
      cosigners: hub[0]?.total ?? 0,
      cachedMs: hubCached.ms,
    },
    overlapMs: overlap.ms,
    graph: graph ? { ms: graph.ms, bytes: graph.text.length } : null,
    load: [loadBefore, loadavg()[0] ?? 0],
  };
}

/** Pairs the whole graph counts: n(n-1)/2 per list. Past the server's limit it answers 400 graph-too-large. */
export const pairsOf = (o: { statements: number; perList: number }) => (o.statements * o.perList * (o.perList - 1)) / 2;

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const mark = (x: number) => (x <= 100 ? '✓' : '✗');
const phases = (p: Record<string, number>) =>
  Object.entries(p)
    .map(([k, s]) => `${k} ${s.toFixed(1)} s`)
    .join(', ');

export function networkSection(r: NetworkResult): string {
  const { ordinary: o, hub: h } = r;
  return section(
    `Who signs with whom (${n(r.statements)} statements, ${n(r.signatures)} signatures, ${n(r.organizations)} organizations; target <= 100 ms)`,
    [
      `data: generated in ${r.generation.seconds.toFixed(1)} s (${phases(r.generation.phases)}): ${r.generation.method}`,
      `cosigners of an ordinary organization (~${n(o.meanSigned)} statements, ~${n(o.meanCosigners)} cosigners), ${o.asked} uncached reads: p50 ${ms(o.p50)} ms, p99 ${ms(o.p99)} ms, max ${ms(o.max)} ms ${mark(o.p99)}`,
      `the same with asOf, ${r.asOf.asked} uncached reads: p50 ${ms(r.asOf.p50)} ms, p99 ${ms(r.asOf.p99)} ms`,
      `a hub on ${n(h.signed)} statements with ${n(h.cosigners)} cosigners, ${h.asked} uncached reads: p50 ${ms(h.p50)} ms, p99 ${ms(h.p99)} ms ${mark(h.p50)}; cached ${ms(h.cachedMs)} ms`,
      `overlap of two statements: ${ms(r.overlapMs)} ms`,
      r.graph
        ? `the whole graph as CSV: ${n(r.graph.bytes / 1024)} KB in ${n(r.graph.ms)} ms`
        : `the whole graph: not asked (${n(pairsOf({ statements: r.statements, perList: r.signatures / r.statements }))} co-signature pairs; the server refuses more than ${n(GRAPH_PAIR_LIMIT)})`,
      `machine load (1-minute average) ${r.load[0].toFixed(1)} before the reads, ${r.load[1].toFixed(1)} after: wall times, on cores shared with whatever else runs`,
    ],
  );
}
