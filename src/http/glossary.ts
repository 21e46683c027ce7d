/**
 * One name, one meaning: what a property means wherever it appears, for the OpenAPI document.
 * A schema's own `.describe()` wins; `Component.property` entries cover names that mean
 * something else in one place. The contract test fails on any property described nowhere.
 */
export const GLOSSARY: Record<string, string> = {
  id: 'Stable identifier, with a prefix naming the resource (`stm_`, `org_`, `sig_`, `key_`).',
  revision: 'Revision number, 1 on creation, +1 on each change; its strong ETag is `"r{revision}"`.',
  createdAt: 'When the resource was created (UTC, ISO 8601).',
  updatedAt: 'When its latest revision was recorded (UTC, ISO 8601).',
  deletedAt: 'When it was deleted (soft); null while it exists.',
  revokedAt: 'When the key was revoked; null while it works.',
  recordedAt: 'When the database recorded this (transaction time, UTC, ISO 8601).',
  recordedBy: 'The name of the API key (or the CLI) that recorded it.',
  action: 'What the revision did: `create`, `update` or `delete`.',
  items: 'The entries of this page or list, in order.',
  nextCursor: 'Pass as `cursor` for the next page; null on the last page.',
  statementId: 'The statement (`stm_…`).',
  organizationId: 'The organization (`org_…`).',
  signatureId: "The signature (`sig_…`): one organization on one statement's list.",
  statement: 'The statement.',
  title: "The statement's title, as published.",
  issuer: 'Who published the statement (the coordinating body), e.g. `ICOR`.',
  publishedOn: 'The date the statement was published (YYYY-MM-DD), when known.',
  language: "The statement's language (BCP 47 tag, e.g. `en`, `de`).",
  lang: 'The language of this name (BCP 47 tag, e.g. `de`).',
  body: "The statement's text.",
  sourceUrl: 'Where the statement was published.',
  openForSignatures: 'Whether further signatories are possible ("further signatories possible").',
  name: "The organization's name, as it calls itself (any script).",
  nameEn: "The organization's name in English, when the list gives one.",
  abbreviation: "The organization's abbreviation, e.g. `MLPD`.",
  aliases: "Other spellings of the organization's name, used by search and matching.",
  country: 'ISO 3166-1 alpha-2 country code, e.g. `DE`.',
  website: "The organization's website (URL).",
  asOf: 'The date a list speaks for (valid time, YYYY-MM-DD).',
  knownAt: "The moment of the database's knowledge (transaction time); null for now.",
  addedAsOf: 'The date of the list the signatory joined on.',
  withdrawnAsOf: 'The date the signatory withdrew; null while it stands.',
  signedOn: 'The date the organization says it signed, when known (YYYY-MM-DD).',
  position: "The signature's place on the statement's list: 1, 2, 3… in order of joining.",
  printedAs: 'The entry exactly as the published list printed it.',
  printedNumber: "The entry's number on the published list.",
  note: 'A free note, kept with the record.',
  source: 'Where the list or change came from (a URL or a citation).',
  reason: 'Why (for a withdrawal or retraction).',
  seq: "The event's number within its statement: 1, 2, 3… in recording order.",
  kind: 'What the entry does: `add`, `withdraw` or `retract`.',
  add: 'Organizations joining the list.',
  withdraw: 'Signatories withdrawing as of this date (they did sign).',
  retract: 'Signatories that never signed: the list was wrong.',
  addedCount: 'Signatories this event adds.',
  withdrawnCount: 'Signatories this event withdraws.',
  retractedCount: 'Signatories this event retracts.',
  from: 'The earlier date of the comparison (YYYY-MM-DD).',
  to: 'The later date of the comparison (YYYY-MM-DD).',
  dryRun: 'True when nothing was written (a dry run).',
  entries: 'Each entry of the document, as read and matched.',
  warnings: 'What the importer noticed but did not refuse.',
  line: 'The line of the document (1-based).',
  message: 'What was noticed, in words.',
  number: "The entry's number as printed.",
  match: 'How the entry was matched to an organization.',
  valid: 'True when every check passed.',
  checkedAt: 'When the check ran (UTC, ISO 8601).',
  problems: 'What failed, in order; empty when valid.',
  firstBadSeq: 'The first event that fails; null when valid.',
  checkpointLength: 'Events the checkpoint covered.',
  currentLength: 'Events the chain has now.',
  detail: 'What is wrong, in words.',
  requestId: 'The request id: the server log line of this request carries it.',
  errors: 'Each offending field of the request.',
  resource: 'The kind of resource: `organization`, `statement` or `signature`.',
  checked: 'How many were checked.',
  broken: 'Those that failed, with why.',
  histories: 'The revision histories of organizations, statements and signatures.',
  statements: "The statements' event chains.",
  keys: 'The public keys (JWK) that verify checkpoints, current and retired.',
  format: 'Version of the format.',
  'Problem.title': 'A short summary of the problem type (the HTTP status text).',
  'Problem.status': 'The HTTP status code.',
  'Problem.detail': 'What went wrong with this request, in words.',
  'Health.status': '`ok` when the service and its database answer.',
  'ApiKey.name': "The key's name, unique: it identifies who made each change.",
  'CreatedApiKey.name': "The key's name, unique: it identifies who made each change.",
  'ServiceIndex.name': "The service's name.",
  'ServiceIndex.description': 'What the service does.',
  'ServiceIndex.docs': 'Interactive API documentation.',
  'ServiceIndex.openapi': 'The OpenAPI 3.1 document.',
  'ServiceIndex.statements': 'The statements.',
  'ServiceIndex.organizations': 'The organizations.',
  'ServiceIndex.health': 'Service health.',
  'ServiceIndex.jwks': 'The keys that verify checkpoints (JWKS).',
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describeProperties(component: string, schema: unknown): void {
  if (!isObject(schema)) return;
  if (isObject(schema['properties'])) {
    for (const [name, property] of Object.entries(schema['properties'])) {
      if (!isObject(property)) continue;
      const meaning = GLOSSARY[`${component}.${name}`] ?? GLOSSARY[name];
      if (meaning !== undefined && property['description'] === undefined && property['$ref'] === undefined)
        property['description'] = meaning;
      describeProperties(component, property);
    }
  }
  describeProperties(component, schema['items']);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const options = schema[key];
    if (Array.isArray(options)) options.forEach((option) => describeProperties(component, option));
  }
}

/** Gives every component property without a description its meaning from the glossary. */
export function describeComponents(doc: Json): void {
  const schemas = isObject(doc['components']) ? doc['components']['schemas'] : undefined;
  if (!isObject(schemas)) return;
  for (const [component, schema] of Object.entries(schemas)) describeProperties(component, schema);
}

/**
 * Examples taken from the sample, as the schemas' own `.meta({ examples })` give them: on the
 * component (JSON Schema `examples`) and on each request body that uses it, which is what
 * /docs puts in "Try it out". @fastify/swagger drops them from shared request schemas.
 */
export function exampleComponents(doc: Json, examplesOf: (component: string) => unknown[] | undefined): void {
  const schemas = isObject(doc['components']) ? doc['components']['schemas'] : undefined;
  if (!isObject(schemas)) return;
  for (const [component, schema] of Object.entries(schemas)) {
    const examples = examplesOf(component);
    if (isObject(schema) && examples && schema['examples'] === undefined) schema['examples'] = examples;
  }
  const paths = isObject(doc['paths']) ? Object.values(doc['paths']) : [];
  for (const operation of paths.flatMap((path) => (isObject(path) ? Object.values(path) : []))) {
    const content =
      isObject(operation) && isObject(operation['requestBody']) ? operation['requestBody']['content'] : undefined;
    if (!isObject(content)) continue;
    for (const media of Object.values(content)) {
      const ref = isObject(media) && isObject(media['schema']) ? media['schema']['$ref'] : undefined;
      const component = typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')] : undefined;
      const examples = isObject(component) ? component['examples'] : undefined;
      if (isObject(media) && Array.isArray(examples) && examples.length > 0 && media['example'] === undefined)
        media['example'] = examples[0];
    }
  }
}
