/**
 * Who signs with whom, at the scale issue 12 names: one organization's cosigners when the
 * database holds 10,000 statements of 100 signatories (target: <= 100 ms). Each ordinary
 * organization is asked once, so every answer is computed (a repeat is a cache hit and says
 * nothing); a hub, on a fifth of all statements, is asked cold and then again (cached).
 */
import { z } from 'zod';
import { expectStatus, json } from './checks.js';
import type { NetworkData } from './data.js';
import { section, ms } from './report.js';

export interface NetworkResult {
  statements: number;
  signatures: number;
  organizations: number;
  ordinary: { asked: number; p50: number; p95: number; max: number; meanCosigners: number; meanSigned: number };
  asOf: { p50: number; max: number };
  hub: { signed: number; cosigners: number; coldMs: number; cachedMs: number };
  overlapMs: number;
  /** The whole graph as CSV; only at small scale (see README: it is not an interactive read). */
  graph: { ms: number; bytes: number } | null;
}

const cosigners = z.object({ signed: z.number(), total: z.number() });
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

export async function measureNetwork(url: string, data: NetworkData, withGraph: boolean): Promise<NetworkResult> {
  const step = 'network';
  const ask = async (id: string, query = '') => {
    const res = await expectStatus(step, `${url}/v1/organizations/${id}/cosigners${query}`);
    const parsed = cosigners.safeParse(json(res));
    return { ms: res.ms, signed: parsed.success ? parsed.data.signed : 0, total: parsed.success ? parsed.data.total : 0 };
  };
  const [first, ...rest] = data.sampleIds;
  if (first) await ask(first, '?limit=1'); // a first request warms the connection and the prepared statements
  const ordinary = [];
  for (const id of rest) ordinary.push(await ask(id));
  const asOf = [];
  for (const id of rest.slice(0, 20)) asOf.push(await ask(id, '?asOf=2020-01-01'));
  const hubCold = await ask(data.hubId);
  const hubCached = await ask(data.hubId);
  const statements = await expectStatus(step, `${url}/v1/statements?limit=2`);
  const ids = z.object({ items: z.array(z.object({ id: z.string() })) }).safeParse(json(statements));
  const pair = ids.success ? ids.data.items.map((s) => s.id) : [];
  const overlap = await expectStatus(step, `${url}/v1/statements/${pair[0] ?? ''}/overlap?with=${pair[1] ?? ''}`);
  const graph = withGraph ? await expectStatus(step, `${url}/v1/network?format=csv`) : null;
  const times = ordinary.map((o) => o.ms);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    statements: data.statements,
    signatures: data.signatures,
    organizations: data.organizations,
    ordinary: {
      asked: ordinary.length,
      p50: quantile(times, 0.5),
      p95: quantile(times, 0.95),
      max: Math.max(0, ...times),
      meanCosigners: mean(ordinary.map((o) => o.total)),
      meanSigned: mean(ordinary.map((o) => o.signed)),
    },
    asOf: { p50: quantile(asOf.map((o) => o.ms), 0.5), max: Math.max(0, ...asOf.map((o) => o.ms)) },
    hub: { signed: hubCold.signed, cosigners: hubCold.total, coldMs: hubCold.ms, cachedMs: hubCached.ms },
    overlapMs: overlap.ms,
    graph: graph ? { ms: graph.ms, bytes: graph.text.length } : null,
  };
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

export function networkSection(r: NetworkResult): string {
  const o = r.ordinary;
  return section(`Who signs with whom (${n(r.statements)} statements, ${n(r.signatures)} signatures, ${n(r.organizations)} organizations; target <= 100 ms)`, [
    `cosigners of one organization, ${o.asked} organizations each asked once (uncached; ~${n(o.meanSigned)} statements, ~${n(o.meanCosigners)} cosigners each): p50 ${ms(o.p50)} ms, p95 ${ms(o.p95)} ms, max ${ms(o.max)} ms ${o.p95 <= 100 ? '✓' : '✗'}`,
    `the same with asOf (uncached): p50 ${ms(r.asOf.p50)} ms, max ${ms(r.asOf.max)} ms`,
    `a hub on ${n(r.hub.signed)} statements with ${n(r.hub.cosigners)} cosigners: ${ms(r.hub.coldMs)} ms cold, ${ms(r.hub.cachedMs)} ms cached ${r.hub.coldMs <= 100 ? '✓' : '✗'}`,
    `overlap of two statements: ${ms(r.overlapMs)} ms`,
    r.graph ? `the whole graph as CSV: ${n(r.graph.bytes / 1024)} KB in ${n(r.graph.ms)} ms` : 'the whole graph: not measured at this scale (about 50 million co-signature pairs; an export, not an interactive read)',
  ]);
}
