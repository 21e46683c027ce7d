/** The sections printed after the read table: appends, imports, the event loop, the big list. */
import type { AppendResult } from './appends.js';
import type { BigListResult, EventLoopResult } from './big-list.js';
import type { ImportTiming } from './imports.js';
import { ms, section } from './report.js';

export interface Phase {
  name: string;
  seconds: number;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (x: number | null) => (x === null ? '—' : `${n(x)} MB`);

export function appendsSection(a: AppendResult): string {
  return section(
    `Appends (${a.clients} clients, one-addition events with a new organization, ${a.seconds.toFixed(1)} s)`,
    [
      `${n(a.eventsPerSec)} acknowledged events/s (${n(a.acknowledged)} acknowledged, ${a.refused} refused), latency p50 ${ms(a.p50)} ms, p99 ${ms(a.p99)} ms`,
      `integrity afterwards: ${a.integrityValid === null ? 'unknown' : a.integrityValid ? 'valid' : 'INVALID'}, chain length ${a.chainLength ?? '—'} (= acknowledged: ${a.chainLength === a.acknowledged ? 'yes' : 'NO'})`,
    ],
  );
}

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
