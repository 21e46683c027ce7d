/**
 * Server B, on the big database: a dry run of a published list against its organizations (half
 * of the entries known), the same list as a PDF, the biggest list read back paged and as CSV,
 * then a list as long built through the API (build-list.ts) on a statement of its own, last, so
 * that its new organizations are not among those the dry runs match. The server's RSS is
 * sampled throughout.
 */
import { buildList, type ListBuild } from './build-list.js';
import { importWhileProbing, measureBigList, type BigListResult, type EventLoopResult } from './big-list.js';
import { fail } from './checks.js';
import type { BigData } from './data.js';
import type { ImportTiming } from './imports.js';
import { publishedList } from './names.js';
import type { Options } from './options.js';
import { publishedPdf } from './pdf.js';
import type { Started } from './processes.js';

export interface BigCase {
  build: ListBuild;
  dryRun: ImportTiming;
  pdfDryRun: ImportTiming & { bytes: number };
  bigList: BigListResult;
  loops: EventLoopResult[];
}

/** Events of this many additions each, as the target names them. */
export const LIST_EVENT_SIZE = 5_000;

export async function runBigCase(
  serverB: Started,
  bigSet: BigData,
  options: Options,
  timed: <T>(name: string, work: () => Promise<T>) => Promise<T>,
): Promise<BigCase> {
  const probing = { sampleId: bigSet.sampleId, rate: options.probeRate };
  const half = Math.floor(options.importEntries / 2);
  const dryList = publishedList({
    title: 'Dry-run list (bench)',
    entries: options.importEntries,
    existing: half,
    firstOrg: Math.floor(bigSet.organizations / 2),
    newFrom: 4_000_000,
  });
  const dryRun = await timed('dry run', () =>
    importWhileProbing('dry run', serverB, bigSet.sampleId, options.probeRate, { text: dryList }, true),
  );
  if (dryRun.timing.matched !== half) fail('dry run', `matched ${dryRun.timing.matched} entries, expected ${half}`);
  // The same list as a ~20 MB PDF (read on the import worker): /health must stay quick meanwhile.
  const pdf = publishedPdf('Dry-run list (bench)', dryList, options.pdfBytes);
  const pdfDryRun = await timed('PDF dry run', () =>
    importWhileProbing('PDF dry run', serverB, bigSet.sampleId, options.probeRate, { pdf }, true),
  );
  if (pdfDryRun.timing.entries !== options.importEntries || pdfDryRun.timing.matched !== half) {
    fail(
      'PDF dry run',
      `read ${pdfDryRun.timing.entries} entries and matched ${pdfDryRun.timing.matched}, expected ${options.importEntries} and ${half}`,
    );
  }
  const bigList = await timed('big list', () => measureBigList(serverB, bigSet.bigId, bigSet.signatures, probing));
  // Names of organizations past any the generator or the imports use: every one is new.
  const limits = { firstOrg: 6_000_000, capSeconds: options.buildCapSeconds };
  const build = await timed('build a list through the API', () =>
    buildList(serverB, bigSet.buildId, options.buildList, LIST_EVENT_SIZE, limits, probing),
  );
  return {
    build,
    dryRun: dryRun.timing,
    pdfDryRun: { ...pdfDryRun.timing, bytes: pdf.length },
    bigList,
    loops: [dryRun.loop, pdfDryRun.loop, bigList.csv.loop, build.loop],
  };
}
