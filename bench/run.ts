/**
 * `npm run bench`: builds, generates data with the project's own code, starts the built server
 * and its peers, measures, prints one table and keeps the numbers. Performance claims are the
 * ratios to peers measured in the same run, on the same machine, at the same moment.
 */
import { join } from 'node:path';
import { firstStartSection, measureFirstStart } from './first-start.js';
import { runBigCase } from './big-case.js';
import { importWhileProbing } from './big-list.js';
import { failed, fail } from './checks.js';
import { bigData, mainData } from './data.js';
import { networkSection } from './network.js';
import { publishedList } from './names.js';
import { mainReadPath, readRoutes, THROUGH_VARNISH } from './routes.js';
import { asOfBesidePeer } from './scale.js';
import { generateScale, runScaleCase } from './scale-case.js';
import { appendsSection, bigSections, listBuildSection, scaleSection, type Phase } from './sections.js';
import { issueTargets, targetsSection } from './targets.js';
import { parseOptions } from './options.js';
import { cleanUp, copyDatabase, killAllNow, makeTempDir, runNode, stopProcess } from './processes.js';
import { firstRead, measureReads, type Endpoint } from './reads.js';
import { gitCommit, machine, readTable, saveResults, section } from './report.js';
import {
  startServer,
  startSqlitePeers,
  startStaticPeers,
  startVarnish,
  startWritePeer,
  varnishd,
  type PeerKind,
} from './servers.js';
import { appendsBesidePeer, peerImport } from './writes.js';

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

  // The databases at once. Nothing is measured until all are done, so server A and its peers
  // start (unmeasured work) while the big and scale databases are still being written.
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
  // The scale database too: the big one takes longest, and main's core is idle after main is done.
  const generateScaleDb = generateScale(options, dir);
  generateScaleDb.catch(() => undefined);
  const mainSet = await timed('generate main data', () =>
    runNode(['--import', 'tsx', 'bench/generate.ts', 'main', mainDb, String(options.signatures)]).then((out) =>
      mainData.parse(JSON.parse(out)),
    ),
  );
  say(
    `main: ${mainSet.signatures} signatures, ${mainSet.statementIds.length} statements, ${mainSet.organizations} organizations in ${mainSet.seconds.toFixed(1)} s`,
  );
  // The write peer appends and imports on a copy made before the server writes anything.
  const mainPeerDb = join(dir, 'main-peer', 'undersigned.db');
  copyDatabase(mainDb, mainPeerDb);
  const [serverA, sqlitePeers, writePeer] = await timed('start server and peers', () =>
    Promise.all([
      startServer('server-main', mainDb, dir),
      startSqlitePeers(mainDb, dir),
      startWritePeer('peer-write-main', mainPeerDb, dir),
    ]),
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
  const [bigSet, scaleDb] = await timed('generate big and scale data (rest)', () =>
    Promise.all([generateBig, generateScaleDb]),
  );
  say(
    `big: ${bigSet.organizations} organizations and a ${bigSet.signatures}-signatory list in ${bigSet.seconds.toFixed(1)} s`,
  );
  const serverB = await timed('start big server', () => startServer('server-big', bigDb, dir));

  // ---- server A: reads, scale, appends, import ----
  const endpoints: Partial<Record<PeerKind, Endpoint>> = Object.fromEntries(
    Object.entries(peers).map(([k, p]) => [k, { url: p.url, pid: p.pid }]),
  );
  const rows = await timed('reads', () => measureReads(serverA, endpoints, routes, options));
  // The list peer stays for the as-of reads at scale.
  const { list: listPeer, ...others } = peers;
  await Promise.all([...Object.values(others), ...(varnish ? [varnish] : [])].map((p) => stopProcess(p.child)));
  const direct = rows[0];
  const cached = rows.find((row) => row.route === THROUGH_VARNISH);
  if (direct?.reqPerSec && cached?.reqPerSec)
    cached.note = `${(cached.reqPerSec / direct.reqPerSec).toFixed(1)}× the direct main read`;

  if (!listPeer) throw new Error('the list peer did not start');
  const asOfMain = await timed('scale', () =>
    asOfBesidePeer('main', serverA, listPeer, mainSet.statementIds, { ...options, databasePath: mainDb }),
  );
  await stopProcess(listPeer.child);
  const appends = await timed('appends', () =>
    appendsBesidePeer('appends', serverA, writePeer, mainSet.appendTargetId, {
      clients: options.appendClients,
      events: options.appendEvents,
    }),
  );
  // The import is timed with the probes running: it is one synchronous transaction, so the probes
  // only queue behind it (they cannot slow it down), and they show what it does to other requests.
  const importShape = {
    title: 'Imported list (bench)',
    entries: options.importEntries,
    existing: Math.min(1_000, mainSet.organizations),
    firstOrg: 0,
    newFrom: 2_000_000,
  };
  const importA = await timed('import', () =>
    importWhileProbing(
      'import',
      serverA,
      mainSet.sampleId,
      options.probeRate,
      { text: publishedList(importShape) },
      false,
    ),
  );
  if (importA.timing.outcome !== 'created') fail('import', `outcome ${importA.timing.outcome}, expected created`);
  const importPeer = await timed('import (write peer)', () => peerImport(writePeer, importShape));
  await Promise.all([serverA, writePeer].map((p) => stopProcess(p.child)));

  // ---- server B (idle until now): the dry runs, the biggest list read, then one built through the API ----
  const big = await runBigCase(serverB, bigSet, options, timed);
  await stopProcess(serverB.child);

  // ---- server C: the co-signature and scale database (1M signatures), bulk-inserted ----
  const scaleCase = await runScaleCase(options, dir, scaleDb, timed);
  const { network } = scaleCase;
  const loops = [importA.loop, ...big.loops];
  const targets = issueTargets({
    mainSignatures: mainSet.signatures,
    scaleSignatures: network.signatures,
    appendsMain: appends,
    appendsScale: scaleCase.appends,
    importA: importA.timing,
    peerImport: importPeer,
    asOfMain,
    asOfScale: scaleCase.asOf,
    big,
    network,
    loops,
  });

  // ---- report ----
  const total = elapsed();
  const { commit, dirty } = gitCommit();
  const n = (x: number) => x.toLocaleString('en-US');
  const out = [
    `# undersigned bench ${startedAt.toISOString()} · commit ${commit.slice(0, 10)}${dirty ? ' (uncommitted changes)' : ''}${options.smoke ? ' · SMOKE (tiny scale, numbers mean nothing)' : ''}`,
    `# ${machine().cpus} cpus · ${machine().model} · node ${process.version} · -c ${options.connections} -d ${options.seconds} · ${options.rounds} round(s), median shown`,
    `# data: ${n(mainSet.signatures)} signatures on ${n(mainSet.statementIds.length)} statements, ${n(mainSet.organizations)} organizations (generated in ${mainSet.seconds.toFixed(1)} s); big: ${n(bigSet.organizations)} organizations, one ${n(bigSet.signatures)}-signatory list (${bigSet.seconds.toFixed(1)} s); scale: ${n(network.signatures)} signatures, ${n(network.organizations)} organizations`,
    '',
    firstStartSection(firstStart),
    readTable(rows),
    scaleSection({
      main: asOfMain,
      scale: scaleCase.asOf,
      mainSignatures: mainSet.signatures,
      scaleSignatures: network.signatures,
    }),
    appendsSection(`the main database (${n(mainSet.signatures)} signatures)`, appends),
    appendsSection(`the scale database (${n(network.signatures)} signatures)`, scaleCase.appends),
    listBuildSection(big.build, options.buildCapSeconds),
    ...bigSections({
      importA: importA.timing,
      peerImport: importPeer,
      dryRun: big.dryRun,
      pdfDryRun: big.pdfDryRun,
      bigOrganizations: bigSet.organizations,
      bigList: big.bigList,
      loops,
      probeRate: options.probeRate,
    }),
    networkSection(network),
    targetsSection(targets),
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
      scale: { main: asOfMain, scale: scaleCase.asOf },
      appends: { main: appends, scale: scaleCase.appends },
      imports: { import: importA.timing, peerImport: importPeer, dryRun: big.dryRun, pdfDryRun: big.pdfDryRun },
      listBuild: { ...big.build, loop: undefined },
      eventLoop: loops,
      bigList: big.bigList,
      network,
      targets,
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
