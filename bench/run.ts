/**
 * `npm run bench`: builds, generates data with the project's own code, starts the built server
 * and its peers, measures, prints one table and keeps the numbers. Performance claims are the
 * ratios to peers measured in the same run, on the same machine, at the same moment.
 */
import { join } from 'node:path';
import { measureAppends } from './appends.js';
import { firstStartSection, measureFirstStart } from './first-start.js';
import { importWhileProbing, measureBigList } from './big-list.js';
import { failed, fail } from './checks.js';
import { bigData, mainData } from './data.js';
import { networkSection, runNetworkCase } from './network.js';
import { hammer } from './load.js';
import { publishedList, random } from './names.js';
import { publishedPdf } from './pdf.js';
import { mainReadPath, readRoutes, THROUGH_VARNISH } from './routes.js';
import { appendsSection, bigSections, type Phase } from './sections.js';
import { parseOptions } from './options.js';
import { cleanUp, killAllNow, makeTempDir, runNode, stopProcess, type Started } from './processes.js';
import { firstRead, measureReads, type Endpoint } from './reads.js';
import { gitCommit, machine, ms, readTable, saveResults, section } from './report.js';
import { startServer, startSqlitePeer, startStaticPeer, startVarnish, varnishd, type PeerKind } from './servers.js';

const startedAt = new Date();
const clock = performance.now();
const elapsed = () => (performance.now() - clock) / 1000;
const say = (line: string) => process.stderr.write(`[bench ${elapsed().toFixed(0).padStart(4)} s] ${line}\n`);

// Whatever happens, no server or peer outlives the run, and the temp dirs go.
process.on('exit', killAllNow);
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
for (const signal of signals) {
  process.on(signal, () => {
    say(`${signal}: stopping everything`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const phases: Phase[] = [];
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    say(`${name}…`);
    const result = await work();
    phases.push({ name, seconds: (performance.now() - t) / 1000 });
    return result;
  };
  const dir = makeTempDir('undersigned-bench-');
  // First, on an idle machine: how long a newcomer's `npm start` takes until /health answers.
  const firstStart = await timed('first start', () => measureFirstStart(dir));
  const mainDb = join(dir, 'main', 'undersigned.db');
  const bigDb = join(dir, 'big', 'undersigned.db');

  // Both databases at once, one process per core. Nothing is measured until both are done, so
  // server A and its peers start (unmeasured work) while the big database is still being written.
  const generateBig = runNode([
    '--import',
    'tsx',
    'bench/generate.ts',
    'big',
    bigDb,
    String(options.bigOrganizations),
    String(options.bigList),
  ]).then((out) => bigData.parse(JSON.parse(out)));
  generateBig.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const mainSet = await timed('generate main data', () =>
    runNode(['--import', 'tsx', 'bench/generate.ts', 'main', mainDb, String(options.signatures)]).then((out) =>
      mainData.parse(JSON.parse(out)),
    ),
  );
  say(
    `main: ${mainSet.signatures} signatures, ${mainSet.statementIds.length} statements, ${mainSet.organizations} organizations in ${mainSet.seconds.toFixed(1)} s`,
  );
  const [serverA, sqlitePeers] = await timed('start server and peers', () =>
    Promise.all([startServer('server-main', mainDb, dir), startSqlitePeers(mainDb, dir)]),
  );
  // The static peers serve the server's own answer; the repeat read sends back its ETag.
  const mainRead = await firstRead(serverA, mainReadPath(mainSet));
  // The cache tier: the same main read, through Varnish in front of the same server.
  const varnishPath = varnishd();
  const varnish = varnishPath ? await timed('start varnish', () => startVarnish(varnishPath, serverA.url, dir)) : null;
  const routes = readRoutes(
    mainSet,
    mainRead.etag,
    varnish ?? 'not measured: varnishd is not installed (apt-get install varnish varnish-modules)',
  );
  const peers = { ...sqlitePeers, ...(await startStaticPeers(mainRead.body, dir)) };
  const bigSet = await timed('generate big data (rest)', () => generateBig);
  say(
    `big: ${bigSet.organizations} organizations and a ${bigSet.signatures}-signatory list in ${bigSet.seconds.toFixed(1)} s`,
  );
  const serverB = await timed('start big server', () => startServer('server-big', bigDb, dir));

  // ---- server A: reads, scale, appends, import ----
  const endpoints: Partial<Record<PeerKind, Endpoint>> = Object.fromEntries(
    Object.entries(peers).map(([k, p]) => [k, { url: p.url, pid: p.pid }]),
  );
  const rows = await timed('reads', () => measureReads(serverA, endpoints, routes, options));
  await Promise.all([...Object.values(peers), ...(varnish ? [varnish] : [])].map((p) => stopProcess(p.child)));
  const direct = rows[0];
  const cached = rows.find((row) => row.route === THROUGH_VARNISH);
  if (direct?.reqPerSec && cached?.reqPerSec)
    cached.note = `${(cached.reqPerSec / direct.reqPerSec).toFixed(1)}× the direct main read`;

  // Scale: as-of reads of a random statement and date each (rarely the same twice), so nearly
  // every one is a query: a cached answer costs the same at any size, which says nothing of scale.
  const rand = random(7);
  const scalePath = () => {
    const id = mainSet.statementIds[Math.floor(rand() * mainSet.statementIds.length)];
    return `/v1/statements/${id}/signatories?asOf=${new Date(Date.UTC(2019, 0, 1) + Math.floor(rand() * 2000) * 86_400_000).toISOString().slice(0, 10)}`;
  };
  const scale = await timed('scale', () =>
    hammer(
      { url: serverA.url, pid: serverA.pid, nextPath: scalePath },
      { connections: options.connections, seconds: options.seconds },
    ),
  );
  if (scale.non2xx || scale.errors) fail('scale: as-of reads', `${scale.non2xx} non-2xx, ${scale.errors} errors`);

  const appends = await timed('appends', () =>
    measureAppends(serverA.url, mainSet.appendTargetId, {
      clients: options.appendClients,
      events: options.appendEvents,
    }),
  );
  // The import is timed with the probes running: it is one synchronous transaction, so the probes
  // only queue behind it (they cannot slow it down), and they show what it does to other requests.
  const existing = Math.min(1_000, mainSet.organizations);
  const importList = publishedList({
    title: 'Imported list (bench)',
    entries: options.importEntries,
    existing,
    firstOrg: 0,
    newFrom: 2_000_000,
  });
  const importA = await timed('import', () =>
    importWhileProbing('import', serverA, mainSet.sampleId, options.probeRate, { text: importList }, false),
  );
  if (importA.timing.outcome !== 'created') fail('import', `outcome ${importA.timing.outcome}, expected created`);
  await stopProcess(serverA.child);

  // ---- server B (idle until now): many organizations, the biggest list ----
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
  const bigList = await timed('big list', () =>
    measureBigList(serverB, bigSet.bigId, bigSet.signatures, { sampleId: bigSet.sampleId, rate: options.probeRate }),
  );
  const loopCsv = bigList.csv.loop;
  await stopProcess(serverB.child);

  // ---- server C: the co-signature database (10,000 statements x 100 by default), bulk-inserted ----
  const network = await runNetworkCase(options.network, dir, timed);

  // ---- report ----
  const total = elapsed();
  const { commit, dirty } = gitCommit();
  const out = [
    `# undersigned bench ${startedAt.toISOString()} · commit ${commit.slice(0, 10)}${dirty ? ' (uncommitted changes)' : ''}${options.smoke ? ' · SMOKE (tiny scale, numbers mean nothing)' : ''}`,
    `# ${machine().cpus} cpus · ${machine().model} · node ${process.version} · -c ${options.connections} -d ${options.seconds} · ${options.rounds} round(s), median shown`,
    `# data: ${mainSet.signatures.toLocaleString('en-US')} signatures on ${mainSet.statementIds.length.toLocaleString('en-US')} statements, ${mainSet.organizations.toLocaleString('en-US')} organizations (generated in ${mainSet.seconds.toFixed(1)} s); big: ${bigSet.organizations.toLocaleString('en-US')} organizations, one ${bigSet.signatures.toLocaleString('en-US')}-signatory list (${bigSet.seconds.toFixed(1)} s)`,
    '',
    firstStartSection(firstStart),
    readTable(rows),
    section('Scale', [
      `as-of read, a random statement and date each (mostly uncached), ${mainSet.statementIds.length.toLocaleString('en-US')} statements, ${mainSet.signatures.toLocaleString('en-US')} signatures: p99 ${ms(scale.p99)} ms, p50 ${ms(scale.p50)} ms, ${Math.round(scale.reqPerSec).toLocaleString('en-US')} req/s`,
    ]),
    appendsSection(appends),
    ...bigSections({
      importA: importA.timing,
      dryRun: dryRun.timing,
      pdfDryRun: { ...pdfDryRun.timing, bytes: pdf.length },
      bigOrganizations: bigSet.organizations,
      bigList,
      loops: [importA.loop, dryRun.loop, pdfDryRun.loop, loopCsv],
      probeRate: options.probeRate,
    }),
    networkSection(network),
    section('Run', [
      `${total.toFixed(0)} s in total: ${phases.map((p) => `${p.name} ${p.seconds.toFixed(0)} s`).join(', ')}`,
    ]),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  const file = saveResults(
    {
      startedAt: startedAt.toISOString(),
      commit,
      dirty,
      machine: machine(),
      options,
      data: { main: { ...mainSet, statementIds: mainSet.statementIds.length }, big: bigSet },
      firstStart,
      reads: rows,
      scale: { signatures: mainSet.signatures, asOfP99Ms: scale.p99, asOfP50Ms: scale.p50, reqPerSec: scale.reqPerSec },
      appends,
      imports: { import: importA.timing, dryRun: dryRun.timing, pdfDryRun: { ...pdfDryRun.timing, bytes: pdf.length } },
      eventLoop: [importA.loop, dryRun.loop, pdfDryRun.loop, loopCsv],
      bigList,
      network,
      phases,
      totalSeconds: total,
      failures: failed(),
    },
    startedAt,
  );
  say(`results: ${file}`);
  if (failed().length) {
    process.stderr.write(
      `\n${failed().length} step(s) failed:\n${failed()
        .map((f) => `  - ${f}`)
        .join('\n')}\n`,
    );
    return 1;
  }
  return 0;
}

/** The hand-written peers, each its own process, on the main database. */
async function startSqlitePeers(databasePath: string, dir: string): Promise<Partial<Record<PeerKind, Started>>> {
  const kinds: ('list' | 'diff' | 'org' | 'search')[] = ['list', 'diff', 'org', 'search'];
  const [list, diff, org, search] = await Promise.all(kinds.map((kind) => startSqlitePeer(kind, databasePath, dir)));
  return { list, diff, org, search };
}

/** The static peers serve the server's own answer to the main read. */
async function startStaticPeers(body: string, dir: string): Promise<Partial<Record<PeerKind, Started>>> {
  const [staticPeer, bytes] = await Promise.all([
    startStaticPeer('static', body, dir),
    startStaticPeer('bytes', body, dir),
  ]);
  return { static: staticPeer, bytes };
}

let code: number;
try {
  code = await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  for (const f of failed()) process.stderr.write(`  - ${f}\n`);
  code = 1;
} finally {
  await cleanUp();
}
process.exit(code);
