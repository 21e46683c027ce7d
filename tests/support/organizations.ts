// The organization tests' shared pieces: one organization to create, and creating through the API.
import { expect } from 'vitest';
import type { Organization } from '../../src/modules/organizations/schemas.js';
import type { TestApp } from './app.js';

/** An organization as the API answers it. */
export type Org = Organization;

export const mlpd = {
  abbreviation: 'MLPD',
  name: 'Marxistisch-Leninistische Partei Deutschlands',
  nameEn: 'Marxist-Leninist Party of Germany',
  country: 'DE',
};

export async function createOrganization(t: TestApp, payload: object) {
  const res = await t.admin({ method: 'POST', url: '/v1/organizations', payload });
  expect(res.statusCode, res.body).toBe(201);
  return { res, org: res.json<Org>() };
}

/** Renames an organization still at its first revision (If-Match "r1"): a second revision. */
export async function renameOrganization(t: TestApp, id: string, name: string): Promise<void> {
  const res = await t.admin({
    method: 'PATCH',
    url: `/v1/organizations/${id}`,
    headers: { 'if-match': '"r1"' },
    payload: { name },
  });
  expect(res.statusCode, res.body).toBe(200);
}
