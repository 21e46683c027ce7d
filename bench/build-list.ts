/**
 * A long list built through the API, as an editor would enter a long published list: events of
 * `perEvent` additions (POST /v1/statements/{id}/events), each creating its organizations inline,
 * one after another. Timed in all, with the server's RSS sampled and /health (and the sample
 * read) probed throughout; the chain is checked afterwards. At `capSeconds` the run stops
 * waiting (the event under way is abandoned, and the server stopped soon after): the run has a
 * budget, and a build that slow misses its target anyway. The organizations are names.ts's from
 * `firstOrg` on, none of them already stored.
 */
import { z } from 'zod';
import { expectStatus, fail, json } from './checks.js';
import { whileRunning, type EventLoopResult, type Server } from './big-list.js';
import { organizationAt } from './names.js';
import { rssMb, sampleRss } from './processes.js';
import { ADMIN_KEY } from './servers.js';

export interface ListBuild {
  /** Asked for. */
  signatories: number;
  /** Acknowledged before the cap. */
  built: number;
  finished: boolean;
  events: number;
  perEvent: number;
  seconds: number;
  eventMs: { first: number; median: number; last: number; max: number };
  /** The server's RSS when the build began: what the steps before it left (the peak includes it). */
  rssBeforeMb: number | null;
  peakRssMb: number | null;
  integrityValid: boolean | null;
  chainLength: number | null;
  /** The chain's check afterwards (on the server's integrity worker): how long, and the server's RSS peak. */
  check: { ms: number; peakRssMb: number | null } | null;
  loop: EventLoopResult;
}

const DAY = 86_400_000;
const integrity = z.object({ valid: z.boolean(), length: z.number() });

export async function buildList(
  server: Server,
  statementId: string,
  size: number,
  perEvent: number,
  limits: { firstOrg: number; capSeconds: number },
  probing: { sampleId: string; rate: number },
): Promise<ListBuild> {
  const step = 'list build';
  const url = `${server.url}/v1/statements/${statementId}/events`;
  const rssBeforeMb = rssMb(server.pid);
  const rss = sampleRss(server.pid);
  const times: number[] = [];
  let built = 0;
  const started = performance.now();
  const { probes } = await whileRunning(server, probing.sampleId, probing.rate, async () => {
    for (let from = 0, week = 0; from < size; from += perEvent, week++) {
      const left = limits.capSeconds * 1000 - (performance.now() - started);
      if (left <= 0) break;
      const add = Array.from({ length: Math.min(perEvent, size - from) }, (_, i) => {
        const { abbreviation, name, nameEn, country } = organizationAt(limits.firstOrg + from + i);
        return { organization: { abbreviation, name, nameEn, country }, printedNumber: from + i + 1 };
      });
      const asOf = new Date(Date.UTC(2021, 0, 4) + week * 7 * DAY).toISOString().slice(0, 10);
      const sent = performance.now();
      const fetched = await expectStatus(step, url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ asOf, add, source: 'bench list build' }),
        signal: AbortSignal.timeout(Math.ceil(left)),
      }).catch((error: unknown) => {
        // Past the cap the request is abandoned; anything else is a failure.
        if (performance.now() - sent < left) fail(step, `POST ${url}: ${String(error)}`);
        return null;
      });
      if (!fetched) {
        times.push(performance.now() - sent);
        break;
      }
      times.push(fetched.ms);
      if (fetched.status !== 201) break;
      built += add.length;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = rss.stop();
  const events = Math.ceil(built / perEvent);
  // Not after the cap: the server may be inside the abandoned event for minutes more.
  const checkRss = built === size ? sampleRss(server.pid) : null;
  const checked =
    built === size
      ? await expectStatus(`${step}: integrity`, `${server.url}/v1/statements/${statementId}/integrity`)
      : null;
  const check = checked && checkRss ? { ms: checked.ms, peakRssMb: checkRss.stop() } : null;
  const chain = checked ? integrity.safeParse(json(checked)) : null;
  if (chain && (!chain.success || !chain.data.valid || chain.data.length !== events))
    fail(`${step}: integrity`, `expected a valid chain of ${events} events: ${JSON.stringify(chain.data ?? null)}`);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    signatories: size,
    built,
    finished: built === size,
    events,
    perEvent,
    seconds,
    eventMs: {
      first: times[0] ?? 0,
      median: sorted[Math.floor(sorted.length / 2)] ?? 0,
      last: times.at(-1) ?? 0,
      max: sorted.at(-1) ?? 0,
    },
    rssBeforeMb,
    peakRssMb,
    integrityValid: chain?.success ? chain.data.valid : null,
    chainLength: chain?.success ? chain.data.length : null,
    check,
    loop: {
      during: `the ${size.toLocaleString('en-US')}-signatory list built in events of ${perEvent.toLocaleString('en-US')}`,
      ms: seconds * 1000,
      probes,
    },
  };
}
