/**
 * Uncached as-of reads (a random statement and date each, so nearly every one is a query: a
 * cached answer costs the same at any size, which says nothing of scale) on the server and on
 * the hand-written list peer (peers/sqlite-peer.ts, PEER_ROUTE=list) over the same file, in
 * interleaved rounds; both are sent the same sequence of paths. The file is read once first, so
 * that neither pays for the first reads of its pages from disk, and the two take turns going
 * first: the second to read a sequence would otherwise find the pages the first had just read.
 */
import { createReadStream, existsSync } from 'node:fs';
import { fail } from './checks.js';
import { hammer, median, type Measured } from './load.js';
import { random } from './names.js';
import { samePeerAnswer, type Endpoint } from './reads.js';

export interface AsOfBesidePeer {
  statements: number;
  server: Measured;
  peer: Measured;
  /** Server req/s over the peer's. */
  ratio: number;
}

/** Paths of a seeded sequence: a statement of `ids` and a date in 2019…2024 each. */
export function asOfPaths(ids: readonly string[], seed: number): () => string {
  const rand = random(seed);
  return () => {
    const id = ids[Math.floor(rand() * ids.length)] ?? '';
    const day = new Date(Date.UTC(2019, 0, 1) + Math.floor(rand() * 2000) * 86_400_000).toISOString().slice(0, 10);
    return `/v1/statements/${id}/signatories?asOf=${day}`;
  };
}

/** Reads the database file (and its WAL) once, into the system's page cache. */
async function warmPageCache(databasePath: string): Promise<void> {
  for (const file of [databasePath, `${databasePath}-wal`]) {
    if (!existsSync(file)) continue;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) void chunk;
  }
}

export async function asOfBesidePeer(
  step: string,
  server: Endpoint,
  peer: Endpoint,
  ids: readonly string[],
  options: { rounds: number; seconds: number; connections: number; databasePath: string },
): Promise<AsOfBesidePeer> {
  await warmPageCache(options.databasePath);
  // A fair baseline answers the same: a few of the paths, compared before measuring.
  const check = asOfPaths(ids, 99);
  for (let i = 0; i < 3; i++) await samePeerAnswer({ label: `${step} as-of read`, path: check() }, server, peer);
  const load = { connections: options.connections, seconds: options.seconds };
  const ours: Measured[] = [];
  const theirs: Measured[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const turns = [
      ['server', ours, server],
      ['list peer', theirs, peer],
    ] as const;
    for (const [who, runs, at] of round % 2 === 0 ? turns : [...turns].reverse()) {
      const m = await hammer({ url: at.url, pid: at.pid, nextPath: asOfPaths(ids, 7 + round) }, load);
      if (m.non2xx || m.errors) fail(`${step}: as-of reads (${who})`, `${m.non2xx} non-2xx, ${m.errors} errors`);
      runs.push(m);
    }
  }
  const s = median(ours);
  const p = median(theirs);
  return { statements: ids.length, server: s, peer: p, ratio: s.reqPerSec / p.reqPerSec };
}
