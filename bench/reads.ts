/**
 * The read comparisons: each server route against the peer that does the same work with less
 * machinery, in interleaved rounds (server, then its peers, then the next route), so drift of the
 * machine (heat, page cache, other load) hits both sides alike. The route list is data: when a
 * route changes shape, change its line here.
 */
import canonicalize from 'canonicalize';
import { expectStatus, fail, json, timed } from './checks.js';
import { hammer, median, type Measured } from './load.js';
import type { PeerKind } from './servers.js';

export interface RouteSpec {
  label: string;
  /** Path and query, the same on the server and on its peer. */
  path: string;
  headers?: Record<string, string>;
  /** The peer this route's ratio is taken against; extra peers are shown beside it. */
  peer?: PeerKind;
  extraPeers?: PeerKind[];
  /** The status every response should have (default 2xx). */
  expect?: number;
  /** Set when the route cannot be measured as specified; the row shows why. */
  skip?: string;
  /** Measured through this front (a cache before the server) instead of the server itself. */
  front?: Endpoint;
}

export interface Row {
  route: string;
  reqPerSec: number | null;
  p50: number | null;
  p99: number | null;
  peer: string;
  ratio: number | null;
  rssMb: number | null;
  note: string;
}

export const PEER_LABELS: Record<PeerKind, string> = {
  static: 'static-object peer',
  bytes: 'bytes ceiling',
  list: 'sqlite list peer',
  diff: 'sqlite diff peer',
  org: 'sqlite org peer',
  search: 'sqlite search peer',
};

export interface Endpoint {
  url: string;
  pid: number;
}

/** Runs every route and its peers `rounds` times, interleaved; returns the table rows in order. */
export async function measureReads(
  server: Endpoint,
  peers: Partial<Record<PeerKind, Endpoint>>,
  routes: RouteSpec[],
  options: { rounds: number; seconds: number; connections: number },
): Promise<Row[]> {
  const serverRuns = new Map<string, Measured[]>();
  const peerRuns = new Map<PeerKind, Measured[]>();
  const push = <K>(map: Map<K, Measured[]>, key: K, m: Measured) => map.set(key, [...(map.get(key) ?? []), m]);
  const load = { connections: options.connections, seconds: options.seconds };

  for (const route of routes) {
    for (const kind of [route.peer, ...(route.extraPeers ?? [])]) {
      const peer = kind && kind !== 'static' && kind !== 'bytes' ? peers[kind] : undefined;
      if (peer && !route.skip) await samePeerAnswer(route, server, peer);
    }
  }

  for (let round = 0; round < options.rounds; round++) {
    const peersThisRound = new Set<PeerKind>();
    for (const route of routes) {
      if (route.skip) continue;
      const front = route.front ?? server;
      const m = await hammer(
        { url: front.url + route.path, pid: front.pid, ...(route.headers ? { headers: route.headers } : {}) },
        load,
      );
      push(serverRuns, route.label, m);
      checkStatuses(route, m, 'server');
      // A peer shared by several routes (the static object) is measured once per round.
      for (const kind of [route.peer, ...(route.extraPeers ?? [])]) {
        const peer = kind ? peers[kind] : undefined;
        if (!kind || !peer || peersThisRound.has(kind)) continue;
        peersThisRound.add(kind);
        const pm = await hammer({ url: peer.url + route.path, pid: peer.pid }, load);
        push(peerRuns, kind, pm);
        checkStatuses({ ...route, expect: 200 }, pm, PEER_LABELS[kind]);
      }
    }
  }

  const rows: Row[] = [];
  const shown = new Set<PeerKind>();
  const peerRow = (kind: PeerKind, against: Measured): Row => {
    const m = median(peerRuns.get(kind) ?? []);
    return {
      route: `  ${PEER_LABELS[kind]}`,
      reqPerSec: m.reqPerSec,
      p50: m.p50,
      p99: m.p99,
      peer: '',
      ratio: against.reqPerSec / m.reqPerSec,
      rssMb: m.rssMb,
      note: 'ratio = route / this peer',
    };
  };
  for (const route of routes) {
    if (route.skip) {
      rows.push({
        route: route.label,
        reqPerSec: null,
        p50: null,
        p99: null,
        peer: '',
        ratio: null,
        rssMb: null,
        note: route.skip,
      });
      continue;
    }
    const m = median(serverRuns.get(route.label) ?? []);
    const peerKind = route.peer && peerRuns.has(route.peer) ? route.peer : undefined;
    const peer = peerKind ? median(peerRuns.get(peerKind) ?? []) : undefined;
    const codes = Object.entries(m.statusCounts)
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
    rows.push({
      route: route.label,
      reqPerSec: m.reqPerSec,
      p50: m.p50,
      p99: m.p99,
      peer: peerKind ? PEER_LABELS[peerKind] : '',
      ratio: peer ? m.reqPerSec / peer.reqPerSec : null,
      rssMb: m.rssMb,
      note: route.expect ? codes : '',
    });
    // Each peer's own numbers once, under the first route compared with it.
    for (const kind of [route.peer, ...(route.extraPeers ?? [])]) {
      if (!kind || shown.has(kind) || !peerRuns.has(kind)) continue;
      shown.add(kind);
      rows.push(peerRow(kind, m));
    }
  }
  return rows;
}

function checkStatuses(route: RouteSpec, m: Measured, who: string) {
  const step = `read ${route.label} (${who})`;
  if (m.errors > 0) fail(step, `${m.errors} connection errors`);
  if (m.requests === 0) fail(step, 'no request was answered');
  const unexpected = Object.entries(m.statusCounts).filter(([code]) =>
    route.expect ? Number(code) !== route.expect : !code.startsWith('2'),
  );
  if (unexpected.length) fail(step, `unexpected statuses ${unexpected.map(([c, n]) => `${c}×${n}`).join(', ')}`);
}

/**
 * A peer is only a fair baseline if it answers the same: compare both bodies (key order aside,
 * and without top-level `knownAt`, which is "now" when not asked for) before measuring.
 */
export async function samePeerAnswer(route: Pick<RouteSpec, 'label' | 'path'>, server: Endpoint, peer: Endpoint) {
  const strip = (body: unknown) => {
    if (typeof body !== 'object' || body === null) return canonicalize(body);
    return canonicalize(Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'knownAt')));
  };
  const [ours, theirs] = await Promise.all([timed(server.url + route.path), timed(peer.url + route.path)]);
  if (strip(json(ours)) !== strip(json(theirs))) {
    fail(
      `peer ${route.label}`,
      `the peer answers differently from the server:\n  server: ${ours.text.slice(0, 400)}\n  peer:   ${theirs.text.slice(0, 400)}`,
    );
  }
}

/**
 * One plain GET before the load, so a route that fails fails with its body in the report, and the
 * 304 route gets the ETag a first read hands out.
 */
export async function firstRead(server: Endpoint, path: string): Promise<{ body: string; etag: string | null }> {
  const first = await expectStatus(`first read ${path}`, server.url + path);
  return { body: first.text, etag: first.headers.get('etag') };
}
