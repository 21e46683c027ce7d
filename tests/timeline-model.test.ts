// Model-based test of the bitemporal timeline: random additions, withdrawals and retractions with
// random dates, in random order, checked against a deliberately naive model of the semantics
// docs/timeline.md states (replay every event dated on or before D and recorded by K, in (asOf, seq) order).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { append, listAt, org, statement, type Event } from './support/timeline.js';
import { PROOF_SCALE, scaledRuns } from './support/proof-scale.js';

interface Op {
  kind: 'add' | 'withdraw' | 'retract';
  org: number;
  day: number;
}

const ORGS = 4;
const dateOf = (day: number) => `2022-01-${String(day).padStart(2, '0')}`;
const op = fc.record({
  kind: fc.constantFrom<Op['kind']>('add', 'add', 'withdraw', 'retract'),
  org: fc.nat({ max: ORGS - 1 }),
  day: fc.integer({ min: 1, max: 5 }),
});

/** organization id -> signature id on the list as of `date`, as known after events 1..k. */
function modelList(events: Event[], date: string, k: number): Map<string, string> {
  const known = events.filter((e) => e.seq <= k);
  const retracted = new Set(
    known.flatMap((e) => e.items.filter((i) => i.kind === 'retract').map((i) => i.signatureId)),
  );
  const on = new Map<string, string>();
  const ordered = known
    .filter((e) => e.asOf <= date)
    .sort((a, b) => (a.asOf === b.asOf ? a.seq - b.seq : a.asOf < b.asOf ? -1 : 1));
  for (const event of ordered) {
    for (const item of event.items) {
      if (retracted.has(item.signatureId)) continue;
      if (item.kind === 'add' && !on.has(item.organizationId)) on.set(item.organizationId, item.signatureId);
      if (item.kind === 'withdraw') on.delete(item.organizationId);
    }
  }
  return on;
}

describe('the timeline agrees with a naive model of its semantics', () => {
  it(
    'for random histories, every (asOf, knownAt) list, every refusal, and the chain',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(op, { minLength: 1, maxLength: 14 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.nat()), { minLength: 4, maxLength: 8 }),
          async (ops, probes) => {
            const t = await makeApp();
            const orgs = await Promise.all(Array.from({ length: ORGS }, (_, i) => org(t, `Org ${i}`)));
            const id = await statement(t);
            const events: Event[] = [];
            for (const o of ops) {
              const orgId = orgs[o.org] ?? '';
              const now = modelList(events, dateOf(o.day), events.length);
              const signed = events.some((e) => e.items.some((i) => i.kind === 'add' && i.organizationId === orgId));
              const allRetracted = events
                .flatMap((e) => e.items)
                .filter((i) => i.organizationId === orgId && i.kind === 'add')
                .every((a) =>
                  events.some((e) => e.items.some((i) => i.kind === 'retract' && i.signatureId === a.signatureId)),
                );
              const expectOk =
                o.kind === 'add' ? !now.has(orgId) : o.kind === 'withdraw' ? now.has(orgId) : signed && !allRetracted;
              const body = {
                asOf: dateOf(o.day),
                [o.kind]: [o.kind === 'add' ? { organizationId: orgId } : { organizationId: orgId, reason: 'model' }],
              };
              const res = await append(t, id, body);
              expect(res.statusCode, `${JSON.stringify(o)}: ${res.body}`).toBe(expectOk ? 201 : 409);
              if (res.statusCode === 201) {
                const event = res.json<Event>();
                events.push(event);
                expect(event.total, 'total: the list as of its date, as known right after it').toBe(
                  modelList(events, event.asOf, event.seq).size,
                );
              }
            }
            for (const [day, at] of probes) {
              const k = events.length === 0 ? 0 : at % (events.length + 1);
              const knownAt = k === 0 ? '2000-01-01T00:00:00.000Z' : (events[k - 1]?.recordedAt ?? '');
              const list = await listAt(t, id, `?asOf=${dateOf(day || 1)}&knownAt=${encodeURIComponent(knownAt)}`);
              const model = modelList(events, dateOf(day || 1), list.knownSeq ?? 0);
              expect(new Map(list.items.map((s) => [s.organization.id, s.signatureId]))).toEqual(model);
              expect(list.items.map((s) => s.position)).toEqual(
                [...list.items.map((s) => s.position)].sort((a, b) => a - b),
              );
            }
            const integrity = (await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/integrity` })).json<{
              valid: boolean;
              detail: string | null;
            }>();
            expect(integrity.detail).toBeNull();
            expect(integrity.valid).toBe(true);
            await t.app.close();
          },
        ),
        { numRuns: scaledRuns(80) },
      );
    },
    120_000 * Math.max(PROOF_SCALE, 1),
  );
});
