// The merge tests' shared pieces: merging and unmerging through the API, and what they answer.
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import type { Org } from './organizations.js';
import { listAt } from './timeline.js';

export interface MergeResult {
  merge: { seq: number; action: string; organizationId: string; into: string; hash: string; prevHash: string | null };
  survivor: Org;
  moved: { statementId: string; from: string; to: string[] }[];
  clashes: { statementId: string; kept: string; dropped: string }[];
  events: { statementId: string; seq: number }[];
}

export const merge = (t: TestApp, id: string, into: string, reason = 'the same party') =>
  t.admin({ method: 'POST', url: `/v1/organizations/${id}/merge`, payload: { into, reason } });
export const unmerge = (t: TestApp, id: string) =>
  t.admin({ method: 'POST', url: `/v1/organizations/${id}/unmerge`, payload: { reason: 'two parties after all' } });

export async function mergeOk(t: TestApp, id: string, into: string) {
  const res = await merge(t, id, into);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<MergeResult>();
}

export async function integrityValid(t: TestApp) {
  const res = await t.app.inject({ method: 'GET', url: '/v1/integrity' });
  expect(res.json<{ valid: boolean }>().valid, res.body).toBe(true);
}

export const onList = async (t: TestApp, id: string, q = '') =>
  (await listAt(t, id, q)).items.map((s) => [s.organization.id, s.printedNumber, s.addedAsOf]);
