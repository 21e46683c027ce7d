// examples/add-late-signatory.ts again, on the SDK that @hey-api/openapi-ts generates from the
// same contract (clients/hey-api): the same job, the same helpers, no casts. It proves that the
// contract types cleanly for a second generator; `npm run typecheck` checks it, and
// tests/example-script.test.ts runs it.
//
//   UNDERSIGNED_URL=http://127.0.0.1:3000 UNDERSIGNED_KEY=us_… npx tsx examples/hey-api/add-late-signatory.ts
import { createClient, createConfig } from '../../clients/hey-api/client/index.js';
import {
  addLateSignatory,
  appendSignatoryEvent,
  createOrganization,
  diffSignatories,
  getOrganization,
  getSignatories,
  listOrganizations,
  listStatements,
  updateOrganization,
  type NewOrganization,
  type Organization,
} from '../../clients/hey-api/index.js';
import {
  allPages,
  idempotencyKey,
  idempotent,
  isProblemError,
  readModifyWrite,
  unwrap,
} from '../../clients/typescript/src/index.js';
import { job, organizationKeyParts, printDiff, sameOrganization } from '../late-signatory-job.js';

type Client = ReturnType<typeof createClient>;

async function findOrCreateOrganization(
  client: Client,
  wanted: NewOrganization,
): Promise<{ org: Organization; created: boolean }> {
  const country = wanted.country ?? undefined;
  for await (const org of allPages((cursor) =>
    listOrganizations({ client, query: { q: wanted.name, country, cursor } }),
  )) {
    if (sameOrganization(org, wanted)) return { org, created: false };
  }
  const key = idempotencyKey('create-organization', ...organizationKeyParts(wanted));
  const { data, replayed } = await idempotent(key, (k) =>
    createOrganization({ client, headers: { 'idempotency-key': k }, body: wanted }),
  );
  return { org: data, created: !replayed };
}

async function main(): Promise<void> {
  const apiKey = process.env.UNDERSIGNED_KEY;
  if (!apiKey) throw new Error('set UNDERSIGNED_KEY to an editor or admin key');
  const client = createClient(
    createConfig({
      baseUrl: process.env.UNDERSIGNED_URL ?? 'http://127.0.0.1:3000',
      headers: { authorization: `Bearer ${apiKey}` },
    }),
  );
  const changes: string[] = [];

  const { issuer, title } = job.statement;
  let statementId: string | undefined;
  for await (const statement of allPages((cursor) => listStatements({ client, query: { issuer, q: title, cursor } }))) {
    if (statement.title === title) statementId ??= statement.id;
  }
  if (statementId === undefined) throw new Error(`no statement "${title}" by ${issuer}: is this the seeded sample?`);
  const id = statementId;
  const latest = unwrap(await getSignatories({ client, path: { id }, query: { limit: 1 } }));
  console.log(`statement ${id}: ${latest.total} signatories as of ${latest.eventAsOf ?? 'never'}`);

  const { org, created } = await findOrCreateOrganization(client, job.organization);
  console.log(
    `organization ${org.id} (${org.abbreviation} ${org.name}): ${created ? 'created' : 'found, not created again'}`,
  );
  if (created) changes.push('organization created');
  const website = await readModifyWrite({
    read: () => getOrganization({ client, path: { id: org.id } }),
    change: (current) => (current.website === job.website ? undefined : { website: job.website }),
    write: (patch, etag) =>
      updateOrganization({ client, path: { id: org.id }, headers: { 'if-match': etag }, body: patch }),
  });
  console.log(`website ${job.website}: ${website.changed ? 'set' : 'already set'}`);
  if (website.changed) changes.push('website set');

  try {
    const added = await idempotent(idempotencyKey('add-late-signatory', id, org.id, job.signedAsOf), (k) =>
      addLateSignatory({
        client,
        path: { id },
        headers: { 'idempotency-key': k },
        body: { organizationId: org.id, asOf: job.signedAsOf, source: job.source },
      }),
    );
    console.log(
      `signatory as of ${job.signedAsOf}: ${added.replayed ? 'already recorded by an earlier run' : 'recorded'} (${added.data.id}, position ${added.data.position})`,
    );
    if (!added.replayed) changes.push('signatory added');
  } catch (error) {
    if (!isProblemError(error, 'signatory-conflict')) throw error;
    console.log(
      `signatory as of ${job.signedAsOf}: already on the list (${error.problem?.detail ?? 'signatory-conflict'})`,
    );
  }

  const { position, asOf, reason } = job.withdraw;
  try {
    const event = await idempotent(idempotencyKey('withdraw', id, position, asOf), (k) =>
      appendSignatoryEvent({
        client,
        path: { id },
        headers: { 'idempotency-key': k },
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

  const diff = unwrap(await diffSignatories({ client, path: { id }, query: job.diff }));
  printDiff(diff, changes);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
