/**
 * The write and scale targets (docs/performance.md), each with what this run measured and ✓ or ✗. Printed and kept in the
 * results; never a reason to fail the run (`--smoke` numbers mean nothing).
 */
import type { BigCase } from './big-case.js';
import type { EventLoopResult } from './big-list.js';
import type { ImportTiming } from './imports.js';
import type { NetworkResult } from './network.js';
import { ms, section } from './report.js';
import type { AsOfBesidePeer } from './scale.js';
import type { AppendsBesidePeer, PeerImport } from './writes.js';

export interface TargetLine {
  target: string;
  measured: string;
  value: number | null;
  limit: number;
  met: boolean | null;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const x2 = (x: number) => `${x.toFixed(2)}×`;
const atMost = (value: number | null, limit: number) => (value === null ? null : value <= limit);
const atLeast = (value: number | null, limit: number) => (value === null ? null : value >= limit);

export function issueTargets(r: {
  mainSignatures: number;
  scaleSignatures: number;
  appendsMain: AppendsBesidePeer;
  appendsScale: AppendsBesidePeer;
  importA: ImportTiming;
  peerImport: PeerImport | null;
  asOfMain: AsOfBesidePeer;
  asOfScale: AsOfBesidePeer;
  big: BigCase;
  network: NetworkResult;
  /** Every probed stretch: the import, the list build, the dry runs, the CSV export. */
  loops: EventLoopResult[];
}): TargetLine[] {
  const scale = `${n(r.scaleSignatures)} signatures`;
  const main = `${n(r.mainSignatures)}`;
  const a = r.appendsScale.server;
  const inChain = a.integrityValid === true && a.chainLength === a.acknowledged;
  const appendP99 = a.p99 / r.appendsMain.server.p99;
  const readP99 = r.asOfScale.server.p99 / r.asOfMain.server.p99;
  const rss = Math.max(r.big.build.peakRssMb ?? 0, r.big.bigList.peakRssMb ?? 0);
  const health = r.loops.flatMap((l) => l.probes.filter((p) => p.name === '/health').map((p) => p.p99));
  const worstHealth = health.length ? Math.max(...health) : null;
  const peerMs = r.peerImport?.ms;
  const b = r.big.build;
  return [
    {
      target: `appends, 8 clients, at ${scale} ≥ 1,000 acknowledged events/s, each in the chain`,
      measured: `${n(a.eventsPerSec)}/s (write peer ${n(r.appendsScale.peer.eventsPerSec)}/s, ${x2(r.appendsScale.ratio)}); ${inChain ? 'all' : 'NOT all'} ${n(a.acknowledged)} in a valid chain`,
      value: a.eventsPerSec,
      limit: 1000,
      met: inChain ? atLeast(a.eventsPerSec, 1000) : false,
    },
    {
      target: `import of ${n(r.importA.entries)} entries ≤ 1 s`,
      measured: `${n(r.importA.ms)} ms (write peer ${peerMs === undefined ? '—' : `${n(peerMs)} ms, ${x2(r.importA.ms / peerMs)}`})`,
      value: r.importA.ms,
      limit: 1000,
      met: atMost(r.importA.ms, 1000),
    },
    {
      target: `a ${n(b.signatories)}-signatory list through the API, events of ${n(b.perEvent)}, ≤ 60 s`,
      measured: b.finished
        ? `${b.seconds.toFixed(1)} s`
        : `not finished: ${n(b.built)} signatories in ${b.seconds.toFixed(1)} s when the run stopped sending`,
      value: b.finished ? b.seconds : null,
      limit: 60,
      met: b.finished ? atMost(b.seconds, 60) : false,
    },
    {
      target: `append p99 at ${scale} ≤ 1.3× at ${main}`,
      measured: `${ms(a.p99)} ms / ${ms(r.appendsMain.server.p99)} ms = ${x2(appendP99)}`,
      value: appendP99,
      limit: 1.3,
      met: atMost(appendP99, 1.3),
    },
    {
      target: `uncached as-of reads at ${scale} ≥ 0.5× the hand-written list peer`,
      measured: `${n(r.asOfScale.server.reqPerSec)} req/s, peer ${n(r.asOfScale.peer.reqPerSec)} req/s: ${x2(r.asOfScale.ratio)} (at ${main}: ${x2(r.asOfMain.ratio)})`,
      value: r.asOfScale.ratio,
      limit: 0.5,
      met: atLeast(r.asOfScale.ratio, 0.5),
    },
    {
      target: `uncached as-of read p99 at ${scale} ≤ 1.3× at ${main}`,
      measured: `${ms(r.asOfScale.server.p99)} ms / ${ms(r.asOfMain.server.p99)} ms = ${x2(readP99)}`,
      value: readP99,
      limit: 1.3,
      met: atMost(readP99, 1.3),
    },
    {
      target: "a hub's cosigners p99 ≤ 100 ms",
      measured: `${ms(r.network.hub.p99)} ms`,
      value: r.network.hub.p99,
      limit: 100,
      met: atMost(r.network.hub.p99, 100),
    },
    {
      target: `server RSS ≤ 300 MB reading the ${n(r.big.bigList.signatories)}-signatory list and building one`,
      measured: `peak ${n(rss)} MB (building ${n(r.big.build.peakRssMb ?? 0)} MB, reading ${n(r.big.bigList.peakRssMb ?? 0)} MB)`,
      value: rss,
      limit: 300,
      met: atMost(rss, 300),
    },
    {
      target: '/health p99 ≤ 50 ms throughout (import, list build, dry runs, CSV export)',
      measured: `worst ${ms(worstHealth)} ms (${health.map((h) => ms(h)).join(', ')})`,
      value: worstHealth,
      limit: 50,
      met: atMost(worstHealth, 50),
    },
  ];
}

export function targetsSection(lines: TargetLine[]): string {
  const mark = (met: boolean | null) => (met === null ? '?' : met ? '✓' : '✗');
  return section(
    'Targets',
    lines.map((l) => `${mark(l.met)} ${l.target}: ${l.measured}`),
  );
}
