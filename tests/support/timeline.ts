import { expect } from 'vitest';
import type { TestApp } from './app.js';

/** The shapes the timeline tests read, as the API documents them. */
export interface Signatory {
  position: number;
  signatureId: string;
  addedAsOf: string;
  printedAs: string | null;
  printedNumber: number | null;
  organization: { id: string; name: string; abbreviation: string | null; country: string | null };
}
export interface SignatoryList {
  statementId: string;
  asOf: string | null;
  knownAt: string;
  knownSeq: number | null;
  eventAsOf: string | null;
  total: number;
  items: Signatory[];
}
export interface Item {
  kind: 'add' | 'withdraw' | 'retract';
  signatureId: string;
  organizationId: string;
  position: number;
  printedAs: string | null;
  printedNumber: number | null;
  reason: string | null;
}
export interface Event {
  statementId: string;
  seq: number;
  asOf: string;
  recordedAt: string;
  recordedBy: string;
  total: number;
  prevHash: string | null;
  hash: string;
  format: number;
  items: Item[];
  redundantLater: { seq: number; kind: string; organizationId: string; signatureId: string }[];
}

export const added = (e: Pick<Event, 'items'>) => e.items.filter((i) => i.kind === 'add');
export const withdrawn = (e: Pick<Event, 'items'>) => e.items.filter((i) => i.kind === 'withdraw');
export const names = (list: { items: Signatory[] } | Signatory[]) =>
  ('items' in list ? list.items : list).map((s) => s.organization.name);

export async function org(t: TestApp, name: string, extra: object = {}) {
  const res = await t.admin({ method: 'POST', url: '/v1/organizations', payload: { name, ...extra } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

export async function statement(t: TestApp, extra: object = {}) {
  const res = await t.admin({
    method: 'POST',
    url: '/v1/statements',
    payload: {
      title: 'Solidarity with the workers and popular masses in Kazakhstan!',
      issuer: 'ICOR',
      kind: 'resolution',
      publishedOn: '2022-01-21',
      language: 'en',
      body: 'Text.',
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

export const append = (t: TestApp, id: string, payload: object) =>
  t.admin({ method: 'POST', url: `/v1/statements/${id}/events`, payload });

export async function appendOk(t: TestApp, id: string, payload: object) {
  const res = await append(t, id, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Event>();
}

/** The query parameter asking for a list as known at `at`. */
export const known = (at: string) => `knownAt=${encodeURIComponent(at)}`;

/** The list as of / as known at: `q` is the query string, e.g. `?asOf=2022-01-21`. */
export async function listAt(t: Pick<TestApp, 'app'>, id: string, q = '') {
  const res = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories${q}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SignatoryList>();
}

/** Waits until the clock has moved, so that a knownAt can fall between two events. */
export async function tick(): Promise<string> {
  await new Promise((r) => setTimeout(r, 5));
  const now = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  return now;
}

/** A statement with three events over three dates, one of them a withdrawal. */
export async function threeEvents(t: TestApp) {
  const [a, b, c, d] = [await org(t, 'Alpha'), await org(t, 'Beta'), await org(t, 'Gamma'), await org(t, 'Delta')];
  const id = await statement(t);
  const e1 = await appendOk(t, id, {
    asOf: '2022-01-21',
    add: [{ organizationId: a }, { organizationId: b }, { organizationId: c }],
    source: 'https://example.org/list-1',
  });
  const e2 = await appendOk(t, id, {
    asOf: '2022-02-01',
    add: [
      { organizationId: d, printedAs: '4. D Delta', printedNumber: 4 },
      { organization: { name: 'Epsilon', country: 'FR' } },
    ],
  });
  const e3 = await appendOk(t, id, {
    asOf: '2022-03-01',
    withdraw: [{ organizationId: b, reason: 'left the coalition' }],
  });
  return { id, a, b, c, d, e1, e2, e3 };
}
