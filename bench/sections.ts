/** The sections printed after the read table: scale, appends, imports, the event loop, the big list. */
import type { AppendResult } from './appends.js';
import type { ListBuild } from './build-list.js';
import type { AsOfBesidePeer } from './scale.js';
import type { AppendsBesidePeer, PeerImport } from './writes.js';
import type { BigListResult, EventLoopResult } from './big-list.js';
import type { ImportTiming } from './imports.js';
import { ms, section } from './report.js';

export interface Phase {
  name: string;
  seconds: number;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (x: number | null) => (x === null ? '—' : `${n(x)} MB`);

const appendLine = (who: string, a: AppendResult) =>
  `${who}: ${n(a.eventsPerSec)} acknowledged events/s in ${a.seconds.toFixed(1)} s (${n(a.acknowledged)} acknowledged, ${a.refused} refused), latency p50 ${ms(a.p50)} ms, p99 ${ms(a.p99)} ms; chain ${a.integrityValid === null ? 'unknown' : a.integrityValid ? 'valid' : 'INVALID'}, ${a.chainLength ?? '—'} long (= acknowledged: ${a.chainLength === a.acknowledged ? 'yes' : 'NO'})`;

/** Appends on the server and on the write peer, each on its own copy of the same database. */
export function appendsSection(where: string, pair: AppendsBesidePeer): string {
  return section(
    `Appends on ${where} (${pair.server.clients} clients, one-addition events with a new organization; synchronous=FULL)`,
    [
      appendLine('server', pair.server),
      appendLine('write peer (one transaction per request)', pair.peer),
      `ratio server / write peer: ${pair.ratio.toFixed(2)}×`,
    ],
  );
}

const asOfLine = (where: string, r: AsOfBesidePeer) =>
  `${where} (${n(r.statements)} statements): server ${n(r.server.reqPerSec)} req/s, p50 ${ms(r.server.p50)} ms, p99 ${ms(r.server.p99)} ms; list peer ${n(r.peer.reqPerSec)} req/s, p99 ${ms(r.peer.p99)} ms; ratio ${r.ratio.toFixed(2)}×`;

/** The uncached as-of reads on the main and the scale database, each beside the list peer. */
export function scaleSection(r: {
  main: AsOfBesidePeer;
  scale: AsOfBesidePeer;
  mainSignatures: number;
  scaleSignatures: number;
}): string {
  return section(
    'Scale: as-of reads of a random statement and date each (mostly uncached), beside the sqlite list peer',
    [
      asOfLine(`${n(r.mainSignatures)} signatures`, r.main),
      asOfLine(`${n(r.scaleSignatures)} signatures`, r.scale),
      `p99 at ${n(r.scaleSignatures)} over p99 at ${n(r.mainSignatures)}: ${(r.scale.server.p99 / r.main.server.p99).toFixed(2)}×`,
    ],
  );
}

/** The list built through the API. */
export function listBuildSection(b: ListBuild, capSeconds: number): string {
  return section(
    `A ${n(b.signatories)}-signatory list built through the API (events of ${n(b.perEvent)} new organizations)`,
    [
      b.finished
        ? `${b.seconds.toFixed(1)} s for ${b.events} event(s)`
        : `NOT FINISHED: no event sent after ${capSeconds} s; ${n(b.built)} signatories in ${b.events} events in ${b.seconds.toFixed(1)} s`,
      `an event took ${n(b.eventMs.first)} ms first, ${n(b.eventMs.median)} ms median, ${n(b.eventMs.last)} ms last (max ${n(b.eventMs.max)} ms)`,
      `server RSS ${mb(b.rssBeforeMb)} before, peak ${mb(b.peakRssMb)}; chain ${b.integrityValid === null ? 'not checked (the server is still inside the abandoned event)' : `${b.integrityValid ? 'valid' : 'NOT valid'}, ${b.chainLength ?? '—'} events`}`,
      ...(b.check
        ? [`its check (GET …/integrity): ${n(b.check.ms)} ms, server RSS peak ${mb(b.check.peakRssMb)}`]
        : []),
    ],
  );
}

const peerImportLine = (p: PeerImport | null, server: ImportTiming) =>
  p
    ? `write peer, the same ${n(p.entries)} entries parsed already (${n(p.matched)} matched by name key, ${n(p.created)} new) in one transaction: ${n(p.ms)} ms (${n(p.transactionMs)} ms in SQLite); ratio server / peer ${(server.ms / p.ms).toFixed(2)}×`
    : 'write peer: no answer';

const importLine = (what: string, t: ImportTiming) =>
  `${what}: ${n(t.ms)} ms for ${n(t.entries)} entries (${n(t.matched)} matched, ${n(t.created)} new; ${t.status} ${t.outcome ?? ''}), server peak RSS ${mb(t.peakRssMb)}`;

/** What the probes of /health must stay under while a 20 MB PDF is read and dry-run imported. */
const PDF_HEALTH_P99_MS = 50;

/** Whether /health kept its target while the PDF was read (a number: reported, never failed on). */
function pdfTarget(loop: EventLoopResult | undefined): string {
  const health = loop?.probes.find((p) => p.name === '/health');
  if (!health) return 'PDF dry run: no /health probes';
  return `/health during the PDF dry run: p99 ${ms(health.p99)} ms (target ≤ ${PDF_HEALTH_P99_MS} ms: ${health.p99 <= PDF_HEALTH_P99_MS ? 'met' : 'MISSED'})`;
}

export function bigSections(r: {
  importA: ImportTiming;
  peerImport: PeerImport | null;
  dryRun: ImportTiming;
  pdfDryRun: ImportTiming & { bytes: number };
  bigOrganizations: number;
  bigList: BigListResult;
  loops: EventLoopResult[];
  probeRate: number;
}): string[] {
  const b = r.bigList;
  return [
    section('Imports (text/plain, the published format, and a PDF of it; timed while the event-loop probes run)', [
      importLine('import of a new list', r.importA),
      peerImportLine(r.peerImport, r.importA),
      importLine(`dry run against ${n(r.bigOrganizations)} organizations`, r.dryRun),
      importLine(`the same list as a ${(r.pdfDryRun.bytes / 1e6).toFixed(1)} MB PDF, dry run`, r.pdfDryRun),
      pdfTarget(r.loops.find((l) => l.during.includes(' PDF)'))),
    ]),
    section(`Event loop (probes at ${r.probeRate}/s each, open loop; latency from when each request was due)`, [
      ...r.loops.flatMap((l) => [
        `during ${l.during} (${n(l.ms)} ms):`,
        ...l.probes.map(
          (p) =>
            `  ${p.name.padEnd(18)} p99 ${ms(p.p99)} ms, p50 ${ms(p.p50)} ms, max ${ms(p.max)} ms (${p.sent} sent, ${p.failed} failed)`,
        ),
      ]),
    ]),
    section(`The ${n(b.signatories)}-signatory list`, [
      `paged read: ${b.paging.note}; ${n(b.paging.items)} items in ${n(b.paging.totalMs)} ms (first page ${ms(b.paging.firstPageMs)} ms, median page ${ms(b.paging.medianPageMs)} ms)`,
      ...(b.json ? [`whole list as JSON: ${n(b.json.bytes / 1024 / 1024)} MB in ${n(b.json.ms)} ms`] : []),
      `CSV export (probes running): ${n(b.csv.rows)} rows, ${n(b.csv.bytes / 1024 / 1024)} MB in ${n(b.csv.ms)} ms`,
      `server RSS: ${mb(b.rssBeforeMb)} before, peak ${mb(b.peakRssMb)} during the paged read and the export`,
    ]),
  ];
}
