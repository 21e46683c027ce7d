/**
 * Server C, on the co-signature database, which is also the scale database (network-data.ts: 1M
 * signatures and 100,000 organizations at the defaults). In an order that keeps reads apart from
 * writes: who signs with whom, then the uncached as-of reads beside the list peer, then the
 * appends (the only writes) beside the write peer, which runs on a copy made before the server
 * started.
 */
import { join } from 'node:path';
import { GRAPH_PAIR_LIMIT } from '#dist/modules/network/repository.js';
import { networkData, type NetworkData } from './data.js';
import { BULK_METHOD, measureNetwork, pairsOf, type NetworkResult } from './network.js';
import type { Options } from './options.js';
import { copyDatabase, runNode, stopProcess, type Started } from './processes.js';
import { asOfBesidePeer, type AsOfBesidePeer } from './scale.js';
import { startServer, startSqlitePeer, startWritePeer } from './servers.js';
import { appendsBesidePeer, type AppendsBesidePeer } from './writes.js';

export interface ScaleCase {
  network: NetworkResult;
  asOf: AsOfBesidePeer;
  appends: AppendsBesidePeer;
}

/** The database, in a child process: started with the others, so it uses a core they leave idle. */
export function generateScale(options: Options, dir: string): Promise<{ path: string; data: NetworkData }> {
  const o = options.network;
  const path = join(dir, 'network', 'undersigned.db');
  const args = ['bench/network-data.ts', path, o.statements, o.perList, o.organizations, o.allOrganizations];
  return runNode(['--import', 'tsx', ...args.map(String)]).then((out) => ({
    path,
    data: networkData.parse(JSON.parse(out)),
  }));
}

export async function runScaleCase(
  options: Options,
  dir: string,
  { path, data }: { path: string; data: NetworkData },
  timed: <T>(name: string, work: () => Promise<T>) => Promise<T>,
): Promise<ScaleCase> {
  const o = options.network;
  const peerPath = join(dir, 'network-peer', 'undersigned.db');
  copyDatabase(path, peerPath);
  const started: Started[] = [];
  try {
    const [server, listPeer, writePeer] = await timed('start network server and peers', () =>
      Promise.all([
        startServer('server-network', path, dir),
        startSqlitePeer('list', path, dir),
        startWritePeer('peer-write-scale', peerPath, dir),
      ]),
    );
    started.push(server, listPeer, writePeer);
    const measured = await timed('network reads', () =>
      measureNetwork(server.url, data, pairsOf(o) <= GRAPH_PAIR_LIMIT),
    );
    const asOf = await timed('as-of reads at scale', () =>
      asOfBesidePeer('scale', server, listPeer, data.statementIds, { ...options, databasePath: path }),
    );
    const appends = await timed('appends at scale', () =>
      appendsBesidePeer('appends at scale', server, writePeer, data.appendTargetId, {
        clients: options.appendClients,
        events: options.appendEvents,
      }),
    );
    return {
      network: { ...measured, generation: { seconds: data.seconds, phases: data.phases, method: BULK_METHOD } },
      asOf,
      appends,
    };
  } finally {
    await Promise.all(started.map((p) => stopProcess(p.child)));
  }
}
