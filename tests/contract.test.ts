import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEM_SLUGS, PROBLEM_TYPES } from '../src/http/problem-types.js';
import { expectProblem, makeApp } from './support/app.js';
import { validatorFor, violations, type ObservedResponse } from './support/contract.js';

interface Doc {
  components: { schemas: Record<string, Schema> };
  paths: Record<
    string,
    Record<
      string,
      {
        tags?: string[];
        parameters?: { name: string; in: string; required?: boolean }[];
        responses: Record<string, { description: string; headers?: Record<string, unknown> }>;
      }
    >
  >;
}
interface Schema {
  description?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  examples?: Record<string, unknown>[];
}
const doc: Doc = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8'));
/** The errors table of the API's docs: every problem type with its status. */
const apiDocs = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');

const ok: ObservedResponse = {
  method: 'GET',
  route: '/v1/organizations/:id',
  url: '/v1/organizations/org_x',
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"r1"', 'x-request-id': 'a' },
  body: JSON.stringify({ id: 'org_x', revision: 1 }),
  hidden: false,
};

describe('the response validator', () => {
  it('finds an undocumented status, header, media type or body, and an error that is not a problem', () => {
    expect(violations({ ...ok, status: 418 })).toEqual([expect.stringContaining('status 418 is not documented')]);
    expect(violations({ ...ok, headers: { ...ok.headers, 'x-secret': '1' } })).toContainEqual(
      expect.stringContaining('header x-secret is not documented'),
    );
    expect(violations({ ...ok, headers: { ...ok.headers, 'content-type': 'text/html' } })).toContainEqual(
      expect.stringContaining('media type text/html'),
    );
    expect(violations(ok)).toContainEqual(expect.stringContaining('body does not match'));
    const problem = JSON.stringify({ type: 'urn:undersigned:problem:made-up', title: 'Not Found', status: 404 });
    expect(
      violations({
        ...ok,
        route: undefined,
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
        body: problem,
      }),
    ).toContainEqual(expect.stringContaining('not a Problem'));
    expect(
      violations({ ...ok, route: undefined, status: 404, headers: { 'content-type': 'text/plain' }, body: 'nope' }),
    ).toContainEqual(expect.stringContaining('not problem+json'));
  });
});

describe('the contract documents what the server does', () => {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, path, method, op })),
  );

  it('gives every operation one tag and every response a description of its own', () => {
    for (const { where, op } of operations) {
      expect(op.tags, where).toHaveLength(1);
      for (const [status, response] of Object.entries(op.responses))
        expect(response.description, `${where} ${status}`).not.toMatch(/^(Default Response)?$/);
    }
  });

  it('lists the statuses the framework sends: 429 everywhere limited, 414 with a path parameter, 413 and 415 on writes', () => {
    for (const { where, path, method, op } of operations) {
      const statuses = Object.keys(op.responses);
      if (path !== '/health') expect(statuses, where).toContain('429');
      if (path.includes('{')) expect(statuses, where).toEqual(expect.arrayContaining(['400', '414']));
      if (['post', 'patch', 'delete'].includes(method))
        expect(statuses, where).toEqual(expect.arrayContaining(['400', '413', '415']));
      if ('304' in op.responses)
        expect(
          op.parameters?.map((p) => p.name),
          where,
        ).toContain('if-none-match');
      if (method === 'patch') expect(op.parameters?.find((p) => p.name === 'if-match')?.required, where).toBe(true);
    }
  });

  it('names every problem type in the Problem schema and in the errors table of docs/api.md', async () => {
    for (const slug of PROBLEM_SLUGS)
      expect(apiDocs, slug).toMatch(
        new RegExp(`\`(urn:undersigned:problem:)?${slug}\`[^\\n]*\\| ${PROBLEM_TYPES[slug].status}`),
      );
    const t = await makeApp();
    const res = await t.app.inject({ method: 'PUT', url: '/v1/organizations' });
    expectProblem(res, 405);
    expect(res.json<{ type: string }>().type).toBe('urn:undersigned:problem:method-not-allowed');
  });
});

describe('HEAD', () => {
  const heads = Object.entries(doc.paths)
    .filter(([, methods]) => 'head' in methods)
    .map(([path]) => path);

  it('is documented for /health and every read whose answer carries an ETag or a Link, and only there', () => {
    const worth = Object.entries(doc.paths)
      .filter(
        ([path, methods]) =>
          path === '/health' ||
          ['etag', 'link'].some((name) => name in (methods['get']?.responses['200']?.headers ?? {})),
      )
      .map(([path]) => path);
    expect(heads.sort()).toEqual(worth.sort());
  });

  it('answers as the GET does: the same status and headers, no body', async () => {
    const t = await makeApp();
    for (const url of ['/health', '/v1/feed.atom', '/statements', '/v1/statements']) {
      const [get, head] = [await t.app.inject({ method: 'GET', url }), await t.app.inject({ method: 'HEAD', url })];
      expect([head.statusCode, head.body], url).toEqual([get.statusCode, '']);
      expect(head.headers['content-type'], url).toBe(get.headers['content-type']);
      expect(head.headers['content-length'], url).toBe(get.headers['content-length']);
    }
  });

  it('is refused where it is not documented: 405, allowing GET', async () => {
    const t = await makeApp();
    const res = await t.app.inject({ method: 'HEAD', url: '/v1/integrity' });
    expect([res.statusCode, res.headers.allow, res.body]).toEqual([405, 'GET', '']);
    expect(violations({ ...ok, method: 'HEAD', route: '/v1/keys', url: '/v1/keys', body: '' })).toEqual([
      expect.stringContaining('HEAD /v1/keys is not in the OpenAPI document'),
    ]);
  });
});

describe('descriptions and examples', () => {
  const components = doc.components.schemas;

  it('describes every property of every component', () => {
    const undescribed: string[] = [];
    const walk = (where: string, schema: Schema | undefined) => {
      for (const [name, property] of Object.entries(schema?.properties ?? {})) {
        if (property.description === undefined && property.$ref === undefined) undescribed.push(`${where}.${name}`);
        walk(`${where}.${name}`, property);
        walk(`${where}.${name}[]`, property.items);
      }
      for (const option of [...(schema?.oneOf ?? []), ...(schema?.anyOf ?? [])]) walk(where, option);
    };
    for (const [name, schema] of Object.entries(components)) walk(name, schema);
    expect(undescribed).toEqual([]);
  });

  it('gives examples from the sample that fit their schemas, and the request examples work as sent from /docs', async () => {
    for (const [name, schema] of Object.entries(components)) {
      for (const example of schema.examples ?? [])
        expect(validatorFor(`openapi.json#/components/schemas/${name}`)(example), `${name} example`).toBe(true);
    }
    const t = await makeApp();
    const example = (name: string) => components[name]?.examples?.[0];
    const statement = await t.admin({ method: 'POST', url: '/v1/statements', payload: example('NewStatement') });
    expect(statement.statusCode).toBe(201);
    const url = `/v1/statements/${statement.json<{ id: string }>().id}`;
    expect(
      (await t.admin({ method: 'POST', url: `${url}/events`, payload: example('NewSignatoryEvent') })).statusCode,
    ).toBe(201);
    expect(
      (await t.admin({ method: 'POST', url: `${url}/signatures`, payload: example('NewSignature') })).statusCode,
    ).toBe(201);
    expect(
      (await t.admin({ method: 'POST', url: '/v1/organizations', payload: example('NewOrganization') })).statusCode,
    ).toBe(201);
  });
});

describe('one of two shapes', () => {
  it('a late signatory names an existing organization or a new one, and the problem says which is missing', async () => {
    const t = await makeApp();
    const statement = (
      await t.admin({ method: 'POST', url: '/v1/statements', payload: { title: 'T', issuer: 'ICOR' } })
    ).json<{ id: string }>();
    const url = `/v1/statements/${statement.id}/signatures`;
    for (const payload of [
      { asOf: '2022-01-21' },
      { asOf: '2022-01-21', organizationId: 'org_x', organization: { name: 'MLPD' } },
    ]) {
      const res = await t.admin({ method: 'POST', url, payload });
      expectProblem(res, 400);
      expect(res.json<{ errors: { field: string; detail: string }[] }>().errors).toEqual([
        { in: 'body', field: '', detail: expect.stringContaining('exactly one of `organizationId`') },
      ]);
    }
    const tooLong = await t.admin({ method: 'POST', url, payload: { asOf: '2022-01-21', organization: { name: '' } } });
    expectProblem(tooLong, 400);
    expect(tooLong.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['organization.name']);
    const added = await t.admin({
      method: 'POST',
      url,
      payload: {
        asOf: '2022-01-21',
        organization: { name: 'Marxistisch-Leninistische Partei Deutschlands', abbreviation: 'MLPD', country: 'DE' },
      },
    });
    expect(added.statusCode).toBe(201);
  });
});
