// The admin's main job, end to end, with the typed client (clients/typescript):
//   1. find the statement;  2. find or create the organization, never twice;
//   3. add it as a late signatory (a backdated correction when the list has moved on since);
//   4. withdraw one;  5. print the diff.
// Safe to run again: each write carries an Idempotency-Key derived from the logical operation,
// so a second run (or a retry after a lost answer) writes nothing and says so.
//
//   UNDERSIGNED_URL=http://127.0.0.1:3000 UNDERSIGNED_KEY=us_… npx tsx examples/add-late-signatory.ts
import {
  allPages,
  createUndersignedClient,
  idempotencyKey,
  idempotent,
  isProblemError,
  readModifyWrite,
  unwrap,
  type components,
  type UndersignedClient,
} from '../clients/typescript/src/index.js';
import { job, organizationKeyParts, printDiff, sameOrganization } from './late-signatory-job.js';

type Organization = components['schemas']['Organization'];
type NewOrganization = components['schemas']['NewOrganization'];

async function findStatement(client: UndersignedClient) {
  const { issuer, title } = job.statement;
  for await (const statement of allPages((cursor) =>
    client.GET('/v1/statements', { params: { query: { issuer, q: title, cursor } } }),
  )) {
    if (statement.title === title) return statement;
  }
  throw new Error(`no statement "${title}" by ${issuer}: is this the seeded sample?`);
}

/**
 * Search, then create only if nothing matches. Until exact filters exist this searches with `q`
 * and compares in sameOrganization; once `GET /v1/organizations?name=&country=` (and the 409
 * `existing` on a duplicate POST) land, the search becomes one exact query.
 */
async function findOrCreateOrganization(
  client: UndersignedClient,
  wanted: NewOrganization,
): Promise<{ org: Organization; created: boolean }> {
  const country = wanted.country ?? undefined;
  for await (const org of allPages((cursor) =>
    client.GET('/v1/organizations', { params: { query: { q: wanted.name, country, cursor } } }),
  )) {
    if (sameOrganization(org, wanted)) return { org, created: false };
  }
  const key = idempotencyKey('create-organization', ...organizationKeyParts(wanted));
  const { data, replayed } = await idempotent(key, (k) =>
    client.POST('/v1/organizations', { params: { header: { 'idempotency-key': k } }, body: wanted }),
  );
  return { org: data, created: !replayed };
}

async function main(): Promise<void> {
  const baseUrl = process.env.UNDERSIGNED_URL ?? 'http://127.0.0.1:3000';
  const apiKey = process.env.UNDERSIGNED_KEY;
  if (!apiKey) throw new Error('set UNDERSIGNED_KEY to an editor or admin key');
  const client = createUndersignedClient({ baseUrl, apiKey });
  const changes: string[] = [];

  // 1. The statement, and the date its list was last published as of.
  const statement = await findStatement(client);
  const latest = unwrap(
    await client.GET('/v1/statements/{id}/signatories', {
      params: { path: { id: statement.id }, query: { limit: 1 } },
    }),
  );
  console.log(
    `statement ${statement.id}: "${statement.title}", ${latest.total} signatories as of ${latest.eventAsOf ?? 'never'}`,
  );

  // 2. The organization, found or created; its website set by read-modify-write with If-Match.
  const { org, created } = await findOrCreateOrganization(client, job.organization);
  console.log(
    `organization ${org.id} (${org.abbreviation} ${org.name}): ${created ? 'created' : 'found, not created again'}`,
  );
  if (created) changes.push('organization created');
  const website = await readModifyWrite({
    read: () => client.GET('/v1/organizations/{id}', { params: { path: { id: org.id } } }),
    change: (current) => (current.website === job.website ? undefined : { website: job.website }),
    write: (patch, etag) =>
      client.PATCH('/v1/organizations/{id}', {
        params: { path: { id: org.id }, header: { 'if-match': etag } },
        body: patch,
      }),
  });
  console.log(`website ${job.website}: ${website.changed ? 'set' : 'already set'}`);
  if (website.changed) changes.push('website set');

  // 3. The late signatory. Dated before the latest list, it is a backdated correction.
  const kind =
    latest.eventAsOf !== null && job.signedAsOf < latest.eventAsOf ? 'backdated correction' : 'late signatory';
  const addKey = idempotencyKey('add-late-signatory', statement.id, org.id, job.signedAsOf);
  try {
    const added = await idempotent(addKey, (k) =>
      client.POST('/v1/statements/{id}/signatures', {
        params: { path: { id: statement.id }, header: { 'idempotency-key': k } },
        body: { organizationId: org.id, asOf: job.signedAsOf, source: job.source },
      }),
    );
    console.log(
      `${added.replayed ? 'signatory' : kind} as of ${job.signedAsOf}: ${added.replayed ? 'already recorded by an earlier run' : 'recorded'} (${added.data.id}, position ${added.data.position})`,
    );
    if (!added.replayed) changes.push('signatory added');
  } catch (error) {
    // The key is kept a day at least; after that the timeline itself refuses a second addition.
    if (!isProblemError(error, 'signatory-conflict')) throw error;
    console.log(
      `${kind} as of ${job.signedAsOf}: already on the list (${error.problem?.detail ?? 'signatory-conflict'})`,
    );
  }

  // 4. A withdrawal: one event, dated when it took effect.
  const { position, asOf, reason } = job.withdraw;
  const withdrawKey = idempotencyKey('withdraw', statement.id, position, asOf);
  try {
    const event = await idempotent(withdrawKey, (k) =>
      client.POST('/v1/statements/{id}/events', {
        params: { path: { id: statement.id }, header: { 'idempotency-key': k } },
        body: { asOf, withdraw: [{ position, reason }] },
      }),
    );
    console.log(
      `withdrawal of no. ${position} as of ${asOf}: ${event.replayed ? 'already recorded by an earlier run' : 'recorded'} (event ${event.data.seq})`,
    );
    if (!event.replayed) changes.push('signatory withdrawn');
  } catch (error) {
    if (!isProblemError(error, 'signatory-conflict')) throw error;
    console.log(
      `withdrawal of no. ${position} as of ${asOf}: already off the list (${error.problem?.detail ?? 'signatory-conflict'})`,
    );
  }

  // 5. What changed between the two dates, as known now.
  const diff = unwrap(
    await client.GET('/v1/statements/{id}/signatories/diff', {
      params: { path: { id: statement.id }, query: job.diff },
    }),
  );
  printDiff(diff, changes);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
