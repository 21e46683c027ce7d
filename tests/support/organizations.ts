// The organization tests' shared pieces: one organization to create, and creating through the API.
import { expect } from 'vitest';
import type { TestApp } from './app.js';

export interface Org {
  id: string;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  aliases: string[];
  country: string | null;
  website: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

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
