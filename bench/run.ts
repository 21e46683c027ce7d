/**
 * `npm run bench`: builds, generates data with the project's own code, starts the built server
 * and its peers, measures, prints one table and keeps the numbers. Performance claims are the
 * ratios to peers measured in the same run, on the same machine, at the same moment.
 */
import { join } from 'node:path';
import { measureAppends } from './appends.js';
import { eventLoopDuringCsv, eventLoopDuringImport, measureBigList } from './big-list.js';
import { failed, fail } from './checks.js';
import { bigData, mainData } from './generate.js';
import { timeImport } from './imports.js';
import { hammer } from './load.js';
import { publishedList, random, sample } from './names.js';
import { readRoutes } from './routes.js';
import { appendsSection, bigSections, type Phase } from './sections.js';
import { parseOptions } from './options.js';
import { cleanUp, killAllNow, makeTempDir, runNode, stopProcess, type Started } from './processes.js';
import { firstRead, measureReads, type Endpoint } from './reads.js';
import { gitCommit, machine, ms, readTable, saveResults, section } from './report.js';
import { startServer, startSqlitePeer, startStaticPeer, type PeerKind } from './servers.js';

const startedAt = new Date();
const clock = performance.now();
const elapsed = () => (performance.now() - clock) / 1000;
const say = (line: string) => process.stderr.write(`[bench ${elapsed().toFixed(0).padStart(4)} s] ${line}\n`);

// Whatever happens, no server or peer outlives the run, and the temp dirs go.
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
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
  const mainDb = join(dir, 'main', 'undersigned.db');
  const bigDb = join(dir, 'big', 'undersigned.db');

  // Both databases at once: two processes, one per core, before anything is measured.
  const [mainSet, bigSet] = await timed('generate data', () =>
    Promise.all([
      runNode(['--import', 'tsx', 'bench/generate.ts', 'main', mainDb, String(options.signatures)]).then((out) => mainData.parse(JSON.parse(out))),
      runNode(['--import', 'tsx', 'bench/generate.ts', 'big', bigDb, String(options.bigOrganizations), String(options.bigList)]).then((out) => bigData.parse(JSON.parse(out))),
    ]),
  );
  say(`main: ${mainSet.signatures} signatures, ${mainSet.statementIds.length} statements, ${mainSet.organizations} organizations in ${mainSet.seconds.toFixed(1)} s; big: ${bigSet.organizations} organizations and a ${bigSet.signatures}-signatory list in ${bigSet.seconds.toFixed(1)} s`);

  // ---- server A: reads, scale, appends, import ----
  const serverA = await timed('start server', () => startServer('server-main', mainDb, dir));
  const routes = await readRoutes(serverA, mainSet);
  const mainRead = await firstRead(serverA, `/v1/statements/${mainSet.sampleId}/signatories`);
  const peers = await timed('start peers', () => startPeers(mainRead.body, mainDb, dir));
  const endpoints: Partial<Record<PeerKind, Endpoint>> = Object.fromEntries(Object.entries(peers).map(([k, p]) => [k, { url: p.url, pid: p.pid }]));
  const rows = await timed('reads', () => measureReads(serverA, endpoints, routes, options));
  await Promise.all(Object.values(peers).map((p) => stopProcess(p.child)));

  const rand = random(7);
  const scalePaths = sample(rand, mainSet.statementIds.length, 2_000).map((i) => `/v1/statements/${mainSet.statementIds[i]}/signatories?asOf=2022-06-30`);
  const scale = await timed('scale', () => hammer({ url: serverA.url, pid: serverA.pid, paths: scalePaths }, { connections: options.connections, seconds: options.seconds }));
  if (scale.non2xx || scale.errors) fail('scale: as-of reads', `${scale.non2xx} non-2xx, ${scale.errors} errors`);

  const appends = await timed('appends', () => measureAppends(serverA.url, mainSet.appendTargetId, { clients: options.appendClients, seconds: options.appendSeconds }));
  const existing = Math.min(1_000, mainSet.organizations);
  const importA = await timed('import', () =>
    timeImport('import', serverA, publishedList({ title: 'Imported list (bench)', entries: options.importEntries, existing, firstOrg: 0, newFrom: 2_000_000 }), false),
  );
  if (importA.outcome !== 'created') fail('import', `outcome ${importA.outcome}, expected created`);
  await stopProcess(serverA.child);

  // ---- server B: 100k organizations, the biggest list, the event loop ----
  const serverB = await timed('start big server', () => startServer('server-big', bigDb, dir));
  const half = Math.floor(options.importEntries / 2);
  const dryList = publishedList({ title: 'Dry-run list (bench)', entries: options.importEntries, existing: half, firstOrg: Math.floor(bigSet.organizations / 2), newFrom: 4_000_000 });
  const dryRun = await timed('dry run', () => timeImport('dry run', serverB, dryList, true));
  if (dryRun.matched !== half) fail('dry run', `matched ${dryRun.matched} entries, expected ${half}`);
  const bigList = await timed('big list', () => measureBigList(serverB, bigSet.bigId, bigSet.signatures));
  const loopImport = await timed('event loop: import', () =>
    eventLoopDuringImport(serverB, bigSet.sampleId, options.probeRate, publishedList({ title: 'Imported while probing (bench)', entries: options.importEntries, existing: 1_000, firstOrg: 0, newFrom: 3_000_000 })),
  );
  const loopCsv = await timed('event loop: CSV', () => eventLoopDuringCsv(serverB, bigSet.sampleId, options.probeRate, bigSet.bigId));
  await stopProcess(serverB.child);

  // ---- report ----
  const total = elapsed();
  const { commit, dirty } = gitCommit();
  const out = [
    `# undersigned bench ${startedAt.toISOString()} · commit ${commit.slice(0, 10)}${dirty ? ' (uncommitted changes)' : ''}${options.smoke ? ' · SMOKE (tiny scale, numbers mean nothing)' : ''}`,
    `# ${machine().cpus} cpus · ${machine().model} · node ${process.version} · -c ${options.connections} -d ${options.seconds} · ${options.rounds} round(s), median shown`,
    `# data: ${mainSet.signatures.toLocaleString('en-US')} signatures on ${mainSet.statementIds.length.toLocaleString('en-US')} statements, ${mainSet.organizations.toLocaleString('en-US')} organizations (generated in ${mainSet.seconds.toFixed(1)} s)`,
    '',
    readTable(rows),
    section('Scale', [`as-of read over ${scalePaths.length.toLocaleString('en-US')} generated statements (${mainSet.signatures.toLocaleString('en-US')} signatures): p99 ${ms(scale.p99)} ms, p50 ${ms(scale.p50)} ms, ${Math.round(scale.reqPerSec).toLocaleString('en-US')} req/s`]),
    appendsSection(appends),
    ...bigSections({ importA, dryRun, bigOrganizations: bigSet.organizations, bigList, loops: [loopImport.loop, loopCsv], loopImport: loopImport.timing, probeRate: options.probeRate }),
    section('Run', [`${total.toFixed(0)} s in total: ${phases.map((p) => `${p.name} ${p.seconds.toFixed(0)} s`).join(', ')}`]),
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
      reads: rows,
      scale: { signatures: mainSet.signatures, asOfP99Ms: scale.p99, asOfP50Ms: scale.p50, reqPerSec: scale.reqPerSec },
      appends,
      imports: { import: importA, dryRun, duringProbes: loopImport.timing },
      eventLoop: [loopImport.loop, loopCsv],
      bigList,
      phases,
      totalSeconds: total,
      failures: failed(),
    },
    startedAt,
  );
  say(`results: ${file}`);
  if (failed().length) {
    process.stderr.write(`\n${failed().length} step(s) failed:\n${failed().map((f) => `  - ${f}`).join('\n')}\n`);
    return 1;
  }
  return 0;
}

/** Every peer at once, each its own process; the static ones serve the server's own answer. */
async function startPeers(body: string, databasePath: string, dir: string): Promise<Partial<Record<PeerKind, Started>>> {
  const [staticPeer, bytes, list, diff, org, search] = await Promise.all([
    startStaticPeer('static', body, dir),
    startStaticPeer('bytes', body, dir),
    startSqlitePeer('list', databasePath, dir),
    startSqlitePeer('diff', databasePath, dir),
    startSqlitePeer('org', databasePath, dir),
    startSqlitePeer('search', databasePath, dir),
  ]);
  return { static: staticPeer, bytes, list, diff, org, search };
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
