import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';

type Operation = {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

describe('the OpenAPI contract', () => {
  it('the committed openapi/openapi.json is exactly what the app serves (run `npm run openapi`)', async () => {
    const t = await makeApp();
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const committed: unknown = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8'));
    expect(res.json()).toEqual(committed);
  });

  it('is OpenAPI 3.1 with named components, and every operation is named, tagged and documents its errors', async () => {
    const t = await makeApp();
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Organization', 'NewOrganization', 'OrganizationPatch', 'Problem', 'ApiKey']),
    );
    expect(Object.keys(doc.components.schemas).filter((n) => n.endsWith('Input'))).toEqual([]);

    const ids: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][a-zA-Z0-9]+$/);
        ids.push(op.operationId ?? '');
        expect(op.tags?.length, where).toBeGreaterThan(0);
        const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        expect(errors.length, `${where} documents no error`).toBeGreaterThan(0);
        for (const [status, response] of errors) {
          // HEAD answers have no body, problems included.
          if (method === 'head') expect(response.content, `${where} ${status}`).toBeUndefined();
          else
            expect(response.content?.['application/problem+json']?.schema?.$ref, `${where} ${status}`).toBe(
              '#/components/schemas/Problem',
            );
        }
        // POST /reconcile is a read (the Reconciliation API sends its queries as a form), and a
        // witness's co-signature carries its own credential (the signature): public, and say so.
        if (where === 'POST /reconcile' || where === 'POST /v1/log/cosignatures')
          expect(op.security, where).toEqual([]);
        else if (['post', 'put', 'patch', 'delete'].includes(method)) {
          expect(op.security, where).toEqual([{ bearerAuth: [] }]);
          expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(['401', '403']));
        }
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts no `default` in what a request sends: openapi-typescript would make such a field required', () => {
    const doc: {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: { schemas: Record<string, unknown> };
    } = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8'));
    const found: string[] = [];
    const seen = new Set<string>();
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        const ref =
          key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', '') : undefined;
        if (ref !== undefined && !seen.has(ref)) {
          seen.add(ref);
          walk(doc.components.schemas[ref], ref);
        }
        // `properties` names fields: one called `default` is no keyword.
        if (key === 'default' && !where.endsWith('/properties')) found.push(where);
        walk(value, `${where}/${key}`);
      }
    };
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) walk(op.requestBody, `${method} ${path}`);
    expect(found).toEqual([]);
  });

  it('serves the interactive docs at /docs', async () => {
    const t = await makeApp();
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
  });
});
