/**
 * Write throughput: concurrent clients each appending one-addition events (with a new
 * organization inline) until time is up. Our own client loop, not autocannon: only a client
 * that waits for every answer it started can say exactly how many events were acknowledged,
 * which must then equal the chain length the server reports.
 */
import { z } from 'zod';
import { expectStatus, fail, json } from './checks.js';
import { ADMIN_KEY } from './servers.js';

export interface AppendResult {
  clients: number;
  seconds: number;
  acknowledged: number;
  refused: number;
  eventsPerSec: number;
  p50: number;
  p99: number;
  chainLength: number | null;
  integrityValid: boolean | null;
}

const integrity = z.object({ valid: z.boolean(), length: z.number() });

async function chainOf(baseUrl: string, statementId: string) {
  const fetched = await expectStatus('appends: integrity', `${baseUrl}/v1/statements/${statementId}/integrity`);
  const parsed = integrity.safeParse(json(fetched));
  if (!parsed.success) {
    fail('appends: integrity', `unexpected body ${fetched.text.slice(0, 200)}`);
    return null;
  }
  return parsed.data;
}

export async function measureAppends(baseUrl: string, statementId: string, options: { clients: number; seconds: number }): Promise<AppendResult> {
  const before = await chainOf(baseUrl, statementId);
  const latencies: number[] = [];
  let acknowledged = 0;
  let refused = 0;
  let firstError = '';
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const url = `${baseUrl}/v1/statements/${statementId}/snapshots`;
  const client = async (c: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const body = JSON.stringify({
        asOf: '2024-03-01',
        add: [{ organization: { abbreviation: `APP${c}-${n}`, name: `Append client ${c} organization ${n}`, nameEn: `Organization ${n} of client ${c}`, country: 'DE' } }],
        source: 'bench appends',
      });
      const t = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body });
      const text = await response.text();
      if (response.status === 201) {
        acknowledged++;
        latencies.push(performance.now() - t);
      } else {
        refused++;
        firstError ||= `${response.status} ${text.slice(0, 200)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - started) / 1000;
  if (refused) fail('appends', `${refused} appends were not acknowledged, e.g. ${firstError}`);
  if (acknowledged === 0) fail('appends', 'no append was acknowledged');

  const after = await chainOf(baseUrl, statementId);
  if (after && !after.valid) fail('appends: integrity', 'the chain is not valid after the appends');
  if (after && before && after.length !== before.length + acknowledged) {
    fail('appends: integrity', `the chain has ${after.length - before.length} new events, but ${acknowledged} were acknowledged`);
  }
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    clients: options.clients,
    seconds,
    acknowledged,
    refused,
    eventsPerSec: acknowledged / seconds,
    p50: at(0.5),
    p99: at(0.99),
    chainLength: after?.length ?? null,
    integrityValid: after?.valid ?? null,
  };
}
