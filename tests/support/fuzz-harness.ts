/**
 * The app under test, with a few resources to aim at, a fingerprint of everything a write can
 * change, and the pools of ids the fuzzer aims at (growing with what it creates).
 */
import fc from 'fast-check';
import { makeApp, type TestApp } from './app.js';
import type { Method } from './fuzz-spec.js';
import { withHostile, type Domain } from './fuzz-values.js';

interface Fixtures {
  organizations: string[];
  statements: string[];
  signatures: string[];
  keys: string[];
  editorKey: string;
  revokedKey: string;
  spareKeyId: string;
  missing: string[];
}

export interface Harness {
  t: TestApp;
  fx: Fixtures;
  fingerprint: () => string;
}

/** Everything a write can change, read through the app's own connection. */
const FINGERPRINT_SQL = `select json_array(
  (select count(*) from organizations), (select total(revision) from organizations), (select count(deleted_at) from organizations), (select max(updated_at) from organizations),
  (select count(*) from statements), (select total(revision) from statements), (select count(deleted_at) from statements), (select max(updated_at) from statements),
  (select count(*) from signatures), (select total(revision) from signatures), (select count(withdrawn_as_of) from signatures), (select max(updated_at) from signatures),
  (select count(*) from signature_spans), (select count(known_to) from signature_spans), (select count(*) from signing_keys),
  (select count(*) from signatory_events), (select count(*) from signatory_event_items), (select count(*) from revisions),
  (select count(*) from api_keys), (select count(revoked_at) from api_keys), (select max(key_hash) from api_keys),
  (select count(*) from idempotency_keys), (select max(created_at) from idempotency_keys),
  (select count(*) from organizations_fts), (select count(*) from statements_fts)
)`;

export async function harness(): Promise<Harness> {
  const t = await makeApp();
  const write = async (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.admin(
      payload === undefined
        ? { method, url, headers }
        : {
            method,
            url,
            headers: { 'content-type': 'application/json', ...headers },
            payload: JSON.stringify(payload),
          },
    );
    if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url} failed: ${res.statusCode} ${res.body}`);
    return res.body ? res.json<{ id: string; key?: string }>() : { id: '' };
  };

  const o1 = (
    await write('POST', '/v1/organizations', {
      name: 'Rode Morgen',
      abbreviation: 'RM',
      nameEn: 'Red Dawn',
      country: 'NL',
      aliases: ['Rote Morgen'],
    })
  ).id;
  const o2 = (
    await write('POST', '/v1/organizations', {
      name: 'Българска Комунистическа Партия',
      abbreviation: 'БКП',
      nameEn: 'Bulgarian Communist Party',
      country: 'BG',
    })
  ).id;
  const o3 = (
    await write('POST', '/v1/organizations', {
      name: 'Parti Communiste Prolétarien de Côte d’Ivoire',
      abbreviation: 'PCPCI',
      country: 'CI',
      website: 'https://example.org',
    })
  ).id;
  const gone = (await write('POST', '/v1/organizations', { name: 'Dissolved Party' })).id;
  await write('PATCH', `/v1/organizations/${o1}`, { website: 'https://example.org/rm' }, { 'if-match': '"r1"' });
  await write('DELETE', `/v1/organizations/${gone}`);

  const s1 = (
    await write('POST', '/v1/statements', {
      title: 'Solidarity with Kazakhstan',
      issuer: 'ICOR',
      kind: 'resolution',
      publishedOn: '2022-01-21',
      language: 'en',
      body: 'Text.',
    })
  ).id;
  await write('POST', `/v1/statements/${s1}/events`, {
    asOf: '2022-01-21',
    add: [{ organizationId: o1 }, { organizationId: o2 }],
  });
  await write('POST', `/v1/statements/${s1}/events`, {
    asOf: '2022-02-01',
    add: [{ organizationId: o3 }],
    withdraw: [{ organizationId: o1, reason: 'left' }],
  });
  const s2 = (
    await write('POST', '/v1/statements', { title: 'Empty open letter', issuer: 'Nobody', kind: 'open-letter' })
  ).id;
  const s3 = (await write('POST', '/v1/statements', { title: 'Deleted declaration', issuer: 'ICOR' })).id;
  await write('POST', `/v1/statements/${s3}/events`, { asOf: '2022-01-21', add: [{ organizationId: o2 }] });
  await write('DELETE', `/v1/statements/${s3}`);

  const signatures = (await t.app.inject({ method: 'GET', url: '/v1/signatures' }))
    .json<{ items: { id: string }[] }>()
    .items.map((s) => s.id);
  await t.as('editor', { method: 'GET', url: '/health' });
  const editorKey = t.keys['editor'] ?? '';
  const spare = await write('POST', '/v1/keys', { name: 'spare', role: 'editor' });
  const revoked = await write('POST', '/v1/keys', { name: 'revoked', role: 'admin' });
  await write('DELETE', `/v1/keys/${revoked.id}`);
  // Never the bootstrap admin key's own id: revoking it would lock the fuzzer out.
  const keys = (await t.admin({ method: 'GET', url: '/v1/keys' }))
    .json<{ items: { id: string; role: string; name: string }[] }>()
    .items.filter((k) => k.name !== 'admin (UNDERSIGNED_ADMIN_KEY)')
    .map((k) => k.id);

  const statement = t.app.db.$client.prepare(FINGERPRINT_SQL).pluck();
  return {
    t,
    fx: {
      organizations: [o1, o2, o3, gone],
      statements: [s1, s2, s3],
      signatures,
      keys,
      editorKey,
      revokedKey: revoked.key ?? '',
      spareKeyId: spare.id,
      missing: [
        'org_AAAAAAAAAAAAAAAAAAAAAAAA',
        'stm_AAAAAAAAAAAAAAAAAAAAAAAA',
        'sig_AAAAAAAAAAAAAAAAAAAAAAAA',
        'key_AAAAAAAAAAAAAAAAAAAAAAAA',
      ],
    },
    fingerprint: () => String(statement.get()),
  };
}

export type IdKind = 'organization' | 'statement' | 'signature' | 'key' | 'any';

/** One of a pool that grows while the test runs, read when the value is drawn. */
const pick = (pool: () => string[]) =>
  fc.nat({ max: 10_000 }).map((i) => {
    const list = pool();
    return list[i % list.length] ?? '';
  });

export function ids(h: Harness, kind: IdKind): Domain {
  const fx = h.fx;
  const all = () => [...fx.organizations, ...fx.statements, ...fx.signatures, ...fx.keys];
  const own = () =>
    kind === 'any'
      ? all()
      : { organization: fx.organizations, statement: fx.statements, signature: fx.signatures, key: fx.keys }[kind];
  return {
    valid: fc.oneof({ weight: 8, arbitrary: pick(own) }, { weight: 1, arbitrary: pick(all) }),
    invalid: withHostile(fc.constantFrom(...fx.missing, 'x'.repeat(64), 'x'.repeat(65))),
  };
}

const ID_POOLS: Record<string, 'organizations' | 'statements' | 'signatures' | 'keys'> = {
  org: 'organizations',
  stm: 'statements',
  sig: 'signatures',
  key: 'keys',
};

/** Ids in a creation's response join the pools, so later requests aim at what the fuzzer made. */
export function remember(fx: Fixtures, value: unknown, depth = 0): void {
  if (depth > 5 || value === null || typeof value !== 'object') return;
  for (const item of Object.values(value)) {
    if (typeof item === 'string') {
      const pool = ID_POOLS[item.slice(0, 3)];
      if (pool && /^[a-z]{3}_[\w-]{16}$/.test(item) && fx[pool].length < 60 && !fx[pool].includes(item))
        fx[pool].push(item);
    } else remember(fx, item, depth + 1);
  }
}

export function idKindFor(name: string, path: string): IdKind {
  if (name === 'organizationId' || name === 'signedBy') return 'organization';
  if (name === 'statementId') return 'statement';
  if (name !== 'id') return 'any';
  if (path.startsWith('/v1/organizations')) return 'organization';
  if (path.startsWith('/v1/statements')) return 'statement';
  if (path.startsWith('/v1/signatures')) return 'signature';
  if (path.startsWith('/v1/keys')) return 'key';
  return 'any';
}
