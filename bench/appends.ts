/**
 * Write throughput: concurrent clients (autocannon connections) each appending one-addition
 * events, with a new organization inline, until a fixed number has been sent. A fixed number, not
 * a duration: autocannon then waits for every answer, so the acknowledged count is exact and must
 * equal the growth of the chain the server reports. Before autocannon, a fetch() loop spent 2.7 ms
 * of CPU per request on the same two cores as the server, and the bench measured that.
 */
import autocannon from 'autocannon';
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

async function chainOf(step: string, baseUrl: string, statementId: string) {
  const fetched = await expectStatus(`${step}: integrity`, `${baseUrl}/v1/statements/${statementId}/integrity`);
  const parsed = integrity.safeParse(json(fetched));
  if (!parsed.success) {
    fail(`${step}: integrity`, `unexpected body ${fetched.text.slice(0, 200)}`);
    return null;
  }
  return parsed.data;
}

export async function measureAppends(
  baseUrl: string,
  statementId: string,
  options: { clients: number; events: number; step?: string },
): Promise<AppendResult> {
  const step = options.step ?? 'appends';
  const before = await chainOf(step, baseUrl, statementId);
  let n = 0;
  const body = () => {
    n++;
    return JSON.stringify({
      asOf: '2024-03-01',
      add: [
        {
          organization: {
            abbreviation: `APP-${n}`,
            name: `Append organization ${n}`,
            nameEn: `Organization ${n} of the append clients`,
            country: 'DE',
          },
        },
      ],
      source: 'bench appends',
    });
  };
  const run: autocannon.Options = {
    url: baseUrl,
    connections: options.clients,
    amount: options.events,
    requests: [
      {
        method: 'POST',
        path: `/v1/statements/${statementId}/events`,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  };
  // Timed to the last answer: autocannon itself ends on its once-a-second tick.
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(run, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', () => (lastAnswer = performance.now()));
  });
  const acknowledged = result['2xx'];
  const refused = result.requests.total - acknowledged;
  if (refused || result.errors || result.timeouts)
    fail(step, `${refused} appends were not acknowledged (${result.errors} errors, ${result.timeouts} timeouts)`);
  if (acknowledged === 0) fail(step, 'no append was acknowledged');
  const seconds = (lastAnswer - started) / 1000;

  const after = await chainOf(step, baseUrl, statementId);
  if (after && !after.valid) fail(`${step}: integrity`, 'the chain is not valid after the appends');
  if (after && before && after.length !== before.length + acknowledged) {
    fail(
      `${step}: integrity`,
      `the chain has ${after.length - before.length} new events, but ${acknowledged} were acknowledged`,
    );
  }
  return {
    clients: options.clients,
    seconds,
    acknowledged,
    refused,
    eventsPerSec: acknowledged / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    chainLength: after?.length ?? null,
    integrityValid: after?.valid ?? null,
  };
}
