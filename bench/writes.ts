/**
 * Writes beside the hand-written write peer (peers/write-peer.ts), each on its own copy of the same
 * database: the same autocannon run of appends against both (the server first, then the peer),
 * and the import's 5,000 entries written by the peer in one transaction. Ratios are server / peer.
 */
import { z } from 'zod';
import { measureAppends, type AppendResult } from './appends.js';
import { expectStatus, fail, json } from './checks.js';
import { listEntryIndex, organizationAt, type ListShape } from './names.js';

export interface Endpoint {
  url: string;
}

export interface AppendsBesidePeer {
  server: AppendResult;
  peer: AppendResult;
  /** Server events/s over the peer's. */
  ratio: number;
}

export async function appendsBesidePeer(
  step: string,
  server: Endpoint,
  peer: Endpoint,
  statementId: string,
  options: { clients: number; events: number },
): Promise<AppendsBesidePeer> {
  const ours = await measureAppends(server.url, statementId, { ...options, step });
  const theirs = await measureAppends(peer.url, statementId, { ...options, step: `${step} (write peer)` });
  return { server: ours, peer: theirs, ratio: ours.eventsPerSec / theirs.eventsPerSec };
}

export interface PeerImport {
  entries: number;
  matched: number;
  created: number;
  /** Request time, as the server's import is timed. */
  ms: number;
  /** The transaction alone, inside the peer. */
  transactionMs: number;
}

const peerImportResult = z.object({ entries: z.number(), matched: z.number(), created: z.number(), ms: z.number() });

/** The same entries as the server's import (by index, names.ts), as parsed entries: no text to read, no FTS matching. */
export async function peerImport(peer: Endpoint, list: ListShape & { title: string }): Promise<PeerImport | null> {
  const entries = Array.from({ length: list.entries }, (_, k) => {
    const { abbreviation, name, nameEn, country } = organizationAt(listEntryIndex(list, k));
    return { abbreviation, name, nameEn, country, printedNumber: k + 1 };
  });
  const body = JSON.stringify({ title: list.title, asOf: '2022-01-21', source: 'bench import (write peer)', entries });
  const fetched = await expectStatus('import (write peer)', `${peer.url}/peer/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const parsed = peerImportResult.safeParse(json(fetched));
  if (!parsed.success) return null;
  const { ms, ...counts } = parsed.data;
  if (counts.matched !== list.existing)
    fail('import (write peer)', `matched ${counts.matched} entries, expected ${list.existing}`);
  return { ...counts, ms: fetched.ms, transactionMs: ms };
}
